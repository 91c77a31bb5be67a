"""A case's revision: how many rows of its data the database has seen written, counted by the database itself.

Every table that holds a case's data — found from the models, not listed by hand: each model with a foreign
key to Case, or to a model that has one (a payment through its debt, an agreed payment through its
agreement, the links of a contact to its evidence) — carries a trigger that writes one `CaseChange` row for
each row inserted, updated or deleted. A case's revision is its number of such rows: it only grows, whoever
writes and however (a service, the admin, a bulk update, raw SQL, another server on the same database), so
a page kept for one revision (`xieshang.cases.kept_pages`) is never shown once anything on it has changed.

Counted rows rather than a counter on the case: a counter is one row that every writer of the case would
lock until it commits (two servers importing into one case would queue on it, or deadlock); inserted rows
lock nothing. A count, not the highest id: on PostgreSQL ids are handed out before commit, so a transaction
that commits late would add a lower id than one already visible, and the highest id would not move.

What is not counted (EXCLUDED): the rows an import writes by the hundred thousand — evidence records as they
are inserted or deleted, their attachment links, the search index's token counts. A record is only ever
inserted or deleted with its evidence file (an import, or a deletion, is all-or-nothing), and the file's row
is counted; a record changed afterwards (a transcript, a speaker) is counted.

The triggers are (re)made after every `migrate` (the post_migrate signal): SQLite drops a table's triggers
when a migration rebuilds the table, and a model added later gets its trigger without anyone listing it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connections
from django.db.models import Model

CHANGES_TABLE = "cases_casechange"
OPS = ("INSERT", "UPDATE", "DELETE")
# table -> the operations whose rows are not counted (see the module's docstring).
EXCLUDED: dict[str, frozenset[str]] = {
    "evidence_evidencerecord": frozenset({"INSERT", "DELETE"}),
    "evidence_evidencerecord_attachments": frozenset(OPS),
    "evidence_searchtokencount": frozenset(OPS),
}
PREFIX = "xs_change_"
IDS_PER_QUERY = 900


@dataclass(frozen=True)
class CaseTable:
    """A table of a case's data and how a row of it names its case: `column` of its own, or through
    `parent_table` (the row's `column` is the parent's `parent_pk`, whose `parent_column` is the case)."""

    table: str
    column: str
    parent_table: str | None = None
    parent_pk: str | None = None
    parent_column: str | None = None

    def case_of(self, row: str) -> str:
        """SQL for the case id of the trigger's NEW or OLD row."""
        own = f'{row}."{self.column}"'
        if self.parent_table is None:
            return own
        return f'(SELECT "{self.parent_column}" FROM "{self.parent_table}" WHERE "{self.parent_pk}" = {own})'

    @property
    def ops(self) -> tuple[str, ...]:
        excluded = EXCLUDED.get(self.table, frozenset())
        return tuple(op for op in OPS if op not in excluded)


def _case_fk(model: type[Model]) -> Any:
    from xieshang.cases.models import Case

    for field in model._meta.concrete_fields:
        if field.many_to_one and field.related_model is Case:
            return field
    return None


def case_tables() -> list[CaseTable]:
    """Every table of a case's data (a foreign key to Case, or to a model with one), from the models."""
    from xieshang.cases.models import Case, CaseChange

    found: list[CaseTable] = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if model in (Case, CaseChange) or meta.proxy or not meta.managed:
            continue
        direct = _case_fk(model)
        if direct is not None:
            found.append(CaseTable(meta.db_table, direct.column))
            continue
        for field in meta.concrete_fields:
            parent = field.related_model if field.many_to_one else None
            if parent is None or parent is model or isinstance(parent, str):
                continue
            via = _case_fk(parent)
            if via is not None:
                pmeta = parent._meta
                own = str(field.column)
                found.append(CaseTable(meta.db_table, own, pmeta.db_table, str(pmeta.pk.column), via.column))
                break
    return sorted(found, key=lambda t: t.table)


def _insert(table: CaseTable, row: str) -> str:
    return (
        f'INSERT INTO "{CHANGES_TABLE}" ("case_id") SELECT x FROM (SELECT {table.case_of(row)} AS x) AS c '
        "WHERE x IS NOT NULL;"
    )


def _sqlite_statements(table: CaseTable) -> list[str]:
    out = [f'DROP TRIGGER IF EXISTS "{PREFIX}{table.table}_{op.lower()}"' for op in OPS]
    for op in table.ops:
        rows = {"INSERT": ("NEW",), "UPDATE": ("OLD", "NEW"), "DELETE": ("OLD",)}[op]
        body = " ".join(_insert(table, row) for row in rows)
        out.append(
            f'CREATE TRIGGER "{PREFIX}{table.table}_{op.lower()}" AFTER {op} ON "{table.table}" '
            f"FOR EACH ROW BEGIN {body} END"
        )
    return out


def _postgres_statements(table: CaseTable) -> list[str]:
    name = f"{PREFIX}{table.table}"
    out = [f'DROP TRIGGER IF EXISTS "{name}" ON "{table.table}"']
    if not table.ops:
        return out
    ops = " ".join(table.ops)  # named in the body: a change of EXCLUDED is a new body (install_triggers)
    out.append(
        f'CREATE OR REPLACE FUNCTION "{name}"() RETURNS trigger LANGUAGE plpgsql AS $xs$ /* {ops} */ BEGIN '
        f"IF TG_OP <> 'INSERT' THEN {_insert(table, 'OLD')} END IF; "
        f"IF TG_OP <> 'DELETE' THEN {_insert(table, 'NEW')} END IF; "
        "RETURN NULL; END $xs$"
    )
    out.append(
        f'CREATE TRIGGER "{name}" AFTER {" OR ".join(table.ops)} ON "{table.table}" '
        f'FOR EACH ROW EXECUTE FUNCTION "{name}"()'
    )
    return out


def install_triggers(using: str = "default") -> int:
    """Make the triggers of every case table on the database `using`, unless it holds them already as wanted
    (each process start migrates: a schema written again at every start would change under the requests of the
    processes already serving); the number of tables."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    if CHANGES_TABLE not in existing:
        return 0
    postgres = connection.vendor == "postgresql"
    tables = [t for t in case_tables() if t.table in existing]
    wanted = [sql for t in tables for sql in (_postgres_statements(t) if postgres else _sqlite_statements(t))]
    if _held(using) != _definitions(wanted, postgres):
        with connection.cursor() as cursor:
            for sql in wanted:
                cursor.execute(sql)
    return len(tables)


def _definitions(wanted: list[str], postgres: bool) -> dict[str, str]:
    """What `_held` reads back once `wanted` has run: each trigger's name -> its CREATE statement (SQLite) or
    its function's body (PostgreSQL, where the trigger and its function share the name)."""
    if not postgres:
        return {sql.split('"')[1]: sql for sql in wanted if sql.startswith("CREATE TRIGGER")}
    bodies = {
        sql.split('"')[1]: sql.split("$xs$")[1] for sql in wanted if sql.startswith("CREATE OR REPLACE")
    }
    triggers = {sql.split('"')[1] for sql in wanted if sql.startswith("CREATE TRIGGER")}
    return {name: body for name, body in bodies.items() if name in triggers}


def _held(using: str = "default") -> dict[str, str]:
    """The change triggers the database holds: name -> CREATE statement (SQLite) or function body (PostgreSQL)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, p.prosrc FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
                "WHERE t.tgname LIKE %s",
                [PREFIX + "%"],
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [PREFIX + "%"]
            )
        return {name: definition for name, definition in cursor.fetchall()}


def installed_triggers(using: str = "default") -> set[str]:
    """The names of the change triggers the database holds."""
    return set(_held(using))


def on_post_migrate(using: str = "default", **_: Any) -> None:
    install_triggers(using)


def case_revisions(case_ids: Iterable[int], using: str = "default") -> dict[int, int]:
    """Each case's revision (0 for a case nothing has been counted for yet), one query per IDS_PER_QUERY cases."""
    ids: Sequence[int] = list(dict.fromkeys(case_ids))
    revisions = dict.fromkeys(ids, 0)
    if not ids:
        return revisions
    with connections[using].cursor() as cursor:
        for start in range(0, len(ids), IDS_PER_QUERY):  # under SQLite's limit of a query's parameters
            chunk = list(ids[start : start + IDS_PER_QUERY])
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f'SELECT "case_id", COUNT(*) FROM "{CHANGES_TABLE}" WHERE "case_id" IN ({marks}) '
                'GROUP BY "case_id"',
                chunk,
            )
            revisions.update({int(case_id): int(n) for case_id, n in cursor.fetchall()})
    return revisions
