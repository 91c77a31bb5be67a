"""Full-text search over evidence records, the same results on SQLite (FTS5) and PostgreSQL (GIN).

Semantics are in `tokens.py`: every query term must appear in the record's text. The index narrows to
candidates holding all of a term's unigrams/bigrams; terms the index cannot decide alone are checked as
substrings of the normalised text by the database. Hits come newest-imported first (highest id first):
both engines stream that order without sorting the whole match set.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection

from xieshang.core.errors import InputError
from xieshang.evidence import tokens as tk
from xieshang.evidence.models import EvidenceRecord

MAX_LIMIT = 1000

# The index DDL lives in migration 0002_search_index.
PG_TSV = "array_to_tsvector(string_to_array(s.tokens, ' '))"


def searchable_text(
    *, text: str, counterpart: str = "", counterpart_name: str = "", subject: str = ""
) -> str:
    """What a record is found by: its text, subject, counterpart name and number."""
    return "\n".join(part for part in (counterpart_name, counterpart, subject, text) if part)


def search_entry_values(searchable: str) -> tuple[str, str]:
    """(normalised text, tokens) of a record's searchable text."""
    text_runs = tk.runs(searchable)
    return " ".join(text_runs), tk.tokens_of_runs(text_runs)


def search_entries_insert(rows: Sequence[tuple[int, str]]) -> None:
    """Index records: (record id, searchable text) each (one executemany; the FTS triggers follow)."""
    values = [(rid, *search_entry_values(text)) for rid, text in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # rowid = record id: the substring check then finds the row in one B-tree seek (`s.rowid`).
            cursor.executemany(
                "INSERT INTO evidence_searchentry (rowid, record_id, norm, tokens) VALUES (%s, %s, %s, %s)",
                [(rid, rid, norm, tokens) for rid, norm, tokens in values],
            )
        else:
            cursor.executemany(
                "INSERT INTO evidence_searchentry (record_id, norm, tokens) VALUES (%s, %s, %s)", values
            )


@dataclass(frozen=True)
class SearchFilters:
    case_ids: Sequence[int] | None = None  # None: every case; []: none
    kinds: Sequence[str] = ()
    date_from: date | None = None  # inclusive, local days
    date_to: date | None = None  # inclusive
    counterpart: str = ""  # substring of the number / address
    lender: str = ""  # exact lender tag


@dataclass(frozen=True)
class SearchHit:
    record: EvidenceRecord
    snippet: str
    highlights: list[tuple[int, int]]


@dataclass(frozen=True)
class SearchResult:
    query: str
    total: int
    hits: list[SearchHit] = field(default_factory=list)


def _day_start(day: date) -> Any:
    zone = ZoneInfo(settings.TIME_ZONE)
    return connection.ops.adapt_datetimefield_value(datetime.combine(day, time.min, tzinfo=zone))


def _filter_sql(filters: SearchFilters) -> tuple[list[str], list[Any], bool]:
    """SQL conditions on the record table `r`, their parameters, and whether the join is needed."""
    where: list[str] = []
    params: list[Any] = []
    if filters.case_ids is not None:
        ids = [int(i) for i in filters.case_ids] or [-1]
        where.append(f"r.case_id IN ({', '.join(['%s'] * len(ids))})")
        params.extend(ids)
    if filters.kinds:
        where.append(f"r.kind IN ({', '.join(['%s'] * len(filters.kinds))})")
        params.extend(filters.kinds)
    if filters.date_from:
        where.append("r.timestamp >= %s")
        params.append(_day_start(filters.date_from))
    if filters.date_to:
        where.append("r.timestamp < %s")
        params.append(_day_start(filters.date_to + timedelta(days=1)))
    if filters.counterpart:
        where.append("r.counterpart LIKE %s")
        escaped = filters.counterpart.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params.append(f"%{escaped}%")
        where[-1] += " ESCAPE '\\'"
    if filters.lender:
        where.append("r.lender = %s")
        params.append(filters.lender)
    return where, params, bool(where)


def _build(terms: list[tk.Term], filters: SearchFilters) -> tuple[str, list[Any]]:
    """FROM … WHERE … for the matching record ids (column `rid`)."""
    all_tokens = list(dict.fromkeys(t for term in terms for t in term.tokens))
    checks = [term.text for term in terms if not term.exact]
    where, params, need_record = _filter_sql(filters)
    if connection.vendor == "sqlite":
        match = " AND ".join(f'"{t}"' for t in all_tokens)
        sql = "FROM evidence_fts f"
        if checks:
            sql += " CROSS JOIN evidence_searchentry s ON s.rowid = f.rowid"
        if need_record:
            sql += " CROSS JOIN evidence_evidencerecord r ON r.id = f.rowid"
        conds = ["evidence_fts MATCH %s"] + ["instr(s.norm, %s) > 0" for _ in checks] + where
        return sql + " WHERE " + " AND ".join(conds), [match, *checks, *params]
    tsquery = " & ".join(f"'{t}'" for t in all_tokens)
    sql = "FROM evidence_searchentry s"
    if need_record:
        sql += " JOIN evidence_evidencerecord r ON r.id = s.record_id"
    conds = [f"{PG_TSV} @@ %s::tsquery"] + ["strpos(s.norm, %s) > 0" for _ in checks] + where
    return sql + " WHERE " + " AND ".join(conds), [tsquery, *checks, *params]


def _id_column() -> str:
    return "f.rowid" if connection.vendor == "sqlite" else "s.record_id"


def search_ids(
    query: str, filters: SearchFilters, *, limit: int, offset: int = 0, count: bool = True
) -> tuple[list[tk.Term], int, list[int]]:
    terms = tk.parse_query(query)
    if not terms:
        raise InputError(
            "搜索词为空：请输入至少一个汉字、字母或数字。",
            "The query is empty: give at least one character, letter or digit.",
        )
    if not 0 < limit <= MAX_LIMIT or offset < 0:
        raise InputError(
            f"结果数须在 1 到 {MAX_LIMIT} 之间。", f"The limit must be between 1 and {MAX_LIMIT}."
        )
    body, params = _build(terms, filters)
    col = _id_column()
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {col} {body} ORDER BY {col} DESC LIMIT %s OFFSET %s", [*params, limit, offset]
        )
        ids = [int(row[0]) for row in cursor.fetchall()]
        total = -1
        if count:
            if len(ids) < limit and (ids or offset == 0):
                total = offset + len(ids)
            else:
                cursor.execute(f"SELECT count(*) {body}", params)
                total = int(cursor.fetchone()[0])
    return terms, total, ids


def search_records(query: str, filters: SearchFilters, *, limit: int = 20, offset: int = 0) -> SearchResult:
    terms, total, ids = search_ids(query, filters, limit=limit, offset=offset)
    records = EvidenceRecord.objects.select_related("case", "source_file").in_bulk(ids)
    hits = []
    for rid in ids:
        record = records[rid]
        text = record.text or " ".join(part for part in (record.counterpart_name, record.counterpart) if part)
        snip, spans = tk.snippet(text, terms)
        hits.append(SearchHit(record=record, snippet=snip, highlights=spans))
    return SearchResult(query=query, total=total, hits=hits)
