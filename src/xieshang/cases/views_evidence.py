"""Evidence pages: upload through the same import service as the CLI, the list of files, the access-checked
download of an original, and search over the case."""

from __future__ import annotations

import re
import shutil
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xieshang.cases.models import Case
from xieshang.cases.views_common import case_context, with_case
from xieshang.core.errors import XieshangError

SEARCH_PAGE = 20


def upload_limit() -> int:
    return int(settings.XIESHANG_UPLOAD_MAX_BYTES)


def _safe_name(name: str) -> str:
    base = Path(name.replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\-()\[\] \u4e00-\u9fff]+", "_", base).strip(" .")
    return cleaned[:120] or "upload"


def import_uploads(*, case: Case, user: Any, uploads: list[Any]) -> Any:
    """Write the uploads under their own names into a private temporary folder, then import them."""
    from xieshang.evidence.services import evidence_import

    folder = Path(tempfile.mkdtemp(prefix="xieshang-upload-"))
    try:
        paths = []
        for n, upload in enumerate(uploads):
            target = folder / str(n) / _safe_name(upload.name)
            target.parent.mkdir()
            with target.open("wb") as out:
                for chunk in upload.chunks():
                    out.write(chunk)
            paths.append(target)
        return evidence_import(case=case, paths=paths, user=user)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@with_case
def evidence(request: HttpRequest, case: Case) -> HttpResponse:
    files = case.evidence_files.filter(parent=None).order_by("-imported_at", "-id")
    kinds = {}
    for kind in case.evidence_records.values_list("kind", flat=True).distinct():
        kinds[kind] = case.evidence_records.filter(kind=kind).count()
    return render(
        request,
        "cases/evidence.html",
        case_context(case, "evidence", files=files, kinds=kinds, max_bytes=upload_limit()),
    )


def _too_big(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > upload_limit() + 64 * 1024  # the multipart envelope around the file


@with_case
@require_POST
def evidence_upload(request: HttpRequest, case: Case) -> HttpResponse:
    """The upload form posts here (by XHR with a progress bar, or plainly without JavaScript)."""
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    error = ""
    report = None
    if _too_big(request):
        error = _("The file is too big (limit: %(mb)s MB).") % {"mb": upload_limit() // (1024 * 1024)}
    else:
        uploads = request.FILES.getlist("files")
        if not uploads:
            error = _("Choose at least one file.")
        else:
            try:
                report = import_uploads(case=case, user=request.user, uploads=uploads)
            except XieshangError as exc:
                error = exc.message(get_language() or "zh")
    if not error:
        assert report is not None
        total = sum(report.imported.values())
        messages.success(request, _("Imported %(n)s records.") % {"n": total})
    if wants_json:
        if error:
            return JsonResponse({"ok": False, "error": error}, status=400)
        assert report is not None
        return JsonResponse({"ok": True, "report": report.as_json()})
    if error:
        messages.error(request, error)
    return redirect("case-evidence", case_name=case.name)


@with_case
def evidence_original(request: HttpRequest, case: Case, file_id: int) -> FileResponse:
    from xieshang.evidence.services import evidence_file_open

    file = case.evidence_files.filter(pk=file_id).first()
    if file is None:
        raise Http404("no such file")
    stored, stream = evidence_file_open(user=request.user, case=case, sha256=file.sha256)
    return FileResponse(
        stream,
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type or "application/octet-stream",
    )


def _day(raw: str) -> date | None:
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@with_case
def search(request: HttpRequest, case: Case) -> HttpResponse:
    from xieshang.evidence.models import EvidenceRecord
    from xieshang.evidence.services import evidence_search

    query = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    result = None
    error = ""
    if query:
        try:
            result = evidence_search(
                query=query,
                user=request.user,
                case=case,
                kinds=[kind] if kind else (),
                date_from=_day(request.GET.get("from", "")),
                date_to=_day(request.GET.get("to", "")),
                limit=SEARCH_PAGE,
                offset=(page - 1) * SEARCH_PAGE,
            )
        except XieshangError as exc:
            error = exc.message(get_language() or "zh")
    has_next = bool(result and result.total > page * SEARCH_PAGE)
    return render(
        request,
        "cases/search.html",
        case_context(
            case,
            "search",
            query=query,
            kind=kind,
            kinds=EvidenceRecord.Kind.choices,
            result=result,
            error=error,
            page=page,
            has_next=has_next,
            date_from=request.GET.get("from", ""),
            date_to=request.GET.get("to", ""),
        ),
    )
