"""What an import computes of each record before anything is written: pure Python, no Django, no I/O.

A `Preparer` turns parsed records into batches of prepared rows — the fingerprint (a message's identity
across files), the column values of its database row, its search forms, its attachments with their
digests — and counts the search tokens Python counts (SQLite counts the others itself). The import runs it
either in its own process (`evidence.pipeline`: parsing and preparing overlap the writing on another
core) or inline; the writer (`evidence.writer`) takes the batches the same way from both.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from functools import lru_cache, partial
from typing import Any

import orjson

from xieshang.core.lender_tags import LenderTagger, association_key
from xieshang.evidence import batchforms
from xieshang.evidence import tokens as tk
from xieshang.importers.base import Attachment, Record, RecordKind

BATCH_RECORDS = 5000
BATCH_BYTES = 32 * 1024 * 1024
COUNT_RECORDS = 50_000  # the counted tokens are handed over (and applied) at least this often

# A prepared record: (fingerprint, row, search forms, ((attachment, its sha256), ...), doc type).
# row: the values of ROW_COLUMNS; search forms: SQLite (positional stream,), PostgreSQL (norm, tokens).
Prepared = tuple[str, tuple[Any, ...], tuple[str, ...], tuple[tuple[Attachment, str], ...], str]
ROW_COLUMNS = (
    "kind, timestamp, direction, counterpart, counterpart_key, counterpart_name, text, position, "
    "external_id, fingerprint, meta, lender, debt_id"
)
ROW_TEXT = 6  # index of `text` in a row
NO_FORMS: tuple[str, ...] = ()  # search forms not made (yet): the writer makes them
ROW_COUNTERPART, ROW_NAME, ROW_META = 3, 5, 10


def _h(*parts: Any) -> str:
    """SHA-256 of the parts, each followed by U+001F (one hash call: the same digest as part by part)."""
    return hashlib.sha256(("\x1f".join(map(str, parts)) + "\x1f").encode("utf-8")).hexdigest()


def record_fingerprint(record: Record, source_sha256: str, attachment_shas: list[str]) -> str:
    """Identity of a message across files: the same message in two backups has the same fingerprint."""
    if record.external_id:
        return _h("id", record.kind, record.counterpart, record.external_id)
    when = record.timestamp.astimezone(UTC).isoformat()
    if record.kind in (RecordKind.RECORDING, RecordKind.DOCUMENT):
        return _h("file", record.kind, source_sha256, record.position)
    subject = str(record.meta.get("subject", ""))
    return _h(
        "msg", record.kind, when, record.direction, record.counterpart, subject, record.text, *attachment_shas
    )


def attachment_fingerprint(record_fingerprint_: str, sha256: str, n: int) -> str:
    return _h("att", record_fingerprint_, sha256, n)


_PLAIN = (str, int, float, bool, type(None))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def meta_of(record: Record) -> dict[str, Any]:
    """The stored details: the importer's meta as JSON values, and the message's status as `message_status`."""
    meta = record.meta
    if all(type(k) is str and type(v) in _PLAIN for k, v in meta.items()):
        out = dict(meta)  # the common case, flat plain values: no copy per value
    else:
        out = _jsonable(dict(meta))
    if record.status:
        out["message_status"] = str(record.status)
    return out


def searchable_text(
    *, text: str, counterpart: str = "", counterpart_name: str = "", subject: str = ""
) -> str:
    """What a record is found by: its text, subject, counterpart name and number."""
    return "\n".join(part for part in (counterpart_name, counterpart, subject, text) if part)


_nfkc_part = lru_cache(maxsize=4096)(partial(unicodedata.normalize, "NFKC"))  # names, numbers: they repeat


def normalised_search_text(
    text: str, nfkc_text: str, *, counterpart: str = "", counterpart_name: str = "", subject: str = ""
) -> str:
    """`tokens.normalise(searchable_text(...))` from the text's NFKC form, made already: the parts are
    normalised apart and joined, which is the same — the U+000A that joins them is a character NFKC neither
    changes nor composes with a neighbour (each side is normalised alone), and it ends the one context
    `str.lower` reads (a final sigma)."""
    parts = [_nfkc_part(part) for part in (counterpart_name, counterpart, subject) if part]
    if text:
        parts.append(nfkc_text)
    return "\n".join(parts).lower()


def postgres_search_forms(text: str) -> tuple[tuple[str, str], set[str]]:
    """PostgreSQL's search forms of a text: (the normalised text, its distinct tokens), and every counted
    token. (SQLite's are made a batch at a time: `search_forms_many`, `batchforms`.)"""
    text_runs = tk.runs(text)
    counted = tk.index_forms(text_runs)[1]
    return (" ".join(text_runs), tk.tokens_of_runs(text_runs)), counted


def search_forms_many(postgres: bool, texts: list[str]) -> tuple[list[tuple[str, ...]], Counter[str]]:
    """What the search index stores of each text, and all their counted tokens counted (a token once per
    text holding it). SQLite: the positional streams, and the Chinese phrases (SQLite counts unigrams and
    bigrams itself), made for the whole list at once (`batchforms`); PostgreSQL: `postgres_search_forms`."""
    if not postgres:
        streams, counts = batchforms.streams_and_phrases(texts)
        return [(stream,) for stream in streams], counts
    forms: list[tuple[str, ...]] = []
    counts = Counter[str]()
    for text in texts:
        made, counted = postgres_search_forms(text)
        forms.append(made)
        counts.update(counted)
    return forms, counts


def row_search_text(row: tuple[Any, ...]) -> str:
    """The searchable text of a prepared row (its subject read back from the meta JSON)."""
    subject = ""
    if '"subject"' in row[ROW_META]:
        subject = str(json.loads(row[ROW_META]).get("subject", ""))
    return searchable_text(
        text=row[ROW_TEXT], counterpart=row[ROW_COUNTERPART], counterpart_name=row[ROW_NAME], subject=subject
    )


def _json(value: dict[str, Any]) -> str:
    """JSON text of the details (orjson: several times faster; the json module for what it refuses, such
    as an integer over 64 bits or a lone surrogate)."""
    try:
        return orjson.dumps(value).decode("utf-8")
    except TypeError:
        return json.dumps(value)


@dataclass
class PreparedBatch:
    records: list[Prepared]
    counted: Counter[str] | None = None  # the tokens counted since the last batch that carried them
    position: int = 0  # bytes of the file read when the batch was made (progress)
    records_read: int = 0  # records parsed so far in the file


@dataclass
class Preparer:
    """Batches of prepared records of one file. `sqlite_zone`: SQLite's stored times are naive text in this
    zone (Django's form); None (PostgreSQL) keeps aware datetimes."""

    tagger: LenderTagger
    source_sha256: str
    postgres: bool = False
    sqlite_zone: tzinfo | None = UTC
    # Of every 10 records, how many are left without search forms (NO_FORMS): the writer, in the other
    # process, makes those itself, so that both processes are busy (see pipeline.py).
    forms_left: int = 0
    _records: list[Prepared] = field(default_factory=list)
    _bytes: int = 0
    _counted: Counter[str] = field(default_factory=Counter)
    _uncounted: int = 0
    _read: int = 0
    _waiting: list[tuple[int, str]] = field(default_factory=list)  # (index in _records, normalised text)

    def __post_init__(self) -> None:
        self._number_key = lru_cache(maxsize=4096)(association_key)

    def time_value(self, value: datetime) -> Any:
        zone = self.sqlite_zone
        if zone is None:
            return value
        return str(value.astimezone(zone).replace(tzinfo=None))  # as Django's make_naive + str

    def row(self, record: Record, fingerprint: str, nfkc_text: str | None = None) -> tuple[Any, ...]:
        """The column values (ROW_COLUMNS) of a record's row (`nfkc_text`: the text's NFKC form, if made)."""
        text = record.text
        tag = None
        if record.kind != RecordKind.ATTACHMENT:
            tag = self.tagger.tag(record.counterpart, text, record.counterpart_name, nfkc_text=nfkc_text)
        counterpart = record.counterpart[:255]
        return (
            str(record.kind),
            self.time_value(record.timestamp),
            str(record.direction),
            counterpart,
            self._number_key(counterpart) or "",
            record.counterpart_name[:255],
            text,
            record.position[:120],
            record.external_id[:255],
            fingerprint,
            _json(meta_of(record)),
            tag.lender[:100] if tag else "",
            tag.debt_id if tag else None,
        )

    def add(self, record: Record) -> PreparedBatch | None:
        """Prepare one record; a batch when one is full."""
        self._read += 1
        attachments: tuple[tuple[Attachment, str], ...] = ()
        if record.attachments:
            attachments = tuple((a, hashlib.sha256(a.data).hexdigest()) for a in record.attachments)
            self._bytes += sum(len(a.data) for a in record.attachments)
        fp = record_fingerprint(record, self.source_sha256, [sha for _, sha in attachments])
        forms: tuple[str, ...] = NO_FORMS
        if self._read % 10 < self.forms_left:
            row = self.row(record, fp)
        elif self.postgres:
            row = self.row(record, fp)
            subject = str(record.meta.get("subject", "")) if record.meta else ""
            forms, counted = postgres_search_forms(
                searchable_text(
                    text=record.text,
                    counterpart=row[ROW_COUNTERPART],
                    counterpart_name=row[ROW_NAME],
                    subject=subject,
                ),
            )
            self._counted.update(counted)
        else:  # SQLite: the text normalised once (the lender tag and the search forms read it), the forms
            # made for the whole batch at once, in `take`
            nfkc_text = unicodedata.normalize("NFKC", record.text)
            row = self.row(record, fp, nfkc_text)
            subject = str(record.meta.get("subject", "")) if record.meta else ""
            norm = normalised_search_text(
                record.text,
                nfkc_text,
                counterpart=row[ROW_COUNTERPART],
                counterpart_name=row[ROW_NAME],
                subject=subject,
            )
            self._waiting.append((len(self._records), norm))
        doc_type = record.meta.get("doc_type") if record.meta else None
        self._records.append((fp, row, forms, attachments, str(doc_type)[:40] if doc_type else ""))
        self._bytes += len(record.text)
        if len(self._records) >= BATCH_RECORDS or self._bytes >= BATCH_BYTES:
            return self.take()
        return None

    def take(self, *, final: bool = False) -> PreparedBatch:
        """The records prepared since the last batch (and the counted tokens, at their interval or `final`)."""
        if self._waiting:
            records = self._records
            streams, counted = batchforms.streams_and_phrases(
                [norm for _, norm in self._waiting], normalised=True
            )
            for (i, _), stream in zip(self._waiting, streams, strict=True):
                fp, row, _, attachments, doc_type = records[i]
                records[i] = (fp, row, (stream,), attachments, doc_type)
            self._counted.update(counted)
            self._waiting = []
        batch = PreparedBatch(self._records, records_read=self._read)
        self._uncounted += len(self._records)
        if final or self._uncounted >= COUNT_RECORDS:
            batch.counted, self._counted, self._uncounted = self._counted, Counter(), 0
        self._records, self._bytes = [], 0
        return batch


def counted_of(postgres: bool, rows: Iterable[tuple[Any, ...]]) -> Counter[str]:
    """The counted tokens of prepared rows (those of duplicates, to take out of a batch's counts)."""
    return search_forms_many(postgres, [row_search_text(row) for row in rows])[1]


def positive(counts: Mapping[str, int]) -> list[tuple[str, int]]:
    return [(token, n) for token, n in counts.items() if n > 0]
