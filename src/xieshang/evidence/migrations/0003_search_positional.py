"""Search: a positional FTS5 index on SQLite (phrases answered by the engine) and per-case token counts."""

from collections import Counter
from typing import Any

import django.db.models.deletion
from django.db import migrations, models

END = "\ue000"
OLD_SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS evidence_fts_au",
    "DROP TRIGGER IF EXISTS evidence_fts_ad",
    "DROP TRIGGER IF EXISTS evidence_fts_ai",
    "DROP TABLE IF EXISTS evidence_fts",
]
# Frozen copies of the DDL (a migration must not change with the code).
SQLITE_DDL = [
    "CREATE VIRTUAL TABLE evidence_fts USING fts5(tokens, content='evidence_searchentry', "
    "content_rowid='record_id', tokenize='ascii', detail=full)",
    "CREATE TRIGGER evidence_fts_ad AFTER DELETE ON evidence_searchentry BEGIN "
    "INSERT INTO evidence_fts(evidence_fts, rowid, tokens) VALUES ('delete', old.record_id, old.tokens); END",
    "CREATE TRIGGER evidence_fts_au AFTER UPDATE ON evidence_searchentry BEGIN "
    "INSERT INTO evidence_fts(evidence_fts, rowid, tokens) VALUES ('delete', old.record_id, old.tokens); "
    "INSERT INTO evidence_fts(rowid, tokens) VALUES (new.record_id, new.tokens); END",
]
# No insert trigger: `search_entries_insert` writes the FTS rows itself. An FTS5 insert from a trigger
# runs in a statement savepoint, which flushes FTS5's pending terms to a new segment for every row (~8x
# slower than one executemany into the FTS table).
OLD_SQLITE_DDL = [
    SQLITE_DDL[0].replace("detail=full", "detail=none"),
    "CREATE TRIGGER evidence_fts_ai AFTER INSERT ON evidence_searchentry BEGIN "
    "INSERT INTO evidence_fts(rowid, tokens) VALUES (new.record_id, new.tokens); END",
    *SQLITE_DDL[1:],
]  # as in 0002


def _stream(runs: list[str]) -> str:
    if not runs:
        return ""
    joined = END.join(runs) + END
    chars = sorted(set(joined) - {END})
    return " ".join([*chars, *map(str.__add__, joined, joined[1:])])


def _counted(runs: list[str]) -> set[str]:
    """Unigrams, bigrams and the pairs with END (as `tokens.index_forms` counts them)."""
    if not runs:
        return set()
    joined = END.join(runs) + END
    return (set(joined) - {END}) | set(map(str.__add__, joined, joined[1:]))


def _distinct(runs: list[str]) -> set[str]:
    out: set[str] = set()
    for run in runs:
        out.update(run)
        out.update(map(str.__add__, run, run[1:]))
    return out


def forward(apps: Any, schema_editor: Any) -> None:
    """Rebuild the SQLite index as positional streams, and count the tokens of every case (both engines)."""
    connection = schema_editor.connection
    sqlite = connection.vendor == "sqlite"
    counts: Counter[tuple[int, str]] = Counter()
    with connection.cursor() as cursor:
        if sqlite:
            for statement in OLD_SQLITE_DROP + SQLITE_DDL[:1]:
                cursor.execute(statement)
        cursor.execute(
            "SELECT s.record_id, s.norm, r.case_id FROM evidence_searchentry s "
            "JOIN evidence_evidencerecord r ON r.id = s.record_id ORDER BY s.record_id"
        )
        rows = cursor.fetchall()
        updates = []
        for record_id, norm, case_id in rows:
            runs = norm.split(" ") if norm else []
            counts.update((case_id, token) for token in _counted(runs))
            if sqlite:
                updates.append((_stream(runs), record_id))
        if sqlite:
            cursor.executemany("UPDATE evidence_searchentry SET norm = '', tokens = %s WHERE record_id = %s", updates)
            cursor.execute("INSERT INTO evidence_fts(evidence_fts) VALUES ('rebuild')")
            for statement in SQLITE_DDL[1:]:
                cursor.execute(statement)
        cursor.executemany(
            "INSERT INTO evidence_searchtokencount (case_id, token, records) VALUES (%s, %s, %s)",
            [(case_id, token, n) for (case_id, token), n in counts.items()],
        )


def backward(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in OLD_SQLITE_DROP:
            cursor.execute(statement)
        cursor.execute("SELECT record_id, tokens FROM evidence_searchentry")
        updates = []
        for record_id, tokens in cursor.fetchall():
            pairs = [t for t in tokens.split(" ") if len(t) == 2]
            joined = "".join(pair[0] for pair in pairs)
            runs = [run for run in joined.split(END) if run]
            updates.append((" ".join(runs), " ".join(sorted(_distinct(runs))), record_id))
        cursor.executemany("UPDATE evidence_searchentry SET norm = %s, tokens = %s WHERE record_id = %s", updates)
        for statement in OLD_SQLITE_DDL:
            cursor.execute(statement)
        cursor.execute("INSERT INTO evidence_fts(evidence_fts) VALUES ('rebuild')")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_case_budget"),
        ("evidence", "0002_search_index"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchTokenCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=8)),
                ("records", models.PositiveBigIntegerField(default=0)),
                (
                    "case",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="cases.case"
                    ),
                ),
            ],
            options={
                "verbose_name": "search token count",
                "verbose_name_plural": "search token counts",
                "constraints": [
                    models.UniqueConstraint(fields=("case", "token"), name="evidence_token_count_unique")
                ],
            },
        ),
        migrations.RunPython(forward, backward),
    ]
