"""The workbench pages: the dashboard (home) and the overview of a case with its guided steps."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from xieshang.accounts.services import is_counselor
from xieshang.cases.figures import case_assessment
from xieshang.cases.models import Case
from xieshang.cases.views_common import case_context, with_case
from xieshang.negotiation.selectors import case_reads, reads_shared
from xieshang.workbench.dashboard import dashboard_for
from xieshang.workbench.steps import case_steps


@login_required
def home(request: HttpRequest) -> HttpResponse:
    board = dashboard_for(request.user)
    return render(request, "workbench/home.html", {"board": board, "counselor": is_counselor(request.user)})


@with_case
def case_detail(request: HttpRequest, case: Case) -> HttpResponse:
    """A case's overview: the guided steps, what is done and missing, the figures in short."""
    with reads_shared():  # the agreements and the checklist read once, not once per section
        case_reads([case])  # a constant number of queries, however many debts
        assessment = case_assessment(case)
        steps = case_steps(case, assessment, timezone.localdate())
    debts = case.debts.all()  # prefetched
    return render(
        request,
        "workbench/case_detail.html",
        case_context(case, "overview", steps=steps, assessment=assessment, debts=debts),
    )
