"""Full-text search over evidence records, the same results on SQLite (FTS5) and PostgreSQL (GIN).

Semantics are in `tokens.py`: every query term must appear in the record's text. SQLite: each term is
an FTS5 phrase over the positional stream, exact by itself. PostgreSQL: the GIN index narrows to
candidates holding all of a term's unigrams/bigrams; terms it cannot decide alone are checked as
substrings of the normalised text. Hits come newest-imported first (highest id first): both engines
stream that order without sorting the whole match set. The total of a search for one counted token (one
character, two within a run, or three or four Han characters: `tokens.counted_token`) filtered at most by
case comes from the per-case token counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction

from xieshang.core.errors import InputError
from xieshang.evidence import tokens as tk
from xieshang.evidence.models import EvidenceRecord
from xieshang.evidence.prepare import positive, search_forms_many
from xieshang.evidence.prepare import searchable_text as searchable_text  # re-exported

MAX_LIMIT = 1000

# The index DDL lives in migration 0002_search_index.
PG_TSV = "array_to_tsvector(string_to_array(s.tokens, ' '))"


def search_entries_insert(
    case_id: int, rows: Sequence[tuple[int, str]], *, pending: Counter[str] | None = None
) -> None:
    """Index records of one case: (record id, searchable text) each; the per-case token counts follow.

    Runs inside the caller's transaction (or its own): the entries, the index and the counts together.
    `pending` (an import, batch by batch, inside one transaction): the counts wait — on SQLite the
    unigrams and bigrams in the connection's scratch index, the rest in `pending` — until
    `search_counts_apply(case_id, pending)`; call `search_counts_reset()` first.
    """
    if not rows:
        return
    postgres = connection.vendor != "sqlite"
    counts = Counter[str]() if pending is None else pending
    made, counted = search_forms_many(postgres, [text for _, text in rows])
    forms = [(rid, found) for (rid, _), found in zip(rows, made, strict=True)]
    counts.update(counted)
    with transaction.atomic(savepoint=False):
        if pending is None:
            search_counts_reset()
        search_forms_insert(forms)
        if pending is None:
            search_counts_apply(case_id, counts)


def search_forms_insert(rows: Sequence[tuple[int, tuple[str, ...]]]) -> None:
    """Write the search entries and index of records from their search forms (`prepare.search_forms`);
    on SQLite their unigrams and bigrams also go to the scratch count index (see `search_counts_apply`)."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor != "sqlite":
            cursor.executemany(
                "INSERT INTO evidence_searchentry (record_id, norm, tokens) VALUES (%s, %s, %s)",
                [(rid, norm, tokens) for rid, (norm, tokens) in rows],
            )
            return
        values = [(rid, stream) for rid, (stream,) in rows]  # rowid = record id
        cursor.executemany(
            "INSERT INTO evidence_searchentry (rowid, record_id, norm, tokens) VALUES (%s, %s, '', %s)",
            [(rid, rid, stream) for rid, stream in values],
        )
        # Directly, not by trigger: see migration 0003.
        cursor.executemany("INSERT INTO evidence_fts (rowid, tokens) VALUES (%s, %s)", values)
        cursor.executemany("INSERT INTO temp.evidence_count_fts (rowid, tokens) VALUES (%s, %s)", values)


def search_counts_reset() -> None:
    """Empty the scratch count index of this connection (SQLite; before deferred inserts)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            _scratch_reset(cursor)


def search_counts_apply(case_id: int, pending: Counter[str]) -> None:
    """Add the deferred token counts to the case's counts (SQLite: with those of its scratch index), then
    forget them. Counts of zero or less (a duplicate's tokens taken out) are skipped.

    On PostgreSQL the first call in a transaction takes the case's counts lock until the transaction ends: the
    writers of one case's counts (imports, batch by batch, then the lender tags of the case's earlier records;
    transcripts) take turns, and other cases' go on beside them. Side by side, two of them locked shared token
    rows crosswise and one ended in a deadlock (two workers importing into one case). SQLite writers take turns
    already."""
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            _scratch_apply(cursor, case_id)
        else:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended('xieshang_case_counts:' || %s, 0))", [case_id]
            )
        _counts_upsert(cursor, case_id, pending)
    pending.clear()


# A scratch FTS5 table of the connection (contentless, no positions) whose vocabulary counts, for each
# token, the rows holding it: SQLite counts the distinct tokens of records in C instead of Python sets.
_SCRATCH_DDL = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.evidence_count_fts USING fts5(tokens, tokenize='ascii', "
    "detail=none, content='', columnsize=0)",
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.evidence_count_vocab USING fts5vocab(temp, evidence_count_fts, row)",
]
_COUNT_UPSERT = "ON CONFLICT (case_id, token) DO UPDATE SET records = evidence_searchtokencount.records + excluded.records"


def _scratch_reset(cursor: Any) -> None:
    for statement in _SCRATCH_DDL:
        cursor.execute(statement)
    # Read once, then emptied: no merging of its segments while it fills.
    for option, value in (("automerge", 0), ("crisismerge", 200)):
        cursor.execute(
            f"INSERT INTO temp.evidence_count_fts (evidence_count_fts, rank) VALUES ('{option}', {value})"
        )
    cursor.execute("INSERT INTO temp.evidence_count_fts (evidence_count_fts) VALUES ('delete-all')")


def _scratch_apply(cursor: Any, case_id: int) -> None:
    cursor.execute(
        "INSERT INTO evidence_searchtokencount (case_id, token, records) "
        f"SELECT %s, term, doc FROM temp.evidence_count_vocab WHERE true {_COUNT_UPSERT}",
        [case_id],
    )
    cursor.execute("INSERT INTO temp.evidence_count_fts (evidence_count_fts) VALUES ('delete-all')")


def _counts_upsert(cursor: Any, case_id: int, counts: Counter[str]) -> None:
    cursor.executemany(
        f"INSERT INTO evidence_searchtokencount (case_id, token, records) VALUES (%s, %s, %s) {_COUNT_UPSERT}",
        [(case_id, token, n) for token, n in positive(counts)],
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
    offset: float | None = None  # a transcript segment: seconds into its recording where it starts

    @property
    def offset_label(self) -> str:
        """ "02:13" for a transcript segment, "" otherwise."""
        if self.offset is None:
            return ""
        from xieshang.asr.segments import format_offset

        return format_offset(self.offset)


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
    where, params, need_record = _filter_sql(filters)
    if connection.vendor == "sqlite":  # the phrases decide every term: no substring check
        match = " AND ".join(tk.fts_phrase(term) for term in terms)
        sql = "FROM evidence_fts f"
        if need_record:
            sql += " CROSS JOIN evidence_evidencerecord r ON r.id = f.rowid"
        return sql + " WHERE " + " AND ".join(["evidence_fts MATCH %s", *where]), [match, *params]
    all_tokens = list(dict.fromkeys(t for term in terms for t in term.tokens))
    checks = [term.text for term in terms if not term.exact]
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
        counted = _counted_total(terms, filters, cursor) if count else None
        if counted is not None and counted <= offset:
            return terms, counted, []  # nothing to list: no walk through the index for nothing
        cursor.execute(
            f"SELECT {col} {body} ORDER BY {col} DESC LIMIT %s OFFSET %s", [*params, limit, offset]
        )
        ids = [int(row[0]) for row in cursor.fetchall()]
        total = -1
        if counted is not None:
            total = counted
        elif count:
            if len(ids) < limit and (ids or offset == 0):
                total = offset + len(ids)
            else:
                cursor.execute(f"SELECT count(*) {body}", params)
                total = int(cursor.fetchone()[0])
    return terms, total, ids


def _counted_total(terms: list[tk.Term], filters: SearchFilters, cursor: Any) -> int | None:
    """The total of a one-token search filtered at most by case, from the per-case token counts."""
    token = tk.counted_token(terms[0]) if len(terms) == 1 else None
    if token is None:
        return None
    if filters.kinds or filters.date_from or filters.date_to or filters.counterpart or filters.lender:
        return None
    sql = "SELECT coalesce(sum(records), 0) FROM evidence_searchtokencount WHERE token = %s"
    params: list[Any] = [token]
    if filters.case_ids is not None:
        ids = [int(i) for i in filters.case_ids] or [-1]
        sql += f" AND case_id IN ({', '.join(['%s'] * len(ids))})"
        params.extend(ids)
    cursor.execute(sql, params)
    return int(cursor.fetchone()[0])


# What a hit shows (web page, CLI, API): the rest of the record, its case and file is loaded on access.
_HIT_FIELDS = (
    "kind", "timestamp", "direction", "counterpart", "counterpart_name", "text", "position", "lender", "meta",
    "case__name", "source_file__original_name", "source_file__sha256", "linked_record_id",
)  # fmt: skip


def search_records(query: str, filters: SearchFilters, *, limit: int = 20, offset: int = 0) -> SearchResult:
    terms, total, ids = search_ids(query, filters, limit=limit, offset=offset)
    records = EvidenceRecord.objects.select_related("case", "source_file").only(*_HIT_FIELDS).in_bulk(ids)
    offsets = _segment_offsets([rid for rid in ids if records[rid].kind == EvidenceRecord.Kind.TRANSCRIPT])
    hits = []
    for rid in ids:
        record = records[rid]
        text = record.text or " ".join(part for part in (record.counterpart_name, record.counterpart) if part)
        snip, spans = tk.snippet(text, terms)
        hits.append(SearchHit(record=record, snippet=snip, highlights=spans, offset=offsets.get(rid)))
    return SearchResult(query=query, total=total, hits=hits)


def _segment_offsets(ids: list[int]) -> dict[int, float]:
    """Where each transcript segment starts in its recording (seconds), from the segments' meta."""
    if not ids:
        return {}
    found = {}
    for rid, meta in EvidenceRecord.objects.filter(pk__in=ids).values_list("id", "meta"):
        start = meta.get("start") if isinstance(meta, dict) else None
        if isinstance(start, int | float):
            found[rid] = float(start)
    return found
