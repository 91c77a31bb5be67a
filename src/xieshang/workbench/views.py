"""The workbench pages: the dashboard (home) and the overview of a case with its guided steps."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from xieshang.accounts.services import is_counselor
from xieshang.cases import kept_pages
from xieshang.cases.access import cases_visible_to
from xieshang.cases.figures import case_assessment
from xieshang.cases.models import Case
from xieshang.cases.views_common import case_context, with_case
from xieshang.negotiation.selectors import case_reads, reads_shared
from xieshang.workbench.dashboard import dashboard_for
from xieshang.workbench.steps import case_steps


@login_required
def home(request: HttpRequest) -> HttpResponse:
    counselor = is_counselor(request.user)
    state = kept_pages.cases_state(cases_visible_to(request.user))

    def body() -> SafeString:
        board = dashboard_for(request.user)
        return render_to_string("workbench/_home_body.html", {"board": board, "counselor": counselor})

    body_html = kept_pages.kept("home", request.user, (counselor, state), body)
    return render(request, "workbench/home.html", {"body": body_html, "counselor": counselor})


@with_case
def case_detail(request: HttpRequest, case: Case) -> HttpResponse:
    """A case's overview: the guided steps, what is done and missing, the figures in short."""

    def body() -> SafeString:
        with reads_shared():  # the agreements and the checklist read once, not once per section
            case_reads([case])  # a constant number of queries, however many debts
            assessment = case_assessment(case)
            steps = case_steps(case, assessment, timezone.localdate())
        debts = case.debts.all()  # prefetched
        context = {"case": case, "steps": steps, "assessment": assessment, "debts": debts}
        return render_to_string("workbench/_case_detail_body.html", context)

    body_html = kept_pages.kept("case-detail", request.user, kept_pages.cases_state([case]), body)
    return render(request, "workbench/case_detail.html", case_context(case, "overview", body=body_html))
