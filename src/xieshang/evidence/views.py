"""Evidence pages: upload (staged, then imported by a background job through the same import service as the
CLI), the list of files, the access-checked download of an original, and search over the case."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xieshang.cases.models import Case
from xieshang.cases.views_common import case_context, with_case
from xieshang.core.errors import XieshangError
from xieshang.evidence.models import EvidenceRecord
from xieshang.evidence.services import (
    evidence_export_log,
    evidence_file_open,
    evidence_search,
)
from xieshang.evidence.staging import evidence_uploads_enqueue
from xieshang.evidence.uploads import too_big_message, upload_limit, uploads_too_big
from xieshang.jobs.views import job_json
from xieshang.language import current_lang

SEARCH_PAGE = 20


# The importers' names (xieshang.importers) as a person reads them; an unknown name is shown as it is.
FORMAT_LABELS = {
    "sms_backup_restore": gettext_lazy("SMS backup (SMS Backup & Restore)"),
    "sms_backup_restore_calls": gettext_lazy("call log (SMS Backup & Restore)"),
    "ios_sms_db": gettext_lazy("iPhone messages (sms.db)"),
    "ios_call_history": gettext_lazy("iPhone call history (CallHistory.storedata)"),
    "android_mmssms_db": gettext_lazy("Android messages (mmssms.db)"),
    "android_calls_db": gettext_lazy("Android call log (calllog.db)"),
    "wechatmsg_html": gettext_lazy("WeChat chat export (MemoTrace HTML)"),
    "wechatmsg_txt": gettext_lazy("WeChat chat export (MemoTrace TXT)"),
    "qq_txt": gettext_lazy("QQ chat export"),
    "wechatmsg_csv": gettext_lazy("WeChat chat export (WechatMsg)"),
    "pywxdump_csv": gettext_lazy("WeChat chat export (PyWxDump)"),
    "eml": gettext_lazy("e-mail (.eml)"),
    "mbox": gettext_lazy("mailbox (.mbox)"),
    "call_recording": gettext_lazy("call recording"),
    "document": gettext_lazy("document or photo"),
}


@with_case
def evidence(request: HttpRequest, case: Case) -> HttpResponse:
    files = list(case.evidence_files.filter(parent=None).order_by("-imported_at", "-id"))
    for f in files:
        f.format_label = str(FORMAT_LABELS.get(f.importer_name, f.importer_name))  # type: ignore[attr-defined]
    labels = dict(EvidenceRecord.Kind.choices)
    counts = case.evidence_records.values("kind").annotate(n=Count("id")).order_by("kind")
    kinds = {str(labels.get(row["kind"], row["kind"])): row["n"] for row in counts}
    return render(
        request,
        "evidence/evidence.html",
        case_context(case, "evidence", files=files, kinds=kinds, max_bytes=upload_limit()),
    )


@with_case
@require_POST
def evidence_upload(request: HttpRequest, case: Case) -> HttpResponse:
    """The upload form posts here (by XHR with a progress bar, or plainly without JavaScript)."""
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    error = ""
    job = None
    # A declared Content-Length above the limit never gets here (UploadLimitMiddleware); this is the check
    # after reading, for a body that came without one or with a false one.
    uploads = request.FILES.getlist("files")
    if not uploads:
        error = _("Choose at least one file.")
    elif uploads_too_big(uploads):
        error = too_big_message()
    else:
        try:
            job = evidence_uploads_enqueue(case=case, user=request.user, uploads=uploads)
        except XieshangError as exc:
            error = exc.message(current_lang())
    if wants_json:
        if error:
            return JsonResponse(
                {"ok": False, "error": error}, status=413 if uploads_too_big(uploads) else 400
            )
        assert job is not None
        return JsonResponse(job_json(job, current_lang()), status=202)
    if error:
        messages.error(request, error)
        return redirect("case-evidence", case_name=case.name)
    assert job is not None
    return redirect("job", job_id=job.pk)


@with_case
def evidence_original(request: HttpRequest, case: Case, file_id: int) -> FileResponse:
    file = case.evidence_files.filter(pk=file_id).first()
    if file is None:
        raise Http404("no such file")
    stored, stream = evidence_file_open(user=request.user, case=case, sha256=file.sha256)
    # Every copy that leaves the vault is an export in the ledger (who, when, which file).
    evidence_export_log(
        case=case, description="download of the original", sha256s=[file.sha256], user=request.user
    )
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
            error = exc.message(current_lang())
    has_next = bool(result and result.total > page * SEARCH_PAGE)
    return render(
        request,
        "evidence/search.html",
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
