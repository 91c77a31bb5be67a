"""Records keep the number lender tags are carried by (`association_key(counterpart)`, '' when none), with an
index on (case, number key, time): number association then lets the database find the numbers that need
work and loads one slice of records at a time (lender_tags.py), instead of the whole case.

Existing records are filled in batches of `_BATCH` ids; reversing drops the column.
"""

from collections import defaultdict
from typing import Any

from django.db import migrations, models

from xieshang.core.lender_tags import association_key

_BATCH = 2000


def fill_counterpart_keys(apps: Any, schema_editor: Any) -> None:
    record_model = apps.get_model("evidence", "EvidenceRecord")
    records = record_model.objects.using(schema_editor.connection.alias)
    last = 0
    while True:
        batch = list(records.filter(pk__gt=last).order_by("pk").values_list("pk", "counterpart")[:_BATCH])
        if not batch:
            return
        last = batch[-1][0]
        by_key: dict[str, list[int]] = defaultdict(list)
        for pk, counterpart in batch:
            key = association_key(counterpart) or ""
            if key:
                by_key[key].append(pk)
        for key, ids in by_key.items():
            records.filter(pk__in=ids).update(counterpart_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_case_budget"),
        ("evidence", "0004_fts_automerge"),
    ]

    operations = [
        migrations.AddField(
            model_name="evidencerecord",
            name="counterpart_key",
            field=models.CharField(blank=True, db_default="", default="", max_length=255),
        ),
        migrations.RunPython(fill_counterpart_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="evidencerecord",
            index=models.Index(
                fields=["case", "counterpart_key", "timestamp"], name="evidence_rec_case_numkey"
            ),
        ),
    ]
