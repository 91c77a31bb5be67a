"""What an import takes in and reports: the paths (folders expanded, special files skipped, sizes checked)
and the report of what was imported, skipped and counted (the JSON of spec cli.md `import`)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from xieshang.core.errors import InputError
from xieshang.evidence import sources
from xieshang.importers.ios_backup import backup_evidence, is_backup_root

CATEGORIES = {
    "sms": "sms",
    "mms": "mms",
    "call": "calls",
    "email": "emails",
    "attachment": "attachments",
    "chat": "chat",
    "recording": "recordings",
    "document": "documents",
}


@dataclass
class FileReport:
    path: str
    sha256: str
    format: str
    records: int = 0
    duplicates: int = 0
    duplicate_file: bool = False
    counts: dict[str, int] = field(default_factory=dict)  # records by kind
    refused_zh: str = ""  # why the file was not imported ("" = it was), when its neighbours went on
    refused_en: str = ""

    @property
    def status(self) -> str:
        """imported | already_there | refused — what the upload page says of this file."""
        if self.refused_zh or self.refused_en:
            return "refused"
        return "already_there" if self.duplicate_file else "imported"


@dataclass(frozen=True)
class SkippedPath:
    """Something inside an imported folder that is not a regular file: never opened, not imported."""

    path: str
    reason: str  # English, e.g. "not a regular file: a FIFO (named pipe)"
    reason_zh: str


@dataclass
class ImportReport:
    case: str
    imported: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CATEGORIES.values(), 0))
    duplicates_skipped: int = 0
    files: list[FileReport] = field(default_factory=list)
    skipped: list[SkippedPath] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "imported": dict(self.imported),
            "duplicates_skipped": self.duplicates_skipped,
            "files": [
                {
                    "path": f.path,
                    "sha256": f.sha256,
                    "format": f.format,
                    "records": f.records,
                    "duplicates": f.duplicates,
                    "duplicate_file": f.duplicate_file,
                    "status": f.status,
                    "refused_zh": f.refused_zh,
                    "refused_en": f.refused_en,
                }
                for f in self.files
            ],
            "skipped": [{"path": s.path, "reason": s.reason, "reason_zh": s.reason_zh} for s in self.skipped],
        }


def not_regular(path: Path) -> str:
    """'' if `path` (links followed) is a regular file, else what it is. Never opens it."""
    try:
        return sources.not_regular(path.stat().st_mode)
    except FileNotFoundError:
        return "a broken link" if path.is_symlink() else "missing"


def expand(paths: Iterable[Path | str]) -> tuple[list[Path], list[SkippedPath]]:
    """Files named, and the regular files inside folders named (sorted; hidden files skipped); what else a
    folder holds (FIFO, socket, device, broken link) is skipped and listed, never opened.

    An iTunes/Finder backup folder (Manifest.db) gives only its evidence files, found through Manifest.db
    (`importers.ios_backup`); an encrypted one is refused (ImportFormatError) before anything is read."""
    out: list[Path] = []
    skipped: list[SkippedPath] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            out.append(path)
            continue
        for root, dirs, files in os.walk(path):
            if is_backup_root(Path(root)):
                dirs[:] = []
                out.extend(found.path for found in backup_evidence(Path(root)))
                continue
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(f for f in files if not f.startswith(".")):
                inner = Path(root) / name
                what = not_regular(inner)
                if not what:
                    out.append(inner)
                elif what != "missing":  # gone since the folder was listed: nothing to report
                    zh = sources.not_regular_zh(what)
                    skipped.append(
                        SkippedPath(str(inner), f"not a regular file: {what}", f"不是普通文件：{zh}")
                    )
    return out, skipped


def check(path: Path) -> int:
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(f"找不到文件：{path}", f"No such file: {path}") from None
    what = sources.not_regular(st.st_mode)
    if what:
        raise sources.not_regular_error(path, what)
    check_size(path, st.st_size)
    return st.st_size


def check_size(path: Path, size: int) -> None:
    limit = int(settings.XIESHANG_UPLOAD_MAX_BYTES)
    if size == 0:
        raise InputError(f"文件为空：{path}", f"The file is empty: {path}")
    if size > limit:
        raise InputError(
            f"文件过大：{path}（{size} 字节，上限 {limit} 字节，见 XIESHANG_UPLOAD_MAX_BYTES）",
            f"The file is too big: {path} ({size} bytes; the limit is {limit}, XIESHANG_UPLOAD_MAX_BYTES)",
        )
