"""The content-addressed object store: `<root>/objects/ab/cdef…` named by the SHA-256 of the bytes.

Objects are written to a temporary file in the store, checked against the expected hash, flushed to
disk (fsync: the database commit that refers to an object never outlives it in a power cut), renamed
into place and made read-only; an existing object is never rewritten. Names that came from a source file never
become paths: only a validated hex digest does.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from django.conf import settings

from xieshang.core.errors import IntegrityError

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1024 * 1024


def store_root() -> Path:
    return Path(settings.XIESHANG_EVIDENCE_ROOT)


def _objects() -> Path:
    return store_root() / "objects"


def object_path(sha256: str) -> Path:
    """Where the object of this digest lives (the digest is validated: nothing else becomes a path)."""
    if not _HEX64.match(sha256):
        raise ValueError("not a SHA-256 hex digest")
    return _objects() / sha256[:2] / sha256[2:]


def has_object(sha256: str) -> bool:
    return object_path(sha256).is_file()


def file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


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
    target = object_path(sha256)
    if target.is_file():
        tmp.unlink(missing_ok=True)
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(tmp, stat.S_IRUSR | stat.S_IRGRP)
    os.replace(tmp, target)
    return True


def put_file(source: Path, expected_sha256: str) -> bool:
    """Copy a file into the store. True if a new object was written, False if it was already stored.

    The copy is hashed as it is written: if the source changed since it was hashed, nothing is stored.
    An object already there is re-hashed first: records are read from the stored copy, so an altered
    copy stops the import (IntegrityError) rather than being read as if it were this file.
    """
    if has_object(expected_sha256):
        _require_intact(expected_sha256, source.stat().st_size, source.name, source.name)
        return False
    out, tmp = _tmp_file()
    digest = hashlib.sha256()
    try:
        with out, source.open("rb") as src:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
            _sync(out)
        if digest.hexdigest() != expected_sha256:
            raise IntegrityError(
                f"文件在导入过程中被改动：{source.name}",
                f"the file changed while it was being imported: {source.name}",
            )
        return _place(tmp, expected_sha256)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def put_bytes(data: bytes) -> tuple[str, bool]:
    """Store bytes (an attachment). Returns (sha256, newly written)."""
    sha = hashlib.sha256(data).hexdigest()
    if has_object(sha):
        if object_path(sha).stat().st_size != len(data):  # a size check: attachments repeat often
            _require_intact(sha, len(data), "附件", "an attachment")
        return sha, False
    out, tmp = _tmp_file()
    try:
        with out:
            out.write(data)
            _sync(out)
        return sha, _place(tmp, sha)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _require_intact(sha256: str, size: int, name_zh: str, name_en: str) -> None:
    problem = object_check(sha256, size)
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
    """Undo the write of an object created by an import that then failed (never for older objects)."""
    path = object_path(sha256)
    with contextlib.suppress(FileNotFoundError):
        os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        path.unlink()


def object_check(sha256: str, size: int | None = None) -> str:
    """'' if the object is there and hashes to its name (and has the size), else what is wrong."""
    path = object_path(sha256)
    if not path.is_file():
        return "missing"
    if size is not None and path.stat().st_size != size:
        return "size differs"
    if file_sha256(path) != sha256:
        return "content altered"
    return ""
