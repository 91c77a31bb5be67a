"""Writes the records of one file in batches: dedupe, lender tags, attachments, search entries.

Memory stays flat in the file's size: a batch is written and forgotten; duplicates across batches are
found in the database (the earlier batches are already there, in the same transaction).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from xieshang.cases.models import Case
from xieshang.evidence import store
from xieshang.evidence.lender_tags import LenderTagger
from xieshang.evidence.models import EvidenceFile, EvidenceRecord
from xieshang.evidence.search import search_entries_insert, searchable_text
from xieshang.importers.base import Attachment, Importer, Record, RecordKind

BATCH_RECORDS = 1000
BATCH_BYTES = 32 * 1024 * 1024
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_display_name(name: str, fallback: str = "attachment") -> str:
    """A name for display only (never a path): the last path component, no control characters."""
    last = PureWindowsPath(PurePosixPath(name).name).name
    cleaned = _CONTROL.sub("", last).strip().lstrip(".")
    return (cleaned or fallback)[:255]


def _h(*parts: Any) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(str(part).encode("utf-8"))
        digest.update(b"\x1f")
    return digest.hexdigest()


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
        on_new_object: Callable[[str], None],
    ) -> None:
        self.case, self.source, self.importer, self.tagger, self.now = case, source, importer, tagger, now
        self.on_new_object = on_new_object
        self.pending: list[tuple[Record, list[EvidenceFile]]] = []
        self.pending_bytes = 0
        self.counts: dict[str, int] = {}
        self.duplicates = 0
        self.attachment_shas: list[str] = []
        self.doc_types: set[str] = set()
        self._attachment_files: dict[str, EvidenceFile] = {}

    @property
    def created(self) -> int:
        return sum(self.counts.values())

    def add(self, record: Record) -> None:
        files = [self._store_attachment(a) for a in record.attachments]
        self.pending.append((record, files))
        self.pending_bytes += len(record.text) + sum(len(a.data) for a in record.attachments)
        if len(self.pending) >= BATCH_RECORDS or self.pending_bytes >= BATCH_BYTES:
            self.flush()

    def _store_attachment(self, attachment: Attachment) -> EvidenceFile:
        sha, new = store.put_bytes(attachment.data)
        if new:
            self.on_new_object(sha)
        known = self._attachment_files.get(sha)
        if known is not None:
            return known
        file, _ = EvidenceFile.objects.get_or_create(
            case=self.case,
            sha256=sha,
            defaults={
                "size": len(attachment.data),
                "original_name": safe_display_name(attachment.filename),
                "content_type": attachment.content_type[:120],
                "importer_name": self.importer.name,
                "importer_version": self.importer.version,
                "imported_at": self.now,
                "imported_by": self.source.imported_by,
                "parent": self.source,
            },
        )
        if len(self._attachment_files) < 10_000:
            self._attachment_files[sha] = file
        self.attachment_shas.append(sha)
        return file

    def _new_record(self, record: Record, fingerprint: str, **extra: Any) -> EvidenceRecord:
        text = record.text
        tag = None
        if record.kind != RecordKind.ATTACHMENT:
            tag = self.tagger.tag(record.counterpart, text, record.counterpart_name)
        return EvidenceRecord(
            case=self.case,
            kind=str(record.kind),
            timestamp=record.timestamp,
            direction=str(record.direction),
            counterpart=record.counterpart[:255],
            counterpart_name=record.counterpart_name[:255],
            text=text,
            position=record.position[:120],
            external_id=record.external_id[:255],
            fingerprint=fingerprint,
            meta=_jsonable(dict(record.meta)),
            importer_name=self.importer.name,
            importer_version=self.importer.version,
            lender=tag.lender[:100] if tag else "",
            debt_id=tag.debt_id if tag else None,
            imported_at=self.now,
            **extra,
        )

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
        existing = set(
            EvidenceRecord.objects.filter(case=self.case, fingerprint__in=list(keyed)).values_list(
                "fingerprint", flat=True
            )
        )
        self.duplicates += len(existing)
        fresh = [(fp, rec, files) for fp, (rec, files) in keyed.items() if fp not in existing]
        rows = EvidenceRecord.objects.bulk_create(
            [self._new_record(rec, fp, source_file=self.source) for fp, rec, _ in fresh]
        )
        entries: list[tuple[int, str]] = []
        links = []
        attachment_rows: list[EvidenceRecord] = []
        through = EvidenceRecord.attachments.through
        for row, (_, rec, files) in zip(rows, fresh, strict=True):
            self.counts[row.kind] = self.counts.get(row.kind, 0) + 1
            doc_type = rec.meta.get("doc_type")
            if doc_type:
                self.doc_types.add(str(doc_type)[:40])
            subject = str(rec.meta.get("subject", ""))
            entries.append(
                (
                    row.pk,
                    searchable_text(
                        text=row.text,
                        counterpart=row.counterpart,
                        counterpart_name=row.counterpart_name,
                        subject=subject,
                    ),
                )
            )
            for n, (att, file) in enumerate(zip(rec.attachments, files, strict=True), start=1):
                links.append(through(evidencerecord_id=row.pk, evidencefile_id=file.pk))
                fake = Record(
                    kind=RecordKind.ATTACHMENT,
                    timestamp=rec.timestamp,
                    direction=rec.direction,
                    counterpart=rec.counterpart,
                    counterpart_name=rec.counterpart_name,
                    text=safe_display_name(att.filename),
                    position=f"{rec.position} / attachment {n}",
                    meta={"content_type": att.content_type, "sha256": file.sha256, "size": len(att.data)},
                )
                attachment_rows.append(
                    self._new_record(
                        fake,
                        _h("att", fp_of(row), file.sha256, n),
                        source_file=file,
                        linked_record_id=row.pk,
                    )
                )
        through.objects.bulk_create(links, ignore_conflicts=True)
        created_att = EvidenceRecord.objects.bulk_create(attachment_rows)
        for row in created_att:
            self.counts[row.kind] = self.counts.get(row.kind, 0) + 1
            entries.append((row.pk, searchable_text(text=row.text)))
        search_entries_insert(entries)


def fp_of(row: EvidenceRecord) -> str:
    return row.fingerprint
