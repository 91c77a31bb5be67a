"""Writes to the evidence vault go through these services (CLI, web upload, API and admin share them).

evidence_import(*, case, paths, user=None, progress=None, importers=None) -> ImportReport
    progress(path, bytes_read, size): while the file is hashed, again from 0 while it is copied into the
    store, and again while its records are read (each pass of a big file gets its own progress). A FIFO, socket or device inside a folder is skipped (listed in
    `ImportReport.skipped`, never opened); one named directly is refused as "not a regular file".
evidence_import_uploads(*, case, uploads, user=None) -> ImportReport
    the same import of files uploaded through a door (Django UploadedFile objects), from private temporary
    copies (see uploads.py) that are removed afterwards
evidence_search(*, query, user=None, case=None, kinds=(), date_from=None, date_to=None,
                counterpart="", lender="", limit=20, offset=0) -> SearchResult
evidence_verify() -> VerifyReport                        (see integrity.py)
evidence_file_open(*, user, case, sha256) -> (EvidenceFile, binary stream)   access-checked
evidence_deletion_request(*, case, sha256, user=None, reason="") -> LedgerEntry
evidence_annotate(*, record, note, user=None) -> LedgerEntry
evidence_export_log(*, case, description, sha256s, user=None) -> LedgerEntry
ledger_anchor(tsa_url=None) -> Anchor                      (see tsa.py)
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from xieshang.cases.access import case_get_for_user, cases_visible_to
from xieshang.cases.models import Case
from xieshang.cases.own_contacts import owner_ids
from xieshang.core.errors import InputError, NotFoundError
from xieshang.core.lender_tags import LenderTagger
from xieshang.evidence import pipeline, sources, store
from xieshang.evidence.digests import files_digest
from xieshang.evidence.intake import (
    CATEGORIES,
    FileReport,
    ImportReport,
    check,
    expand,
)
from xieshang.evidence.integrity import VerifyReport, evidence_verify
from xieshang.evidence.ledger import ledger_append
from xieshang.evidence.lender_tags import case_tagger, lender_tags_propagate
from xieshang.evidence.linking import link_recordings
from xieshang.evidence.models import EvidenceFile, EvidenceRecord, LedgerEntry
from xieshang.evidence.prepare import PreparedBatch
from xieshang.evidence.search import SearchFilters, SearchResult, search_records
from xieshang.evidence.tsa import ledger_anchor
from xieshang.evidence.uploads import uploads_as_files
from xieshang.evidence.writer import RecordWriter, preparer_settings, safe_display_name
from xieshang.importers.base import Importer, ImportFormatError, SourceContext

__all__ = [
    "ImportReport",
    "VerifyReport",
    "evidence_annotate",
    "evidence_deletion_request",
    "evidence_export_log",
    "evidence_file_open",
    "evidence_import",
    "evidence_import_uploads",
    "evidence_search",
    "evidence_verify",
    "ledger_anchor",
]

Progress = Callable[[Path, int, int], None]  # (file, bytes read, file size)
HEAD_BYTES = 64 * 1024
IMPORT_CACHE_KIB = 64 * 1024  # SQLite page cache during an import


def _detect(head: bytes, context: SourceContext, importers: Sequence[Importer] | None) -> Importer:
    found: Importer | None = None
    if importers is not None:
        found = next((imp for imp in importers if imp.sniff(head, context)), None)
    else:
        from xieshang.importers import registry  # type: ignore[attr-defined,unused-ignore]

        found = registry.detect(head, context)
    if found is None:
        raise InputError(
            f"无法识别文件格式：{context.path}", f"The format of this file is not recognised: {context.path}"
        )
    return found


def _format_error(path: Path, exc: Exception) -> InputError:
    if isinstance(exc, InputError):
        zh, en = exc.message_zh, exc.message_en
        if path.name not in en:
            zh, en = f"{path}：{zh}", f"{path}: {en}"
        return ImportFormatError(zh, en, data=exc.data)
    detail = f"{type(exc).__name__}: {exc}"[:300]
    return ImportFormatError(
        f"{path}：无法读取（{detail}），未保留该文件的任何内容。",
        f"{path}: could not be read ({detail}); nothing of this file was kept.",
    )


def _import_one(
    *,
    case: Case,
    path: Path,
    size: int,
    user: Any,
    progress: Progress | None,
    importers: Sequence[Importer] | None,
    tagger: LenderTagger,
    debts: Sequence[tuple[int, str]],
    session: store.ImportSession,
) -> FileReport:
    bytes_read = None if progress is None else (lambda done: progress(path, done, size))
    with store.progress_to(bytes_read):  # the hashing and the copy into the store
        return _import_checked(
            case=case,
            path=path,
            size=size,
            user=user,
            progress=progress,
            importers=importers,
            tagger=tagger,
            debts=debts,
            session=session,
        )


def _import_checked(
    *,
    case: Case,
    path: Path,
    size: int,
    user: Any,
    progress: Progress | None,
    importers: Sequence[Importer] | None,
    tagger: LenderTagger,
    debts: Sequence[tuple[int, str]],
    session: store.ImportSession,
) -> FileReport:
    sha = store.file_sha256(path)
    existing = EvidenceFile.objects.filter(case=case, sha256=sha).first()
    if existing is not None:
        return FileReport(str(path), sha, existing.importer_name, duplicate_file=True)
    mtime = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    context = SourceContext(
        path=path,
        size=size,
        mtime=mtime,
        default_timezone=settings.TIME_ZONE,
        owner_ids=owner_ids(case.own_contacts or ()),  # the borrower's own numbers/addresses: direction
    )
    with sources.open_source(path) as fh:
        head = fh.read(HEAD_BYTES)
    importer = _detect(head, context, importers)
    now = timezone.now()
    try:
        with transaction.atomic(), _import_cache():
            store.put_file(path, sha)  # a new object is journalled in the session
            source = EvidenceFile.objects.create(
                case=case,
                sha256=sha,
                size=size,
                original_name=safe_display_name(path.name, "file"),
                source_path=str(path.resolve()),
                mtime=mtime,
                importer_name=importer.name,
                importer_version=importer.version,
                imported_at=now,
                imported_by=user if getattr(user, "pk", None) else None,
            )
            writer = RecordWriter(
                case=case,
                source=source,
                importer=importer,
                tagger=tagger,
                now=now,
            )
            with _prepared_batches(
                importer, sha, size, context, writer, debts, parallel=importers is None
            ) as batches:
                for batch in batches:
                    writer.write(batch)
                    if progress is not None:
                        progress(path, batch.position, size)
            writer.finish()
            source.record_count = writer.created
            source.doc_type = ",".join(sorted(writer.doc_types))[:40]
            source.content_type = _content_type(writer)
            source.save(update_fields=["record_count", "doc_type", "content_type"])
            if {"call", "recording"} & set(writer.counts):
                link_recordings(case)
            lender_tags_propagate(case, source=source)  # number association, earlier and later files
            ledger_append(
                kind=LedgerEntry.Kind.IMPORT,
                case_name=case.name,
                now=now,
                data={
                    "file": sha,
                    "name": source.original_name,
                    "size": size,
                    "format": importer.name,
                    "importer_version": importer.version,
                    "records": writer.created,
                    "duplicates": writer.duplicates,
                    "attachments": sorted(set(writer.attachment_shas)),
                    "records_digest": writer.digest.hexdigest(),
                    "files_digest": files_digest(source.pk),
                    "by": getattr(user, "username", "") or "",
                },
            )
    except BaseException as exc:
        session.failed()  # its new objects go when the session ends, if nothing else refers to them
        if isinstance(exc, InputError | ValueError | LookupError | EOFError | SyntaxError):
            raise _format_error(path, exc) from exc
        raise
    if progress is not None:
        progress(path, size, size)
    return FileReport(
        str(path),
        sha,
        importer.name,
        records=writer.created,
        duplicates=writer.duplicates,
        counts=dict(writer.counts),
    )


@contextmanager
def _prepared_batches(
    importer: Importer,
    sha: str,
    size: int,
    context: SourceContext,
    writer: RecordWriter,
    debts: Sequence[tuple[int, str]],
    *,
    parallel: bool,
) -> Iterator[Iterator[PreparedBatch]]:
    """The file's records in prepared batches: from a child process for a big file (parsing overlaps the
    writing, see pipeline.py), else prepared here by the writer's own preparer."""
    threshold = int(settings.XIESHANG_IMPORT_PARALLEL_MIN_BYTES)
    with ExitStack() as stack:
        batches: Iterator[PreparedBatch] | None = None
        if parallel and 0 <= threshold <= size:
            try:
                batches = stack.enter_context(
                    pipeline.batches_in_child(
                        importer_name=importer.name,
                        path=store.object_path(sha),
                        context=context,
                        debts=debts,
                        source_sha256=sha,
                        settings=preparer_settings(),
                    )
                )
            except pipeline.ChildUnavailable:
                batches = None  # prepared here instead
        if batches is None:
            stream = stack.enter_context(store.open_object(sha))
            batches = pipeline.batches_inline(importer, stream, context, writer.preparer)
        yield batches


@contextmanager
def _older_objects_frozen() -> Iterator[None]:
    """Python's cycle collector leaves the objects older than the import alone (Django, modules…) while
    it runs: its full collections would otherwise walk them again and again (~10 % of a big import's
    time), then they are collected as before."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@contextmanager
def _import_cache() -> Iterator[None]:
    """SQLite: a bigger page cache while a file is written (its indexes' pages stay in memory), then back."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {before}")


def _content_type(writer: RecordWriter) -> str:
    kinds = set(writer.counts) - {"attachment"}
    return f"x-xieshang/{writer.importer.name}" if len(kinds) != 1 else f"x-xieshang/{next(iter(kinds))}"


def evidence_import(
    *,
    case: Case,
    paths: Iterable[Path | str],
    user: Any = None,
    progress: Progress | None = None,
    importers: Sequence[Importer] | None = None,
) -> ImportReport:
    """Import files into a case: all of them or nothing, in one transaction.

    Every path is checked first (exists, not empty, under XIESHANG_UPLOAD_MAX_BYTES): a bad one stops the
    run before anything is written. A file that fails while being read raises ImportFormatError naming
    the file and position, and nothing of the run is kept: the files before it are rolled back with it and
    their new objects leave the store (store.ImportSession). `importers` overrides detection.
    """
    files, skipped = expand(paths)
    if not files:
        raise InputError("没有要导入的文件。", "No files to import.")
    sizes = [check(p) for p in files]
    debts = list(case.debts.values_list("id", "lender"))
    tagger = case_tagger(debts)
    report = ImportReport(case=case.name, skipped=skipped)
    with store.ImportSession() as session:  # stale leftovers swept first; see store.py
        try:
            with transaction.atomic():  # each file is a savepoint inside: one bad file undoes the run
                for path, size in zip(files, sizes, strict=True):
                    with _older_objects_frozen():
                        one = _import_one(
                            case=case,
                            path=path,
                            size=size,
                            user=user,
                            progress=progress,
                            importers=importers,
                            tagger=tagger,
                            debts=debts,
                            session=session,
                        )
                    _add(report, one)
        except BaseException:
            session.failed()  # the objects of the files before the bad one go too
            raise
    return report


def evidence_import_uploads(*, case: Case, uploads: list[Any], user: Any = None) -> ImportReport:
    """Import uploaded files (web): copied under their own names into a private temporary folder, imported
    as `evidence_import` imports paths, and the copies removed whatever happens."""
    with uploads_as_files(uploads) as paths:
        return evidence_import(case=case, paths=paths, user=user)


def _add(report: ImportReport, one: FileReport) -> None:
    report.files.append(one)
    if one.duplicate_file:
        report.duplicates_skipped += 1
        return
    report.duplicates_skipped += one.duplicates
    for kind, count in one.counts.items():
        report.imported[CATEGORIES[kind]] += count


def evidence_search(
    *,
    query: str,
    user: Any = None,
    case: Case | None = None,
    kinds: Sequence[str] = (),
    date_from: date | None = None,
    date_to: date | None = None,
    counterpart: str = "",
    lender: str = "",
    limit: int = 20,
    offset: int = 0,
) -> SearchResult:
    """Search the records of one case, or of every case the user may see (user None: every case)."""
    unknown = set(kinds) - set(EvidenceRecord.Kind.values)
    if unknown:
        raise InputError(f"未知的记录类型：{sorted(unknown)}", f"Unknown record kinds: {sorted(unknown)}")
    if date_from and date_to and date_from > date_to:
        raise InputError("起始日期晚于结束日期。", "The start date is after the end date.")
    case_ids: list[int] | None
    if case is not None:
        if user is not None:
            case_get_for_user(user, pk=case.pk)
        case_ids = [case.pk]
    elif user is not None:
        case_ids = list(cases_visible_to(user).values_list("pk", flat=True))
    else:
        case_ids = None
    filters = SearchFilters(
        case_ids=case_ids,
        kinds=tuple(kinds),
        date_from=date_from,
        date_to=date_to,
        counterpart=counterpart,
        lender=lender,
    )
    return search_records(query, filters, limit=limit, offset=offset)


def evidence_file_open(*, user: Any, case: Case, sha256: str) -> tuple[EvidenceFile, IO[bytes]]:
    """The stored original and an open binary stream of it (close it), or NotFoundError for anyone else."""
    visible = case_get_for_user(user, pk=case.pk)
    file = EvidenceFile.objects.filter(case=visible, sha256=sha256.lower()).first()
    if file is None or not store.has_object(file.sha256):
        raise NotFoundError("没有找到这个证据文件。", "No such evidence file.")
    return file, store.object_path(file.sha256).open("rb")


@transaction.atomic
def evidence_deletion_request(*, case: Case, sha256: str, user: Any = None, reason: str = "") -> LedgerEntry:
    """Record a request to delete a file: the original stays; the request is flagged and logged."""
    file = EvidenceFile.objects.select_for_update().filter(case=case, sha256=sha256).first()
    if file is None:
        raise InputError(f"案件中没有该文件：{sha256}", f"No such file in the case: {sha256}")
    now = timezone.now()
    if file.deletion_requested_at is None:
        file.deletion_requested_at = now
        file.save(update_fields=["deletion_requested_at"])
    return ledger_append(
        kind=LedgerEntry.Kind.DELETION_REQUEST,
        case_name=case.name,
        now=now,
        data={"file": sha256, "reason": reason[:500], "by": getattr(user, "username", "") or ""},
    )


def evidence_annotate(*, record: EvidenceRecord, note: str, user: Any = None) -> LedgerEntry:
    """An annotation on a record, kept in the ledger (the record itself is never changed)."""
    if not note.strip():
        raise InputError("批注为空。", "The note is empty.")
    return ledger_append(
        kind=LedgerEntry.Kind.ANNOTATION,
        case_name=record.case.name,
        data={
            "record": record.pk,
            "fingerprint": record.fingerprint,
            "note": note[:2000],
            "by": getattr(user, "username", "") or "",
        },
    )


def evidence_export_log(
    *, case: Case, description: str, sha256s: Iterable[str], user: Any = None
) -> LedgerEntry:
    """Log an export (a dossier, a download): what left the vault, and which files."""
    return ledger_append(
        kind=LedgerEntry.Kind.EXPORT,
        case_name=case.name,
        data={
            "description": description[:500],
            "files": sorted(set(sha256s)),
            "by": getattr(user, "username", "") or "",
        },
    )
