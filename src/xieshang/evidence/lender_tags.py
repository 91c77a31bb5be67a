"""Lender tags on the stored records of a case (Django): the case's tagger, and number association over
what is stored. The pure tagger and association are xieshang.core.lender_tags."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import Count, Q

from xieshang.core.lender_tags import LenderTag, LenderTagger, TagRow, associate_by_number
from xieshang.evidence.models import EvidenceRecord
from xieshang.knowledge import lenders


def case_tagger(debts: Iterable[tuple[int, str]]) -> LenderTagger:
    """The tagger of a case's imports: its debts `(id, lender)` and the lender profiles."""
    return LenderTagger(debts, lenders)


_CHUNK = 500  # ids per UPDATE
KEY_PAGE = 500  # numbers asked of the database at once
ROW_BUDGET = 10_000  # records loaded at once: memory is bounded by this, not by the case


def lender_tags_propagate(case: Any, *, source: Any = None) -> int:
    """Number association over the stored records of `case` (Django): every untagged record from a
    number that another record ties to a lender takes that lender and debt. Call it after each imported
    file, inside its transaction, with `source` = that file: only its numbers can need work (each earlier
    call left none), and the records of those numbers from every file of the case are considered. Returns
    the number of records tagged.

    The database finds the numbers that have both a source (a tagged record the number sent or placed) and
    an untagged record (`EvidenceRecord.counterpart_key`, indexed with the case and time). Their records
    are loaded at most `ROW_BUDGET` at a time: several small numbers together, or one big number in
    windows of time, each window with the nearest source before and after it — the result is the same as
    `associate_by_number` over the whole case."""
    outgoing = EvidenceRecord.Direction.OUTGOING
    records = EvidenceRecord.objects.filter(case=case).exclude(counterpart_key="")
    records = records.exclude(kind=EvidenceRecord.Kind.ATTACHMENT)
    numbers = records
    if source is not None:
        in_file = EvidenceRecord.objects.filter(case=case, source_file=source).values("counterpart_key")
        numbers = numbers.filter(counterpart_key__in=in_file)
    work = (
        numbers.values("counterpart_key")
        .annotate(
            rows=Count("pk"),
            tagged=Count("pk", filter=~Q(lender="") & ~Q(direction=outgoing)),
            untagged=Count("pk", filter=Q(lender="")),
        )
        .filter(tagged__gt=0, untagged__gt=0)
        .order_by("counterpart_key")
    )
    written = 0
    batch: list[str] = []
    batch_rows = 0
    last: str | None = None
    while True:  # pages of numbers by key (each page a fresh query: no cursor stays open across the writes)
        page_query = work if last is None else work.filter(counterpart_key__gt=last)
        page = list(page_query.values_list("counterpart_key", "rows")[:KEY_PAGE])
        for key, count in page:
            if count > ROW_BUDGET:
                written += _propagate_number(records, key, outgoing)
                continue
            if batch and batch_rows + count > ROW_BUDGET:
                written += _write(
                    associate_by_number(_rows(records.filter(counterpart_key__in=batch), outgoing))
                )
                batch, batch_rows = [], 0
            batch.append(key)
            batch_rows += count
        if len(page) < KEY_PAGE:
            break
        last = page[-1][0]
    if batch:
        written += _write(associate_by_number(_rows(records.filter(counterpart_key__in=batch), outgoing)))
    return written


_FIELDS = ("id", "counterpart", "timestamp", "lender", "debt_id", "direction")


def _rows(query: Any, outgoing: str) -> list[TagRow]:
    return [
        TagRow(pk, counterpart, when, lender, debt_id, direction == outgoing)
        for pk, counterpart, when, lender, debt_id, direction in query.values_list(*_FIELDS)
    ]


def _propagate_number(records: Any, key: str, outgoing: str) -> int:
    """One number with more than `ROW_BUDGET` records, in windows of time (a window never splits an
    instant). An untagged record's nearest sources are in its window or the nearest one on either side of
    it: the last source of the earlier windows (kept from before their records were tagged) and the first
    source after the window (not yet touched)."""
    of_number = records.filter(counterpart_key=key).order_by("timestamp", "id")
    before: TagRow | None = None
    written = 0
    last: datetime | None = None
    while True:
        rows = _rows(
            (of_number if last is None else of_number.filter(timestamp__gt=last))[:ROW_BUDGET], outgoing
        )
        if not rows:
            return written
        complete = len(rows) < ROW_BUDGET
        if not complete:  # drop the last instant (its records may go on past the window) ...
            edge = rows[-1].timestamp
            rows = [r for r in rows if r.timestamp != edge] or _rows(
                of_number.filter(timestamp=edge), outgoing
            )
        last = rows[-1].timestamp  # ... unless it is all the window holds: then the window is that instant
        after = None
        if not complete:
            nxt = of_number.filter(timestamp__gt=last).exclude(lender="").exclude(direction=outgoing)
            after = next(iter(_rows(nxt[:1], outgoing)), None)
        sources = [r for r in rows if r.lender and not r.outgoing]
        edges = [s for s in (before, after) if s is not None]
        written += _write(associate_by_number([*rows, *edges]))
        if sources:
            before = max(sources, key=lambda r: (r.timestamp, r.id))
        if complete:
            return written


def _write(found: dict[int, LenderTag]) -> int:
    by_tag: dict[LenderTag, list[int]] = defaultdict(list)
    for record_id, tag in found.items():
        by_tag[tag].append(record_id)
    for tag, ids in by_tag.items():
        for start in range(0, len(ids), _CHUNK):
            EvidenceRecord.objects.filter(pk__in=ids[start : start + _CHUNK]).update(
                lender=tag.lender[:100], debt_id=tag.debt_id
            )
    return len(found)
