"""The full-text index: FTS5 on SQLite, a GIN index over the token array on PostgreSQL."""

from collections.abc import Callable
from typing import Any

from django.db import migrations

# Frozen copies of the DDL in xieshang.evidence.search (a migration must not change with the code).
SQLITE_DDL = [
    "CREATE VIRTUAL TABLE evidence_fts USING fts5(tokens, content='evidence_searchentry', "
    "content_rowid='record_id', tokenize='ascii', detail=none)",
    "CREATE TRIGGER evidence_fts_ai AFTER INSERT ON evidence_searchentry BEGIN "
    "INSERT INTO evidence_fts(rowid, tokens) VALUES (new.record_id, new.tokens); END",
    "CREATE TRIGGER evidence_fts_ad AFTER DELETE ON evidence_searchentry BEGIN "
    "INSERT INTO evidence_fts(evidence_fts, rowid, tokens) VALUES ('delete', old.record_id, old.tokens); END",
    "CREATE TRIGGER evidence_fts_au AFTER UPDATE ON evidence_searchentry BEGIN "
    "INSERT INTO evidence_fts(evidence_fts, rowid, tokens) VALUES ('delete', old.record_id, old.tokens); "
    "INSERT INTO evidence_fts(rowid, tokens) VALUES (new.record_id, new.tokens); END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS evidence_fts_au",
    "DROP TRIGGER IF EXISTS evidence_fts_ad",
    "DROP TRIGGER IF EXISTS evidence_fts_ai",
    "DROP TABLE IF EXISTS evidence_fts",
]
POSTGRES_DDL = [
    "CREATE INDEX evidence_search_gin ON evidence_searchentry "
    "USING gin (array_to_tsvector(string_to_array(tokens, ' ')))",
]
POSTGRES_DROP = ["DROP INDEX IF EXISTS evidence_search_gin"]


def _run(statements_by_vendor: dict[str, list[str]]) -> Callable[[Any, Any], None]:
    def apply(apps: Any, schema_editor: Any) -> None:
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [("evidence", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_DDL, "postgresql": POSTGRES_DDL}),
            _run({"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}),
        ),
    ]
