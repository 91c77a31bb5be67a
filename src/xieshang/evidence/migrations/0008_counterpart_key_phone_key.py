"""The number key of stored records recomputed with the one phone key (xieshang.core.phone.phone_key):
`+86 10 …` landlines now meet their `010 …` form, a bare `86` before a short number is no longer taken
for the country code, another country's number keeps its `+`. Only the rows whose key changes are
written, in batches of `_BATCH` ids; nothing to undo (the old keys were a function of the same column).
"""

from collections import defaultdict
from typing import Any

from django.db import migrations

from xieshang.core.lender_tags import association_key

_BATCH = 2000


def recompute_counterpart_keys(apps: Any, schema_editor: Any) -> None:
    record_model = apps.get_model("evidence", "EvidenceRecord")
    records = record_model.objects.using(schema_editor.connection.alias)
    last = 0
    while True:
        batch = list(
            records.filter(pk__gt=last).order_by("pk").values_list("pk", "counterpart", "counterpart_key")[:_BATCH]
        )
        if not batch:
            return
        last = batch[-1][0]
        by_key: dict[str, list[int]] = defaultdict(list)
        for pk, counterpart, old in batch:
            key = association_key(counterpart) or ""
            if key != old:
                by_key[key].append(pk)
        for key, ids in by_key.items():
            records.filter(pk__in=ids).update(counterpart_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0007_transcripts"),
    ]

    operations = [
        migrations.RunPython(recompute_counterpart_keys, migrations.RunPython.noop),
    ]
