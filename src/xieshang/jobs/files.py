"""Files a job makes for its user (a dossier ZIP, a packet PDF): `<XIESHANG_JOB_FILES>/<job id>/<name>`,
written to a temporary name and renamed when complete (a download never sees half a file). Every web server
and worker must see the same folder (docs/deployment.md)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.conf import settings

_NAME = re.compile(r"^[\w.\-]{1,120}$")


def job_file_path(job_id: Any, name: str) -> Path:
    if not _NAME.match(name) or name.startswith("."):
        raise ValueError("not a job file name")
    return Path(settings.XIESHANG_JOB_FILES) / str(job_id) / name


@contextlib.contextmanager
def job_file_write(job_id: Any, name: str) -> Iterator[IO[bytes]]:
    target = job_file_path(job_id, name)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    partial = target.with_name(f".{name}.partial")
    try:
        with partial.open("wb") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def job_files_remove(job_id: Any) -> None:
    shutil.rmtree(Path(settings.XIESHANG_JOB_FILES) / str(job_id), ignore_errors=True)
