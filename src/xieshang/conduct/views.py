"""The collection-conduct report of a case: findings over its evidence, as a timeline, per-lender counts
and a heat map of contact hours, with the complaint letter to download. Read-only (GET); the options are
URL parameters (`numbers`, `court`) so a report can be reproduced from its address. Another user's case
is a 404 (`with_case` → `case_get_for_user`)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from xieshang.cases.models import Case
from xieshang.cases.views_common import case_context, with_case
from xieshang.conduct import page
from xieshang.conduct.service import conduct_report
from xieshang.conduct.tags import lender_tag_add, lender_tag_remove, user_lender_tags
from xieshang.core.errors import InputError
from xieshang.knowledge.conduct import load_conduct_rules
from xieshang.language import current_lang


@require_GET
@with_case
def report(request: HttpRequest, case: Case) -> HttpResponse:
    options = page.read_options(request.GET)
    rules = load_conduct_rules()
    result = conduct_report(
        case=case,
        user=request.user,
        rules=rules,
        borrower_numbers=options.numbers,
        court_case_exists=options.court_case_exists,
    )
    lang = current_lang()
    lenders = sorted({name for name in case.debts.values_list("lender", flat=True) if name})
    first, last = page.period(result)
    return render(
        request,
        "conduct/report.html",
        case_context(
            case,
            "conduct",
            report=result,
            options=options,
            disclaimer=result.disclaimer(lang),
            severities=page.severity_counts(result.findings),
            legend=page.confidence_legend(lang),
            timeline=page.timeline(result, case, rules, lang, lenders),
            lenders=page.lender_rows(result, case, options),
            heatmap=page.heatmap(result, rules),
            letters=page.complaint_links(case, options),
            first=first,
            last=last,
            suggestions=[s.as_json(lang) for s in result.suggestions],
            user_tags=list(user_lender_tags(case=case).values()),
            tag_error=request.GET.get("tag_error", "")[:200],
        ),
    )


@require_POST
@with_case
def tag(request: HttpRequest, case: Case) -> HttpResponse:
    """Add or withdraw a lender tag (a ledger entry), then back to the report."""
    counterpart = request.POST.get("counterpart", "")
    back = reverse("conduct:report", args=[case.name])
    try:
        if request.POST.get("action") == "untag":
            lender_tag_remove(case=case, counterpart=counterpart, user=request.user)
        else:
            lender_tag_add(
                case=case, counterpart=counterpart, lender=request.POST.get("lender", ""), user=request.user
            )
    except InputError as exc:
        from urllib.parse import urlencode

        return HttpResponseRedirect(
            f"{back}?{urlencode({'tag_error': exc.message(current_lang())})}#conduct-tags"
        )
    return HttpResponseRedirect(f"{back}#conduct-tags")
