"""The content-addressed object store: `<root>/objects/ab/cdef…` named by the SHA-256 of the bytes.

Objects are written to a temporary file in the store, checked against the expected hash, flushed to
disk (fsync: the database commit that refers to an object never outlives it in a power cut), renamed
into place and made read-only; an existing object is never rewritten. Names that came from a source file never
become paths: only a validated hex digest does.

Sources are opened with `sources.open_source`: only a regular file is read (a FIFO, socket or device is refused
before a byte is read, so a pipe never blocks an import). `file_sha256` and `put_file` report progress.

Concurrent imports (CLI, web workers, threads) share objects. An `ImportSession` holds a shared lock
(`.objects.lock` beside `objects/`) while its transaction may reference objects, and journals (`tmp/journal-*`) every
object it creates before placing it. A failed import removes an object it created only under the exclusive
lock (no other import in flight) and only if no committed evidence file refers to it; if the lock is busy, its
journal stays and `sweep` (start of every import, and `verify`) finishes the job once no import is running. The
same sweep removes temporary files (`tmp/incoming-*`) and journals left by a killed import: all of them under
the exclusive lock, and any older than STALE_SECONDS otherwise. Removed objects were never vouched for by
the ledger (no committed import refers to them): nothing that was evidence is ever removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks (one import at a time there)
    fcntl = None  # type: ignore[assignment]

from django.conf import settings

from xieshang.core.errors import IntegrityError
from xieshang.evidence.bucket import Bucket, evidence_bucket
from xieshang.evidence.sources import open_source

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1024 * 1024
PROGRESS_BYTES = 8 * 1024 * 1024  # hashing and copying report progress at least this often
STALE_SECONDS = 3600  # a temporary file or journal this old belongs to no running import
_LOCK_NAME = ".objects.lock"
_CURRENT = threading.local()  # the ImportSession of this thread, if any (journals objects it creates)


def store_root() -> Path:
    return Path(settings.XIESHANG_EVIDENCE_ROOT)


def _objects() -> Path:
    return store_root() / "objects"


def _local(sha256: str) -> Path:
    """Where the object of this digest lives locally (the digest is validated: nothing else becomes a path)."""
    if not _HEX64.match(sha256):
        raise ValueError("not a SHA-256 hex digest")
    return _objects() / sha256[:2] / sha256[2:]


def object_path(sha256: str) -> Path:
    """The local file of the object, to read. With a bucket of record (evidence.bucket) the local folder is a
    cache: an object missing there is fetched from the bucket first and checked against its name."""
    path = _local(sha256)
    if not path.is_file():
        bucket = evidence_bucket()
        if bucket is not None and bucket.has(sha256):
            _fetch(bucket, sha256)
    return path


def has_object(sha256: str) -> bool:
    if _local(sha256).is_file():
        return True
    bucket = evidence_bucket()
    return bucket is not None and bucket.has(sha256)


def _fetch(bucket: Bucket, sha256: str) -> None:
    """Copy an object from the bucket into the local cache, checking the bytes against the name."""
    out, tmp = _tmp_file()
    try:
        with out:
            got = bucket.sha256(sha256, use=out.write)
            _sync(out)
        if got != sha256:
            raise IntegrityError(
                f"存储桶中的对象已被改动：{sha256}（请运行 xieshang verify）",
                f"the object in the bucket is altered: {sha256} (run xieshang verify)",
            )
        _place(tmp, sha256)
    finally:
        tmp.unlink(missing_ok=True)


def _upload(sha256: str) -> None:
    """With a bucket of record: the local object goes to the bucket too, before the import's transaction
    commits (the database never refers to an object the bucket lacks). Written once."""
    bucket = evidence_bucket()
    if bucket is not None:
        bucket.put(_local(sha256), sha256)


@contextlib.contextmanager
def progress_to(progress: Callable[[int], None] | None) -> Iterator[None]:
    """While inside, `file_sha256` and `put_file` of this thread report `progress(bytes_read)`."""
    outer = getattr(_CURRENT, "progress", None)
    _CURRENT.progress = progress
    try:
        yield
    finally:
        _CURRENT.progress = outer


def file_sha256(path: Path) -> str:
    """SHA-256 of a regular file (`open_source`), reporting progress (`progress_to`)."""
    progress = getattr(_CURRENT, "progress", None)
    with open_source(path) as fh:
        if progress is None:
            return hashlib.file_digest(fh, "sha256").hexdigest()
        digest = hashlib.sha256()
        _pump(fh, digest.update, progress)
        return digest.hexdigest()


def _pump(src: IO[bytes], use: Callable[[bytes], object], progress: Callable[[int], None] | None) -> int:
    """Read `src` to the end in chunks, handing each to `use`; progress(bytes_read) every PROGRESS_BYTES
    and at the end. Returns the bytes read."""
    done = reported = 0
    while chunk := src.read(_CHUNK):
        use(chunk)
        done += len(chunk)
        if progress is not None and done - reported >= PROGRESS_BYTES:
            progress(done)
            reported = done
    if progress is not None and done != reported:
        progress(done)
    return done


def _tmp_dir() -> Path:
    tmp_dir = store_root() / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    return tmp_dir


def _tmp_file() -> tuple[IO[bytes], Path]:
    tmp_dir = store_root() / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=tmp_dir, prefix="incoming-")
    return os.fdopen(fd, "wb"), Path(name)


def _sync(out: IO[bytes]) -> None:
    out.flush()
    os.fsync(out.fileno())


def _place(tmp: Path, sha256: str) -> bool:
    """Move a checked temporary file into place. False (and the temp removed) if it was already there."""
    target = _local(sha256)
    if target.is_file():
        tmp.unlink(missing_ok=True)
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(tmp, stat.S_IRUSR)  # read-only, and nobody else's (web.private)
    os.replace(tmp, target)
    return True


def put_file(source: Path, expected_sha256: str) -> bool:
    """Copy a file into the store. True if a new object was written, False if it was already stored.

    The copy is hashed as it is written: if the source changed since it was hashed, nothing is stored.
    An object already there is re-hashed first: records are read from the stored copy, so an altered
    copy stops the import (IntegrityError) rather than being read as if it were this file.
    """
    if _local(expected_sha256).is_file():
        _require_intact(expected_sha256, source.stat().st_size, source.name, source.name)
        _upload(expected_sha256)
        return False
    bucket = evidence_bucket()
    if bucket is not None and bucket.has(expected_sha256):
        _fetch(bucket, expected_sha256)  # checked against its name; records are read from this copy
        return False
    progress = getattr(_CURRENT, "progress", None)
    out, tmp = _tmp_file()
    digest = hashlib.sha256()

    def use(chunk: bytes) -> None:
        digest.update(chunk)
        out.write(chunk)

    try:
        with out, open_source(source) as src:
            _pump(src, use, progress)
            _sync(out)
        if digest.hexdigest() != expected_sha256:
            raise IntegrityError(
                f"文件在导入过程中被改动：{source.name}",
                f"the file changed while it was being imported: {source.name}",
            )
        _journal(expected_sha256)
        placed = _place(tmp, expected_sha256)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _upload(expected_sha256)
    return placed


def put_bytes(data: bytes, *, session: ImportSession | None = None) -> tuple[str, bool]:
    """Store bytes (an attachment). Returns (sha256, newly written). `session`: the import's, when called
    from another thread than the one that opened it (else this thread's)."""
    sha = hashlib.sha256(data).hexdigest()
    if _local(sha).is_file():
        if _local(sha).stat().st_size != len(data):  # a size check: attachments repeat often
            _require_intact(sha, len(data), "附件", "an attachment")
        _upload(sha)
        return sha, False
    bucket = evidence_bucket()
    if bucket is not None and bucket.has(sha):
        return sha, False  # fetched when it is read
    out, tmp = _tmp_file()
    try:
        with out:
            out.write(data)
            _sync(out)
        _journal(sha, session)
        placed = _place(tmp, sha)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _upload(sha)
    return sha, placed


def _require_intact(sha256: str, size: int, name_zh: str, name_en: str) -> None:
    problem = _local_check(sha256, size)
    if problem:
        raise IntegrityError(
            f"证据库中已有的 {name_zh} 副本已被改动（{problem}）：请先运行 xieshang verify。对象 {sha256}",
            f"the stored copy of {name_en} is altered ({problem}): run xieshang verify first. Object {sha256}",
        )


@contextlib.contextmanager
def open_object(sha256: str) -> Iterator[IO[bytes]]:
    with object_path(sha256).open("rb") as fh:
        yield fh


def remove_new_object(sha256: str) -> None:
    """Undo the write of an object created by an import that then failed (never for older objects).

    Only under the exclusive lock, after checking no committed evidence file refers to it: see
    `ImportSession` and `sweep`, which call this."""
    path = _local(sha256)
    with contextlib.suppress(FileNotFoundError):
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        path.unlink()


def object_check(sha256: str, size: int | None = None) -> str:
    """'' if the object is there and hashes to its name (and has the size), else what is wrong. With a bucket
    of record the bucket's object is re-hashed (and a cached local copy checked too)."""
    bucket = evidence_bucket()
    if bucket is None:
        return _local_check(sha256, size)
    stored = bucket.size(sha256)
    if stored is None:
        return "missing"
    if size is not None and stored != size:
        return "size differs"
    if bucket.sha256(sha256) != sha256:
        return "content altered"
    if _local(sha256).is_file():
        problem = _local_check(sha256, size)
        if problem:
            return f"cached copy {problem}"
    return ""


def _local_check(sha256: str, size: int | None = None) -> str:
    path = _local(sha256)
    if not path.is_file():
        return "missing"
    if size is not None and path.stat().st_size != size:
        return "size differs"
    if file_sha256(path) != sha256:
        return "content altered"
    return ""


# --- concurrent imports: the shared/exclusive lock, journals of created objects, the sweep ----------------


def _lock_file() -> IO[bytes]:
    store_root().mkdir(parents=True, exist_ok=True)
    return (store_root() / _LOCK_NAME).open("a+b")


def _try_exclusive(fh: IO[bytes]) -> bool:
    if fcntl is None:
        return True
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


@dataclass
class SweepReport:
    temp_files: list[str] = field(default_factory=list)  # stale tmp/incoming-* removed
    objects: list[str] = field(default_factory=list)  # orphan objects removed (created by failed imports)
    pending: list[str] = field(default_factory=list)  # journalled objects not yet decided (imports running)
    exclusive: bool = False  # no import was running: everything left over was dealt with

    def as_json(self) -> dict[str, object]:
        return {"temp_files_removed": len(self.temp_files), "orphan_objects_removed": list(self.objects)}


def _referenced(shas: Iterable[str]) -> set[str]:
    from xieshang.evidence.models import EvidenceFile  # the store itself stays free of the models

    wanted = sorted(set(shas))
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        part = wanted[start : start + 500]
        found.update(EvidenceFile.objects.filter(sha256__in=part).values_list("sha256", flat=True))
    return found


def _journal_shas(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="ascii", errors="replace").split()
    except OSError:
        return []
    return [line for line in lines if _HEX64.match(line)]


def _remove_unreferenced(shas: Iterable[str]) -> list[str]:
    """Under the exclusive lock: remove the objects no committed evidence file refers to."""
    candidates = sorted(set(shas))
    kept = _referenced(candidates)
    removed = [sha for sha in candidates if sha not in kept and _local(sha).exists()]
    for sha in removed:
        remove_new_object(sha)
    return removed


def sweep(now: float | None = None) -> SweepReport:
    """Clear what killed or failed imports left behind (see the module's docstring). Never blocks."""
    report = SweepReport()
    tmp_dir = store_root() / "tmp"
    if not tmp_dir.is_dir():
        report.exclusive = True
        return report
    cutoff = (time.time() if now is None else now) - STALE_SECONDS
    with _lock_file() as lock:
        report.exclusive = _try_exclusive(lock)
        journals: list[Path] = []
        for entry in sorted(tmp_dir.iterdir()):
            with contextlib.suppress(OSError):
                stale = report.exclusive or entry.lstat().st_mtime < cutoff
                if entry.name.startswith("journal-"):
                    if report.exclusive:
                        journals.append(entry)
                    else:
                        report.pending.extend(_journal_shas(entry))
                elif entry.name.startswith("incoming-") and stale:
                    entry.unlink()
                    report.temp_files.append(entry.name)
        if report.exclusive:
            shas = [sha for journal in journals for sha in _journal_shas(journal)]
            report.objects = _remove_unreferenced(shas)
            for journal in journals:
                journal.unlink(missing_ok=True)
    return report


def current_session() -> ImportSession | None:
    """The ImportSession this thread opened, if any."""
    return getattr(_CURRENT, "session", None)


def _journal(sha256: str, session: ImportSession | None = None) -> None:
    session = session or getattr(_CURRENT, "session", None)
    if session is not None:
        session.journal(sha256)


class ImportSession:
    """Held by an import while its transactions may refer to objects (`with ImportSession() as s:`).

    `journal(sha)` before an object is created; `failed()` after a transaction that created objects rolled
    back. On exit: a clean session drops its journal; a failed one removes its unreferenced objects if it can
    take the exclusive lock, else leaves its journal for `sweep`."""

    def __init__(self) -> None:
        self._lock: IO[bytes] | None = None
        self._journal: IO[str] | None = None
        self._journal_path: Path | None = None
        self._failed = False
        self._outer: ImportSession | None = None
        self._journal_lock = threading.Lock()
        self.swept = SweepReport()

    def __enter__(self) -> ImportSession:
        self.swept = sweep()
        self._lock = _lock_file()
        if fcntl is not None:
            fcntl.flock(self._lock.fileno(), fcntl.LOCK_SH)  # waits only while a sweep runs
        self._outer = getattr(_CURRENT, "session", None)
        _CURRENT.session = self
        return self

    def journal(self, sha256: str) -> None:
        with self._journal_lock:  # attachments are stored by several threads at once
            if self._journal is None:
                self._journal_path = _tmp_dir() / f"journal-{os.getpid()}-{uuid.uuid4().hex}"
                self._journal = self._journal_path.open("w", encoding="ascii")
            self._journal.write(sha256 + "\n")
            self._journal.flush()

    def failed(self) -> None:
        self._failed = True

    def __exit__(self, *exc: object) -> None:
        assert self._lock is not None
        _CURRENT.session = self._outer
        if self._journal is not None:
            self._journal.close()
        try:
            if self._journal_path is None:
                return
            if not self._failed:
                self._journal_path.unlink(missing_ok=True)
                return
            if fcntl is not None:
                fcntl.flock(self._lock.fileno(), fcntl.LOCK_UN)
            if _try_exclusive(self._lock):
                _remove_unreferenced(_journal_shas(self._journal_path))
                self._journal_path.unlink(missing_ok=True)
        finally:
            self._lock.close()
