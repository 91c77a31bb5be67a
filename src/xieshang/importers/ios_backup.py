"""A whole iTunes/Finder backup folder: `Manifest.db` names the files; only those with evidence are taken.

An unencrypted backup holds `Info.plist`, `Manifest.plist`, `Manifest.db` (SQLite, table `Files`:
`fileID`, `domain`, `relativePath`, `flags` 1 = file) and every file under `<fileID[:2]>/<fileID>`, where
`fileID` = SHA-1 of "<domain>-<relativePath>". `backup_evidence(root)` returns the files the importers read
(`EVIDENCE_FILES`: messages and calls), found through `Manifest.db` — thousands of other files (app data,
settings, caches) are not evidence and are not imported. An encrypted backup (`Manifest.plist`
`IsEncrypted`; its `Manifest.db` is then not SQLite) is refused with what to do.
"""

from __future__ import annotations

import plistlib
from dataclasses import dataclass
from pathlib import Path

from xieshang.importers.base import ImportFormatError, SourceContext
from xieshang.importers.sqlite_safe import MAGIC, open_db

# (domain, relativePath) → what it is
EVIDENCE_FILES: dict[tuple[str, str], str] = {
    ("HomeDomain", "Library/SMS/sms.db"): "sms.db",
    ("HomeDomain", "Library/CallHistoryDB/CallHistory.storedata"): "CallHistory.storedata",
}
ENCRYPTED_ZH = "这是加密的 iTunes 备份：请在电脑上关闭加密后重新备份（iTunes/Finder 中取消勾选“加密本地备份”），再导入整个备份文件夹"
ENCRYPTED_EN = (
    'this is an encrypted iTunes/Finder backup: turn encryption off on the computer (untick "Encrypt local '
    'backup") and back up again, then import the whole backup folder'
)


@dataclass(frozen=True)
class BackupFile:
    path: Path  # <root>/<xx>/<fileID>
    domain: str
    relative_path: str
    what: str


def is_backup_root(folder: Path) -> bool:
    return (folder / "Manifest.db").is_file() and (
        (folder / "Manifest.plist").is_file() or (folder / "Info.plist").is_file()
    )


def is_encrypted(root: Path) -> bool:
    """True when the backup says it is encrypted (Manifest.plist IsEncrypted), or its Manifest.db is not
    readable SQLite (what an encrypted backup's looks like)."""
    manifest = root / "Manifest.plist"
    if manifest.is_file():
        try:
            with manifest.open("rb") as fh:
                data = plistlib.load(fh)
            if isinstance(data, dict) and data.get("IsEncrypted") is True:
                return True
        except (plistlib.InvalidFileException, OSError, ValueError, TypeError):
            pass
    try:
        with (root / "Manifest.db").open("rb") as fh:
            return not fh.read(len(MAGIC)).startswith(MAGIC)
    except OSError:
        return False


def _error(root: Path, zh: str, en: str) -> ImportFormatError:
    return ImportFormatError(
        f"无法导入 {root}：{zh}", f"Cannot import {root}: {en}", data={"file": str(root)}
    )


def backup_evidence(root: Path) -> list[BackupFile]:
    """The evidence files of the backup at `root`, found through its Manifest.db (present on disk)."""
    if is_encrypted(root):
        raise _error(root, ENCRYPTED_ZH, ENCRYPTED_EN)
    manifest = root / "Manifest.db"
    context = SourceContext(path=manifest, size=manifest.stat().st_size)
    out: list[BackupFile] = []
    with manifest.open("rb") as fh, open_db(fh, context) as db:
        if "Files" not in db.tables():
            raise _error(root, "Manifest.db 中没有 Files 表（备份不完整或已损坏）",
                         "Manifest.db has no Files table (incomplete or corrupt backup)")  # fmt: skip
        wanted = " OR ".join("(domain = ? AND relativePath = ?)" for _ in EVIDENCE_FILES)
        params = [part for key in EVIDENCE_FILES for part in key]
        for file_id, domain, relative in db.query(
            f"SELECT fileID, domain, relativePath FROM Files WHERE {wanted} ORDER BY domain, relativePath",
            params,
        ):
            file_id = str(file_id).lower()
            if len(file_id) != 40 or any(c not in "0123456789abcdef" for c in file_id):
                continue
            path = root / file_id[:2] / file_id
            if path.is_file():
                out.append(BackupFile(path, str(domain), str(relative), EVIDENCE_FILES[(domain, relative)]))
    return out
