"""Private files: what the workbench writes is readable by its own user only, whatever the umask.

The database holds SMS text and the search index; the vault holds the originals; the secret key signs the
sessions. So the process runs with umask 077 (new files 0600, new folders 0700, evidence objects 0400), set
as soon as the settings load, and `make_private` brings an older home (made with umask 022: files 0644,
folders 0755) into line when a command or the server starts. A deployment can add its own layer
(systemd `UMask=0077`), never a looser one.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

PRIVATE_UMASK = 0o077
FILE_MODE = 0o600
DIR_MODE = 0o700


def private_umask() -> None:
    os.umask(PRIVATE_UMASK)


def _tighten(path: Path, mode: int) -> bool:
    """Drop the group and other bits of `path` (never adds a bit); True when it changed something."""
    with contextlib.suppress(FileNotFoundError):
        st = path.lstat()
        if stat.S_ISLNK(st.st_mode):
            return False
        current = stat.S_IMODE(st.st_mode)
        wanted = current & mode & ~0o077 if stat.S_ISREG(st.st_mode) else mode
        if current != wanted:
            with contextlib.suppress(PermissionError):
                path.chmod(wanted)
                return True
    return False


def make_private(home: Path, evidence_root: Path | None = None) -> None:
    """The home, its database, key and vault: folders 0700, files without group or other bits.

    The vault's objects are walked only when one of its folders was open to others (an older install):
    a home already private costs a handful of `stat` calls."""
    if not home.exists():
        return
    _tighten(home, DIR_MODE)
    for child in home.iterdir():
        if child.is_dir() and not child.is_symlink():
            _tighten(child, DIR_MODE)
        else:
            _tighten(child, FILE_MODE | 0o100)
    roots = [home / "evidence", home / "media"]
    if evidence_root is not None and Path(evidence_root) not in roots:
        roots.append(Path(evidence_root))
    for root in roots:
        if not root.is_dir():
            continue
        opened = _tighten(root, DIR_MODE)
        for child in root.iterdir():
            if child.is_dir() and not child.is_symlink():
                opened = _tighten(child, DIR_MODE) or opened
            else:
                _tighten(child, FILE_MODE)
        if opened:
            for folder, dirs, files in os.walk(root):
                for name in dirs:
                    _tighten(Path(folder) / name, DIR_MODE)
                in_objects = "objects" in Path(folder).relative_to(root).parts
                for name in files:
                    _tighten(Path(folder) / name, 0o400 if in_objects else FILE_MODE)
