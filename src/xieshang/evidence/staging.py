"""Uploads from the browser: staged (hashed on arrival) and imported by a background job.

evidence_uploads_enqueue(*, case, user, uploads) -> Job
    Writes each upload under its own (cleaned) name into a private staging folder, hashing it as it is
    written, and queues an `evidence_import` job; returns at once. The job (evidence/jobs.py) checks each
    staged file against the hash taken on arrival and imports it with `evidence_import` exactly as the CLI
    does: each file all-or-nothing, a file already in the case skipped (so a retry never imports twice).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings

from xieshang.cases.models import Case
from xieshang.evidence.bucket import evidence_bucket
from xieshang.evidence.uploads import safe_name
from xieshang.jobs.models import Job
from xieshang.jobs.services import job_enqueue

IMPORT_JOB = "evidence_import"
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


def staging_root() -> Path:
    return Path(settings.XIESHANG_UPLOAD_STAGING)


def staging_folder(token: str) -> Path:
    """The staging folder of one upload (the token is validated: nothing else becomes a path)."""
    if not _TOKEN.match(token):
        raise ValueError("not a staging token")
    return staging_root() / token


def staging_remove(token: str, files: list[dict[str, Any]] | None = None) -> None:
    """The staged copies go: the local folder, and their objects in the bucket if they waited there."""
    shutil.rmtree(staging_folder(token), ignore_errors=True)
    bucket = evidence_bucket()
    if bucket is not None and files:
        bucket.staging_remove([bucket.staging_key(token, str(f["path"])) for f in files])


def staging_fetch(token: str, files: list[dict[str, Any]]) -> None:
    """On the worker: the staged uploads as local files (from the bucket when they wait there: the web server
    that took them may be another machine), each checked against the hash taken on arrival."""
    from xieshang.core.errors import IntegrityError

    bucket = evidence_bucket()
    folder = staging_folder(token)
    for entry in files:
        target = folder / str(entry["path"])
        if target.is_file() or bucket is None:
            continue
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if bucket.staging_get(bucket.staging_key(token, str(entry["path"])), target) != entry["sha256"]:
            target.unlink(missing_ok=True)
            raise IntegrityError(
                f"上传的文件在等待导入时被改动：{entry['name']}",
                f"the uploaded file changed while it waited to be imported: {entry['name']}",
            )


def _to_bucket(token: str, files: list[dict[str, Any]]) -> None:
    """With a bucket of record the staged uploads wait in it, so that a worker on any machine finds them."""
    bucket = evidence_bucket()
    if bucket is None:
        return
    folder = staging_folder(token)
    for entry in files:
        bucket.staging_put(folder / str(entry["path"]), bucket.staging_key(token, str(entry["path"])))
    shutil.rmtree(folder, ignore_errors=True)


def _stage(uploads: Iterable[Any]) -> tuple[str, list[dict[str, Any]]]:
    token = secrets.token_hex(16)
    folder = staging_folder(token)
    folder.mkdir(parents=True, mode=0o700)
    files: list[dict[str, Any]] = []
    try:
        for n, upload in enumerate(uploads):
            name = safe_name(upload.name)
            relative = f"{n}/{name}"
            target = folder / relative
            target.parent.mkdir()
            digest = hashlib.sha256()
            size = 0
            with target.open("wb") as out:
                for chunk in upload.chunks():
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
            files.append({"path": relative, "name": name, "sha256": digest.hexdigest(), "size": size})
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return token, files


def evidence_uploads_enqueue(*, case: Case, user: Any, uploads: list[Any]) -> Job:
    """Stage the uploads and queue their import (see the module's docstring)."""
    token, files = _stage(uploads)
    try:
        _to_bucket(token, files)
        return job_enqueue(kind=IMPORT_JOB, user=user, case=case, params={"staging": token, "files": files})
    except BaseException:
        staging_remove(token, files)
        raise
