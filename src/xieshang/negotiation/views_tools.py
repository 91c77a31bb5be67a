"""Pages: the hardship/evidence checklist, the tone helper, and the reminders calendar (.ics)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from xieshang.cases.models import Case
from xieshang.cases.views_common import with_case
from xieshang.core.errors import XieshangError
from xieshang.core.tone import CALM_TEMPLATE_EN, CALM_TEMPLATE_ZH, ToneCode, soften_punctuation, tone_check
from xieshang.knowledge.hardship import load_checklist
from xieshang.language import current_lang
from xieshang.negotiation import services
from xieshang.negotiation.forms import HardshipsForm, ToneForm
from xieshang.negotiation.reminders import case_reminders, reminders_ics
from xieshang.negotiation.selectors import checklist_for_case, evidence_doc_types
from xieshang.negotiation.views import page


def _reason_labels() -> dict[str, str]:
    return {s.key: s.name(current_lang()) for s in load_checklist().sections}


@with_case
def checklist(request: HttpRequest, case: Case) -> HttpResponse:
    labels = _reason_labels()
    if request.method == "POST":
        try:
            if "doc_key" in request.POST:
                services.checklist_tick(
                    case=case,
                    doc_key=request.POST["doc_key"],
                    ticked=request.POST.get("ticked", "1") == "1",
                    note=request.POST.get("note", "")[:200],
                )
            else:
                form = HardshipsForm(request.POST, labels=labels)
                if form.is_valid():
                    services.case_hardships_set(case=case, reasons=form.cleaned_data["reasons"])
                    messages.success(request, _("Reasons saved."))
        except XieshangError as err:
            messages.error(request, err.message(current_lang()))
        return redirect("negotiation:checklist", case_name=case.name)
    status = checklist_for_case(case)
    ticked = set(case.checklist_ticks.values_list("doc_key", flat=True))
    return page(
        request,
        case,
        "negotiation/checklist.html",
        "checklist",
        status=status,
        form=HardshipsForm(labels=labels, initial={"reasons": case.hardships}),
        ticked=ticked,
        from_evidence=evidence_doc_types(case),
        lang=current_lang(),
        version=load_checklist().version,
    )


@with_case
def tone(request: HttpRequest, case: Case) -> HttpResponse:
    """Drafts are checked and shown back, never stored."""
    report = None
    softened = ""
    if request.method == "POST":
        form = ToneForm(request.POST)
        if form.is_valid():
            report = tone_check(form.cleaned_data["draft"])
            softened = soften_punctuation(form.cleaned_data["draft"])
    else:
        form = ToneForm()
    context = {
        "form": form,
        "report": report,
        "softened": softened if report and softened != report.text else "",
        "lang": current_lang(),
        "care": next((f.suggestion(current_lang()) for f in report.flags if f.code is ToneCode.DESPAIR), "")
        if report
        else "",
        "template_text": CALM_TEMPLATE_EN if current_lang().startswith("en") else CALM_TEMPLATE_ZH,
    }
    if getattr(request, "htmx", False) and report is not None:
        return page(request, case, "negotiation/_tone_result.html", "tone", **context)
    return page(request, case, "negotiation/tone.html", "tone", **context)


@with_case
def calendar_ics(request: HttpRequest, case: Case) -> HttpResponse:
    reminders = case_reminders(case)
    name = _("Xieshang reminders: %(case)s") % {"case": case.name}
    response = HttpResponse(
        reminders_ics(case, reminders, calendar_name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="xieshang-{case.name}.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
