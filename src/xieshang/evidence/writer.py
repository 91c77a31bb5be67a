"""Writes the records of one file in batches: dedupe, lender tags, attachments, search entries.

The records come prepared (`evidence.prepare`): from a process of their own that parses the file while
this one writes (`evidence.pipeline`), or prepared here, one by one (`add`). Memory stays flat in the
file's size: a batch is written and forgotten; duplicates across batches are found in the database (the
earlier batches are already there, in the same transaction).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from django.conf import settings
from django.db import connection

from xieshang.cases.models import Case
from xieshang.core.lender_tags import LenderTagger
from xieshang.evidence import store
from xieshang.evidence.digests import INSERTED_COLUMNS, RecordsDigest
from xieshang.evidence.models import EvidenceFile, EvidenceRecord
from xieshang.evidence.prepare import (
    ROW_TEXT,
    Prepared,
    PreparedBatch,
    Preparer,
    attachment_fingerprint,
    counted_of,
    record_fingerprint,
    row_search_text,
    search_forms_many,
    searchable_text,
)
from xieshang.evidence.search import (
    search_counts_apply,
    search_counts_reset,
    search_entries_insert,
    search_forms_insert,
)
from xieshang.importers.base import Attachment, Direction, Importer, Record, RecordKind

STORE_THREADS = 4  # attachments of a batch stored at once

__all__ = ["RecordWriter", "allocate_record_ids", "record_fingerprint", "safe_display_name"]

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_display_name(name: str, fallback: str = "attachment") -> str:
    """A name for display only (never a path): the last path component, no control characters."""
    last = PureWindowsPath(PurePosixPath(name).name).name
    cleaned = _CONTROL.sub("", last).strip().lstrip(".")
    return (cleaned or fallback)[:255]


def preparer_for(tagger: LenderTagger, source_sha256: str) -> Preparer:
    """The preparer of a file's records for this connection's database."""
    return Preparer(tagger=tagger, source_sha256=source_sha256, **preparer_settings())


def preparer_settings() -> dict[str, Any]:
    """How rows are prepared for this connection's database (picklable: a preparing process gets them)."""
    if connection.vendor == "sqlite":
        if not settings.USE_TZ:
            raise RuntimeError("the evidence vault needs USE_TZ = True")
        return {"postgres": False, "sqlite_zone": connection.timezone}
    return {"postgres": True, "sqlite_zone": None}


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
        self.preparer = preparer_for(tagger, source.sha256)  # for records added here (`add`)
        self.postgres = self.preparer.postgres
        self.counts: dict[str, int] = {}
        self.duplicates = 0
        self.attachment_shas: list[str] = []
        self.doc_types: set[str] = set()
        self._attachment_files: dict[str, EvidenceFile] = {}
        self._constant = (  # case, then (after the source file) importer and time
            case.pk,
            importer.name,
            importer.version,
            connection.ops.adapt_datetimefield_value(now),
        )
        self._insert_sql = _insert_sql(self.postgres)
        self.digest = RecordsDigest(source.pk)  # the ledger's records_digest, batch by batch
        self._counted: Counter[str] = Counter()  # counted tokens of attachment records, waiting
        self._dropped: Counter[str] = Counter()  # counted tokens of duplicates, to take out
        search_counts_reset()

    @property
    def created(self) -> int:
        return sum(self.counts.values())

    def finish(self) -> None:
        """The file's last token counts (call once, after its last batch)."""
        self._apply(Counter())

    @contextmanager
    def _storing(self, records: list[Prepared]) -> Iterator[Callable[[], dict[str, bool]]]:
        """Store the attachments of a batch, several at once, while the block writes the batch's records
        (writing and fsync, or the upload to a bucket, wait on the disk or the network, not on Python);
        the callable waits for them: whether each digest was newly written. The block is left only when
        every one is done (or failed: what was created is journalled in the import's session)."""
        data = {sha: att.data for prepared in records for att, sha in prepared[3]}
        if not data:
            yield dict
            return
        session = store.current_session()  # journals what the threads create

        def put(sha: str) -> tuple[str, bool]:
            stored, new = store.put_bytes(data[sha], session=session)
            if stored != sha:  # the child's digest of the same bytes: never differs
                raise RuntimeError("attachment digest mismatch")
            return stored, new

        if len(data) == 1:
            written = dict(map(put, data))
            yield lambda: written
            return
        with ThreadPoolExecutor(max_workers=STORE_THREADS, thread_name_prefix="xieshang-store") as pool:
            futures = [pool.submit(put, sha) for sha in data]
            yield lambda: dict(future.result() for future in futures)

    def _store_attachment(self, attachment: Attachment, sha: str, written: dict[str, bool]) -> EvidenceFile:
        new = written[sha]
        written[sha] = False  # its file row exists from here on
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

    def _insert(
        self, rows: list[tuple[Any, ...]], attached: list[tuple[int, int]] | None = None
    ) -> list[int]:
        """Insert prepared rows in one executemany (ids allocated first, in this transaction); their ids.
        `attached`: for attachment records, (their file, the record they came with) each."""
        if not rows:
            return []
        ids = allocate_record_ids(len(rows))
        if attached is None:
            constant = (*self._constant[:1], self.source.pk, *self._constant[1:])
            values = [(i, *constant, None, *row) for i, row in zip(ids, rows, strict=True)]
        else:
            case_id, rest = self._constant[0], self._constant[1:]
            values = [
                (i, case_id, file_id, *rest, to, *row)
                for i, (file_id, to), row in zip(ids, attached, rows, strict=True)
            ]
        with connection.cursor() as cursor:
            cursor.executemany(self._insert_sql, values)
        if not self.postgres:  # PostgreSQL's are read back (jsonb keeps its own form of the details)
            self.digest.add_inserted(values)
        return ids

    def _known(self, fingerprints: list[str]) -> set[str]:
        """Which of these fingerprints the case already holds (earlier files, earlier batches)."""
        if not fingerprints:
            return set()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT fingerprint FROM evidence_evidencerecord WHERE case_id = %s AND fingerprint IN "
                f"({', '.join(['%s'] * len(fingerprints))})",
                [self.case.pk, *fingerprints],
            )
            return {row[0] for row in cursor.fetchall()}

    def write(self, batch: PreparedBatch) -> None:
        """Write a batch of prepared records: its duplicates skipped, its attachments stored and linked."""
        keyed: dict[str, int] = {}  # fingerprint → where its first record is in the batch
        dropped: list[Prepared] = []
        records = batch.records
        for i, prepared in enumerate(records):
            if prepared[0] in keyed:
                dropped.append(prepared)
            else:
                keyed[prepared[0]] = i
        with self._storing(records) as stored:  # the attachments are stored while the records are written
            existing = self._known(list(keyed))
            fresh = [i for fp, i in keyed.items() if fp not in existing]
            dropped.extend(records[keyed[fp]] for fp in existing)
            self.duplicates += len(dropped)
            counted = [prepared[1] for prepared in dropped if prepared[2]]
            if counted:  # their tokens were counted where they were prepared: taken out again
                self._dropped.update(counted_of(self.postgres, counted))
            ids = self._insert([records[i][1] for i in fresh])
            forms: list[tuple[int, tuple[str, ...]]] = []
            counts = self.counts
            left: list[int] = []  # where in `forms` the records left to this process (NO_FORMS) are
            for rid, i in zip(ids, fresh, strict=True):
                prepared = records[i]
                kind = prepared[1][0]
                counts[kind] = counts.get(kind, 0) + 1
                if prepared[4]:
                    self.doc_types.add(prepared[4])
                if not prepared[2]:
                    left.append(len(forms))
                forms.append((rid, prepared[2]))
            if left:  # NO_FORMS: made here, all at once
                texts = [row_search_text(records[fresh[n]][1]) for n in left]
                made, tokens = search_forms_many(self.postgres, texts)
                for n, forms_of in zip(left, made, strict=True):
                    forms[n] = (forms[n][0], forms_of)
                self._counted.update(tokens)
            search_forms_insert(forms)
            written = stored()
        # The attachments' file rows, in the batch's order (those of duplicates too, as they arrived).
        files = [
            [self._store_attachment(a, sha, written) for a, sha in p[3]] if p[3] else [] for p in records
        ]
        with_files = [(rid, records[i], files[i]) for rid, i in zip(ids, fresh, strict=True) if files[i]]
        last = self._attachments(with_files) if with_files else None
        if ids and self.postgres:
            self.digest.add_range(ids[0], last or ids[-1])
        if batch.counted is not None:
            self._apply(batch.counted)

    def _attachments(self, with_files: list[tuple[int, Any, list[EvidenceFile]]]) -> int | None:
        """The attachment records of new messages (one per file they carry), linked to their message; the
        last id written."""
        through = EvidenceRecord.attachments.through
        links, rows, attached = [], [], []
        for rid, (fp, row, _, attachments, _), files in with_files:
            for n, ((att, _), file) in enumerate(zip(attachments, files, strict=True), start=1):
                links.append(through(evidencerecord_id=rid, evidencefile_id=file.pk))
                name = safe_display_name(att.filename)
                fake = Record(
                    kind=RecordKind.ATTACHMENT,
                    timestamp=_aware(row[1]),
                    direction=Direction(row[2]),
                    counterpart=row[3],
                    counterpart_name=row[5],
                    text=name,
                    position=f"{row[7]} / attachment {n}",
                    meta={"content_type": att.content_type, "sha256": file.sha256, "size": len(att.data)},
                )
                rows.append(self.preparer.row(fake, attachment_fingerprint(fp, file.sha256, n)))
                attached.append((file.pk, rid))
        through.objects.bulk_create(links, ignore_conflicts=True)
        ids = self._insert(rows, attached)
        self.counts["attachment"] = self.counts.get("attachment", 0) + len(ids)
        entries = [(rid, searchable_text(text=row[ROW_TEXT])) for rid, row in zip(ids, rows, strict=True)]
        search_entries_insert(self.case.pk, entries, pending=self._counted)
        return ids[-1] if ids else None

    def _apply(self, counted: Counter[str]) -> None:
        """Add a batch's counted tokens (with those of attachment records, less those of duplicates)."""
        counted.update(self._counted)
        counted.subtract(self._dropped)
        self._counted.clear()
        self._dropped.clear()
        search_counts_apply(self.case.pk, counted)


def _aware(value: Any) -> datetime:
    """A prepared row's time back as an aware datetime (SQLite rows hold naive text in the connection's zone)."""
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(value).replace(tzinfo=connection.timezone)


def _insert_sql(postgres: bool) -> str:
    marks = ["%s::jsonb" if postgres and name == "meta" else "%s" for name in INSERTED_COLUMNS]
    return f"INSERT INTO evidence_evidencerecord ({', '.join(INSERTED_COLUMNS)}) VALUES ({', '.join(marks)})"


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
