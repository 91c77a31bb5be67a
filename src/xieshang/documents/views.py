"""Downloads of a case's documents in the web workbench: letters and scripts (DOCX, PDF, text), the
hardship packet (PDF), the evidence dossier (ZIP), and the agreement-clause check. Another user's case is
a 404 (`with_case` → `case_get_for_user`).

The complaint letter takes the collection-conduct page's options as URL parameters — `numbers` (the
borrower's own phone numbers) and `court` (a real court case exists) — so the letter lists the same
findings as the page it was downloaded from."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from xieshang.cases.models import Case
from xieshang.cases.views_common import case_context, with_case
from xieshang.core.errors import XieshangError
from xieshang.documents.agreement_check import check_agreement_text
from xieshang.documents.render import render as render_document
from xieshang.documents.templates import LETTER_KINDS, LETTER_NAMES

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
    "zip": "application/zip",
}


def _today() -> date:
    return timezone.localdate()


def _download(data: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    disposition = content_disposition_header(as_attachment=fmt != "txt", filename=filename)
    response["Content-Disposition"] = disposition or ""
    response["Cache-Control"] = "no-store"
    return response


def _error(request: HttpRequest, exc: XieshangError) -> HttpResponse:
    lang = "en" if (request.LANGUAGE_CODE or "zh").startswith("en") else "zh"
    return HttpResponse(exc.message(lang), status=400, content_type="text/plain; charset=utf-8")


def conduct_options(query: Mapping[str, str]) -> dict[str, Any]:
    """`numbers` and `court` of the conduct page, read the way that page reads them (same limits)."""
    try:
        from xieshang.conduct.page import read_options
    except ImportError:
        return {}
    options = read_options(query)
    return {"borrower_numbers": options.numbers, "court_case_exists": options.court_case_exists}


@require_http_methods(["GET", "POST"])
@with_case
def index(request: HttpRequest, case: Case) -> HttpResponse:
    check = None
    agreement_text = ""
    if request.method == "POST":
        agreement_text = request.POST.get("agreement_text", "")[:20000]
        card = case.debts.filter(lender_type="credit_card").exists()
        check = check_agreement_text(agreement_text, card=card) if agreement_text.strip() else None
    lang = "en" if (request.LANGUAGE_CODE or "zh").startswith("en") else "zh"
    letters = [{"kind": k, "name": LETTER_NAMES[k][1 if lang == "en" else 0]} for k in LETTER_KINDS]
    return render(
        request,
        "documents/index.html",
        case_context(
            case,
            "documents",
            letters=letters,
            debts=list(case.debts.all()),
            check=check,
            missing=check.missing_text(lang) if check else [],
            warnings=[w.message(lang) for w in check.warnings] if check else [],
            agreement_text=agreement_text,
        ),
    )


@require_GET
@with_case
def letter(request: HttpRequest, case: Case, kind: str, fmt: str) -> HttpResponse:
    from xieshang.documents.fill import fill
    from xieshang.documents.loader import template_for
    from xieshang.documents.stored import stored_case_facts

    if kind not in LETTER_KINDS or fmt not in ("docx", "pdf", "txt"):
        raise Http404("no such document")
    options = conduct_options(request.GET) if kind == "complaint" else {}
    try:
        facts = stored_case_facts(case, on=None, today=_today(), **options)
        doc = fill(
            template_for(kind),
            facts,
            today=_today(),
            debt_id=request.GET.get("debt") or None,
            extra={"objection_item": request.GET.get("item", "")[:500]},
        )
    except XieshangError as exc:
        return _error(request, exc)
    return _download(render_document(doc, fmt), f"{case.name}-{kind}.{fmt}", fmt)


@require_GET
@with_case
def packet(request: HttpRequest, case: Case) -> HttpResponse:
    from xieshang.documents.packet import hardship_packet
    from xieshang.documents.render_pdf import render_pdf
    from xieshang.documents.stored import stored_case_facts

    try:
        facts = stored_case_facts(case, on=None, today=_today())
    except XieshangError as exc:
        return _error(request, exc)
    return _download(render_pdf(hardship_packet(facts, today=_today())), f"{case.name}-packet.pdf", "pdf")


@require_POST
@with_case
def prepare(request: HttpRequest, case: Case, kind: str) -> HttpResponse:
    """Make the packet or the dossier in the background (a job); its page offers the download when done.
    The GET downloads above still make them inside the request (scripts, small cases)."""
    from xieshang.documents.jobs import DOSSIER_JOB, PACKET_JOB
    from xieshang.jobs.services import job_enqueue

    if kind not in (DOSSIER_JOB, PACKET_JOB):
        raise Http404("no such document")
    job = job_enqueue(kind=kind, user=request.user, case=case)
    return redirect("job", job_id=job.pk)


@require_GET
@with_case
def dossier(request: HttpRequest, case: Case) -> HttpResponse:
    from xieshang.documents.stored import write_case_dossier

    buffer = io.BytesIO()
    try:
        write_case_dossier(case, buffer, today=_today(), user=request.user)
    except XieshangError as exc:
        return _error(request, exc)
    return _download(buffer.getvalue(), f"{case.name}-dossier.zip", "zip")
