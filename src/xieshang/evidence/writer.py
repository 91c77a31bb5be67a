"""Writes the records of one file in batches: dedupe, lender tags, attachments, search entries.

Memory stays flat in the file's size: a batch is written and forgotten; duplicates across batches are
found in the database (the earlier batches are already there, in the same transaction).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from django.conf import settings
from django.db import connection

from xieshang.cases.models import Case
from xieshang.core.lender_tags import LenderTagger, association_key
from xieshang.evidence import store
from xieshang.evidence.models import EvidenceFile, EvidenceRecord
from xieshang.evidence.search import (
    search_counts_apply,
    search_counts_reset,
    search_entries_insert,
    searchable_text,
)
from xieshang.importers.base import Attachment, Importer, Record, RecordKind

BATCH_RECORDS = 5000
BATCH_BYTES = 32 * 1024 * 1024
COUNT_RECORDS = 50_000  # the token counts waiting in SQLite's scratch index are added at least this often
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_display_name(name: str, fallback: str = "attachment") -> str:
    """A name for display only (never a path): the last path component, no control characters."""
    last = PureWindowsPath(PurePosixPath(name).name).name
    cleaned = _CONTROL.sub("", last).strip().lstrip(".")
    return (cleaned or fallback)[:255]


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


_PLAIN = (str, int, float, bool, type(None))


def _jsonable_meta(meta: Any) -> dict[str, Any]:
    """The record's details as JSON values (the common case, flat plain values, without a copy per value)."""
    if all(type(k) is str and type(v) in _PLAIN for k, v in meta.items()):
        return dict(meta)
    result: dict[str, Any] = _jsonable(dict(meta))
    return result


def _meta_of(record: Record) -> dict[str, Any]:
    """The stored details: the importer's meta, and the message's status as `message_status`."""
    meta = _jsonable_meta(record.meta)
    if record.status:
        meta["message_status"] = str(record.status)
    return meta


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


class RecordWriter:
    def __init__(
        self,
        *,
        case: Case,
        source: EvidenceFile,
        importer: Importer,
        tagger: LenderTagger,
        now: datetime,
    ) -> None:
        self.case, self.source, self.importer, self.tagger, self.now = case, source, importer, tagger, now
        self.pending: list[tuple[Record, list[EvidenceFile]]] = []
        self.pending_bytes = 0
        self.counts: dict[str, int] = {}
        self.duplicates = 0
        self.attachment_shas: list[str] = []
        self.doc_types: set[str] = set()
        self._attachment_files: dict[str, EvidenceFile] = {}
        self._ops = connection.ops
        self._now_db = self._ops.adapt_datetimefield_value(now)
        self._adapt_time = _time_adapter()
        self._uncounted = 0
        self._phrases: Counter[str] = Counter()  # counts waiting for search_counts_apply
        self._number_key = lru_cache(maxsize=4096)(association_key)
        search_counts_reset()

    @property
    def created(self) -> int:
        return sum(self.counts.values())

    def add(self, record: Record) -> None:
        if record.attachments:
            files = [self._store_attachment(a) for a in record.attachments]
            self.pending_bytes += sum(len(a.data) for a in record.attachments)
        else:
            files = []
        self.pending.append((record, files))
        self.pending_bytes += len(record.text)
        if len(self.pending) >= BATCH_RECORDS or self.pending_bytes >= BATCH_BYTES:
            self.flush()

    def _store_attachment(self, attachment: Attachment) -> EvidenceFile:
        sha, new = store.put_bytes(attachment.data)  # a new object is journalled by store.ImportSession
        known = self._attachment_files.get(sha)
        if known is not None:
            return known
        fields = {
            "size": len(attachment.data),
            "original_name": safe_display_name(attachment.filename),
            "content_type": attachment.content_type[:120],
            "importer_name": self.importer.name,
            "importer_version": self.importer.version,
            "imported_at": self.now,
            "imported_by": self.source.imported_by,
            "parent": self.source,
        }
        if connection.vendor == "sqlite":
            # The import's IMMEDIATE transaction holds the write lock: no race, so no savepoint (a
            # savepoint makes FTS5 flush its pending terms to a new segment). An object new to the store
            # has no file row yet (rows refer only to stored objects): no look-up.
            found = None if new else EvidenceFile.objects.filter(case=self.case, sha256=sha).first()
            file = found or EvidenceFile.objects.create(case=self.case, sha256=sha, **fields)
        else:
            file, _ = EvidenceFile.objects.get_or_create(case=self.case, sha256=sha, defaults=fields)
        if len(self._attachment_files) < 10_000:
            self._attachment_files[sha] = file
        self.attachment_shas.append(sha)
        return file

    def _row(
        self, record: Record, fingerprint: str, source_file_id: int, linked_record_id: int | None = None
    ) -> tuple[Any, ...]:
        """The column values of a new record, in `_COLUMNS` order after the id."""
        text = record.text
        tag = None
        if record.kind != RecordKind.ATTACHMENT:
            tag = self.tagger.tag(record.counterpart, text, record.counterpart_name)
        counterpart = record.counterpart[:255]
        return (
            self.case.pk,
            str(record.kind),
            self._adapt_time(record.timestamp),
            str(record.direction),
            counterpart,
            self._number_key(counterpart) or "",
            record.counterpart_name[:255],
            text,
            record.position[:120],
            record.external_id[:255],
            fingerprint,
            self._ops.adapt_json_value(_meta_of(record), None),
            source_file_id,
            self.importer.name,
            self.importer.version,
            tag.lender[:100] if tag else "",
            tag.debt_id if tag else None,
            linked_record_id,
            self._now_db,
        )

    def _insert(self, rows: list[tuple[Any, ...]]) -> list[int]:
        """Insert records in one executemany (ids allocated first, in this transaction); their ids."""
        if not rows:
            return []
        ids = allocate_record_ids(len(rows))
        with connection.cursor() as cursor:
            cursor.executemany(_INSERT_SQL, [(i, *row) for i, row in zip(ids, rows, strict=True)])
        return ids

    def _known(self, fingerprints: list[str]) -> set[str]:
        """Which of these fingerprints the case already holds (earlier files, earlier batches)."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT fingerprint FROM evidence_evidencerecord WHERE case_id = %s AND fingerprint IN "
                f"({', '.join(['%s'] * len(fingerprints))})",
                [self.case.pk, *fingerprints],
            )
            return {row[0] for row in cursor.fetchall()}

    def finish(self) -> None:
        """Write what is pending and the file's token counts (call once, at the end of the file)."""
        self.flush()
        search_counts_apply(self.case.pk, self._phrases)
        self._uncounted = 0

    def flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending, self.pending_bytes = self.pending, [], 0
        keyed: dict[str, tuple[Record, list[EvidenceFile]]] = {}
        for record, files in batch:
            fp = record_fingerprint(record, self.source.sha256, [f.sha256 for f in files])
            if fp in keyed:
                self.duplicates += 1
            else:
                keyed[fp] = (record, files)
        existing = self._known(list(keyed))
        self.duplicates += len(existing)
        fresh = [(fp, rec, files) for fp, (rec, files) in keyed.items() if fp not in existing]
        ids = self._insert([self._row(rec, fp, self.source.pk) for fp, rec, _ in fresh])
        entries: list[tuple[int, str]] = []
        links = []
        attachment_rows: list[tuple[Any, ...]] = []
        attachment_texts: list[str] = []
        through = EvidenceRecord.attachments.through
        counts = self.counts
        for rid, (fp, rec, files) in zip(ids, fresh, strict=True):
            kind = str(rec.kind)
            counts[kind] = counts.get(kind, 0) + 1
            doc_type = rec.meta.get("doc_type") if rec.meta else None
            if doc_type:
                self.doc_types.add(str(doc_type)[:40])
            subject = str(rec.meta.get("subject", "")) if rec.meta else ""
            entries.append(
                (
                    rid,
                    searchable_text(
                        text=rec.text,
                        counterpart=rec.counterpart[:255],
                        counterpart_name=rec.counterpart_name[:255],
                        subject=subject,
                    ),
                )
            )
            for n, (att, file) in enumerate(zip(rec.attachments, files, strict=True), start=1):
                links.append(through(evidencerecord_id=rid, evidencefile_id=file.pk))
                name = safe_display_name(att.filename)
                fake = Record(
                    kind=RecordKind.ATTACHMENT,
                    timestamp=rec.timestamp,
                    direction=rec.direction,
                    counterpart=rec.counterpart,
                    counterpart_name=rec.counterpart_name,
                    text=name,
                    position=f"{rec.position} / attachment {n}",
                    meta={"content_type": att.content_type, "sha256": file.sha256, "size": len(att.data)},
                )
                attachment_rows.append(self._row(fake, _h("att", fp, file.sha256, n), file.pk, rid))
                attachment_texts.append(name)
        if links:
            through.objects.bulk_create(links, ignore_conflicts=True)
        for rid, name in zip(self._insert(attachment_rows), attachment_texts, strict=True):
            counts["attachment"] = counts.get("attachment", 0) + 1
            entries.append((rid, searchable_text(text=name)))
        search_entries_insert(self.case.pk, entries, pending=self._phrases)
        self._uncounted += len(entries)
        if self._uncounted >= COUNT_RECORDS:  # memory stays flat: the scratch index never grows past this
            search_counts_apply(self.case.pk, self._phrases)
            self._uncounted = 0


_COLUMNS = (
    "id, case_id, kind, timestamp, direction, counterpart, counterpart_key, counterpart_name, text, position, "
    "external_id, fingerprint, meta, source_file_id, importer_name, importer_version, lender, debt_id, "
    "linked_record_id, imported_at"
)
_INSERT_SQL = f"INSERT INTO evidence_evidencerecord ({_COLUMNS}) VALUES ({', '.join(['%s'] * 20)})"


def _time_adapter() -> Callable[[datetime], Any]:
    """The database value of an aware time: SQLite's text form without Django's per-value checks."""
    adapt = connection.ops.adapt_datetimefield_value
    if connection.vendor != "sqlite" or not settings.USE_TZ:
        return adapt
    zone = connection.timezone

    def sqlite_time(value: datetime) -> Any:
        if value.tzinfo is None:
            return adapt(value)
        return str(value.astimezone(zone).replace(tzinfo=None))  # as Django's make_naive + str

    return sqlite_time


def allocate_record_ids(n: int) -> list[int]:
    """n new record ids. Call inside the import's transaction (SQLite: it holds the write lock)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT max(coalesce((SELECT max(id) FROM evidence_evidencerecord), 0), "
                "coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'evidence_evidencerecord'), 0))"
            )
            start = int(cursor.fetchone()[0]) + 1
            return list(range(start, start + n))
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence('evidence_evidencerecord', 'id')) FROM generate_series(1, %s)",
            [n],
        )
        return sorted(int(row[0]) for row in cursor.fetchall())
