"""Search: count the Chinese phrases (three and four Han characters) of the records already indexed.

From then on the import counts them with the other tokens (`tokens.index_forms`, `search._insert_sqlite`),
so the total of a search for such a phrase is a lookup in `evidence_searchtokencount`.
"""

import re
from collections import Counter
from typing import Any

from django.db import migrations

# Frozen copies (a migration must not change with the code).
END = "\ue000"
HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]{3,}")
UPSERT = "ON CONFLICT (case_id, token) DO UPDATE SET records = evidence_searchtokencount.records + excluded.records"
CHUNK = 20_000


def _phrases(joined: str) -> set[str]:
    found: set[str] = set()
    for run in HAN_RUN.findall(joined):
        found.update(run[i : i + 3] for i in range(len(run) - 2))
        found.update(run[i : i + 4] for i in range(len(run) - 3))
    return found


def _joined(norm: str, tokens: str, sqlite: bool) -> str:
    """The record's runs, separated: SQLite keeps the positional stream, PostgreSQL the normalised text."""
    if not sqlite:
        return norm
    pairs = [t for t in tokens.split(" ") if len(t) == 2]
    return "".join(pair[0] for pair in pairs)


def forward(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    sqlite = connection.vendor == "sqlite"
    last = 0
    with connection.cursor() as cursor:
        while True:
            cursor.execute(
                "SELECT s.record_id, s.norm, s.tokens, r.case_id FROM evidence_searchentry s "
                "JOIN evidence_evidencerecord r ON r.id = s.record_id WHERE s.record_id > %s "
                "ORDER BY s.record_id LIMIT %s",
                [last, CHUNK],
            )
            rows = cursor.fetchall()
            if not rows:
                return
            counts: Counter[tuple[int, str]] = Counter()
            for record_id, norm, tokens, case_id in rows:
                counts.update((case_id, phrase) for phrase in _phrases(_joined(norm, tokens, sqlite)))
                last = record_id
            cursor.executemany(
                f"INSERT INTO evidence_searchtokencount (case_id, token, records) VALUES (%s, %s, %s) {UPSERT}",
                [(case_id, token, n) for (case_id, token), n in counts.items()],
            )


def backward(apps: Any, schema_editor: Any) -> None:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, token FROM evidence_searchtokencount")
        ids = [row_id for row_id, token in cursor.fetchall() if len(token) >= 3 and HAN_RUN.fullmatch(token)]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cursor.execute(
                f"DELETE FROM evidence_searchtokencount WHERE id IN ({', '.join(['%s'] * len(chunk))})", chunk
            )


class Migration(migrations.Migration):
    dependencies = [("evidence", "0005_record_counterpart_key")]

    operations = [migrations.RunPython(forward, backward)]
