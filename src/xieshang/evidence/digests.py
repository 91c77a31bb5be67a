"""The digests an import entry of the ledger signs and `verify` recomputes: of the records an import created
(`records_digest`, built batch by batch while a file is imported by `RecordsDigest`), of a transcript's
segments (`records_digest_of`) and of the file rows (`files_digest`): canonical JSON, one line a row, the
same on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
import heapq
import re
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

import orjson
from django.db import connection
from django.db.models import Q
from django.utils.dateparse import parse_datetime

from xieshang.evidence.ledger import canonical_json
from xieshang.evidence.models import EvidenceFile, EvidenceRecord
from xieshang.evidence.prepare import ROW_COLUMNS

PREFIX = re.compile(r"^transcript:[0-9]+:$")  # the external ids of a transcript's segments

_DIGEST_FIELDS = (
    "id",
    "kind",
    "timestamp",
    "direction",
    "counterpart",
    "counterpart_name",
    "text",
    "position",
    "external_id",
    "fingerprint",
    "meta",
    "source_file_id",
    "importer_name",
    "importer_version",
    "imported_at",
)


_META = _DIGEST_FIELDS.index("meta")
_TIMESTAMP, _IMPORTED_AT = _DIGEST_FIELDS.index("timestamp"), _DIGEST_FIELDS.index("imported_at")
# The columns of the writer's INSERT (`writer._insert_sql`: the import's own, then a prepared row's), and
# where each digest field is among them.
INSERTED_COLUMNS = (
    "id", "case_id", "source_file_id", "importer_name", "importer_version", "imported_at", "linked_record_id",
    *ROW_COLUMNS.replace(" ", "").split(","),
)  # fmt: skip
INSERTED_DIGEST = itemgetter(*(INSERTED_COLUMNS.index(name) for name in _DIGEST_FIELDS))
_ROW_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_NAIVE_UTC  # times: ISO 8601, UTC, on both databases


def _query(sql: str, params: list[Any]) -> Iterator[tuple[Any, ...]]:
    with connection.chunked_cursor() as cursor:  # PostgreSQL: a server-side cursor (memory stays flat)
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(2000):
            yield from rows


def _digest_rows(source_file_id: int, first: int = 1, last: int | None = None) -> Iterator[tuple[Any, ...]]:
    """The immutable fields of the records an import created, in id order (those with ids in [first, last]
    when given): the file's own records and the attachment records of its messages (lender tags and call
    links change later: not included)."""
    table, cols = EvidenceRecord._meta.db_table, ", ".join(_DIGEST_FIELDS)
    within, bounds = "id >= %s", [first]
    if last is not None:
        within, bounds = "id BETWEEN %s AND %s", [first, last]
    own = _query(
        f"SELECT {cols} FROM {table} WHERE source_file_id = %s AND kind <> %s AND {within} ORDER BY id",
        [
            source_file_id,
            EvidenceRecord.Kind.TRANSCRIPT,
            *bounds,
        ],  # transcripts: vouched for by their own entry
    )
    attached = _query(
        f"SELECT {cols} FROM {table} WHERE kind = %s AND source_file_id <> %s AND {within} AND linked_record_id IN "
        f"(SELECT id FROM {table} WHERE source_file_id = %s) ORDER BY id",
        [EvidenceRecord.Kind.ATTACHMENT, source_file_id, *bounds, source_file_id],
    )
    return heapq.merge(own, attached, key=lambda row: row[0])


def _row_bytes(row: Sequence[Any]) -> bytes:
    """Canonical JSON of a row (sorted keys, compact, UTF-8); the same on SQLite and PostgreSQL."""
    values = list(row)
    if isinstance(values[_META], str):  # SQLite (and PostgreSQL via Django) hand JSON over as text
        values[_META] = orjson.loads(values[_META])
    try:
        return orjson.dumps(values, option=_ROW_OPTIONS)
    except TypeError:  # what orjson refuses (an integer over 64 bits, a lone surrogate): the json module
        values = [
            v.astimezone(UTC).isoformat() if isinstance(v, datetime) and v.tzinfo else v for v in values
        ]
        values = [v.replace(tzinfo=UTC).isoformat() if isinstance(v, datetime) else v for v in values]
        return canonical_json(values).encode("utf-8", "surrogatepass")


class RecordsDigest:
    """`records_digest` of a file built while it is imported, batch by batch (the import writes each
    batch's records, then their attachment records, under ids above every earlier batch's): each batch's
    rows are read back as they were written, in id order, and the digest is the one `records_digest`
    gives after the import — which `verify` recomputes from the database and compares."""

    def __init__(self, source_file_id: int) -> None:
        self.source_file_id = source_file_id
        self._digest = hashlib.sha256()
        self._last = 0

    def add_range(self, first: int, last: int) -> None:
        """The rows of the batch whose ids lie in [first, last] (ranges must come in increasing order)."""
        if first <= self._last:
            raise ValueError("record id ranges must increase")
        self._last = last
        update = self._digest.update
        for row in _digest_rows(self.source_file_id, first, last):
            update(_row_bytes(row) + b"\n")

    def add_inserted(self, values: Sequence[tuple[Any, ...]]) -> None:
        """SQLite: the rows of a batch as the writer inserted them (`INSERTED_DIGEST`: where each digest
        field is in an inserted row), in increasing id order: the same lines as reading them back with
        `add_range` — SQLite returns each value as bound, and the times as Django's converter parses the
        text (`parse_datetime`) — without the second read."""
        if not values:
            return
        if values[0][0] <= self._last:
            raise ValueError("record id ranges must increase")
        self._last = values[-1][0]
        update, pick = self._digest.update, INSERTED_DIGEST
        for inserted in values:
            row = list(pick(inserted))
            row[_TIMESTAMP] = parse_datetime(row[_TIMESTAMP])
            row[_IMPORTED_AT] = parse_datetime(row[_IMPORTED_AT])
            update(_row_bytes(row) + b"\n")

    def hexdigest(self) -> str:
        return "sha256:" + self._digest.hexdigest()


def records_digest(source_file_id: int) -> str:
    """`sha256:` over the canonical JSON (one line each) of the records an import of this file created."""
    return _hexdigest(_digest_rows(source_file_id))


def _hexdigest(rows: Iterator[tuple[Any, ...]]) -> str:
    digest = hashlib.sha256()
    for row in rows:
        digest.update(_row_bytes(row) + b"\n")
    return "sha256:" + digest.hexdigest()


def records_digest_of(external_prefix: str) -> str:
    """`sha256:` over the segment records of one transcript (external id "transcript:<id>:<n>"), id order."""
    if not PREFIX.match(external_prefix):  # digits only: nothing in it is a LIKE wildcard
        raise ValueError(f"not a transcript prefix: {external_prefix!r}")
    table, cols = EvidenceRecord._meta.db_table, ", ".join(_DIGEST_FIELDS)
    rows = _query(
        f"SELECT {cols} FROM {table} WHERE kind = %s AND external_id LIKE %s ORDER BY id",
        [EvidenceRecord.Kind.TRANSCRIPT, external_prefix + "%"],
    )
    return _hexdigest(rows)


# The fields of an evidence file row its integrity rests on (the file and the attachments it carries), as the
# import entry's `files_digest` signs them; the row's own checks against the entry's plain fields come first.
_FILE_FIELDS = (
    "id",
    "sha256",
    "size",
    "original_name",
    "source_path",
    "mtime",
    "importer_name",
    "importer_version",
    "imported_at",
    "parent__sha256",
)


def files_digest(source_file_id: int) -> str:
    """`sha256:` over the canonical JSON of the rows of a file and of the attachments it carries."""
    digest = hashlib.sha256()
    rows = (
        EvidenceFile.objects.filter(Q(pk=source_file_id) | Q(parent_id=source_file_id))
        .order_by("id")
        .values_list(*_FILE_FIELDS)
    )
    for row in rows:
        digest.update(orjson.dumps(list(row), option=_ROW_OPTIONS) + b"\n")
    return "sha256:" + digest.hexdigest()
