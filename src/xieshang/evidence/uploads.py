"""Files uploaded through a door (the web's evidence page): their size limit and the private temporary
copies the import reads. The limit is checked twice — early on the declared length by the shell's
`xieshang.web.upload_limit.UploadLimitMiddleware`, and on the files received by `uploads_too_big` — and the
copies are written and removed only by `evidence_import_uploads` (evidence.services)."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _


def upload_limit() -> int:
    """The largest upload (all files of one request together), in bytes."""
    return int(settings.XIESHANG_UPLOAD_MAX_BYTES)


def too_big_message() -> str:
    limit = upload_limit()
    if limit >= 1024 * 1024:
        size = _("%(n)s MB") % {"n": limit // (1024 * 1024)}
    else:
        size = _("%(n)s KB") % {"n": max(1, limit // 1024)}
    return _(
        "The upload is too big: at most %(size)s at a time. Split it into smaller files and try again."
    ) % {"size": size}


def uploads_too_big(files: Iterable[Any]) -> bool:
    """After reading: the received files together are above the limit."""
    return sum(int(getattr(f, "size", 0) or 0) for f in files) > upload_limit()


def safe_name(name: str) -> str:
    """The file name an upload is copied under: its last part, without characters a file system dislikes."""
    base = Path(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\-()\[\] \u4e00-\u9fff]+", "_", base).strip(" .")
    return cleaned[:120] or "upload"


@contextmanager
def uploads_as_files(uploads: list[Any]) -> Iterator[list[Path]]:
    """The uploads under their own names in a private temporary folder, removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="xieshang-upload-"))
    try:
        paths = []
        for n, upload in enumerate(uploads):
            target = folder / str(n) / safe_name(upload.name)
            target.parent.mkdir()
            with target.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            paths.append(target)
        yield paths
    finally:
        shutil.rmtree(folder, ignore_errors=True)
