from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xieshang.cases.access import cases_visible_to


@login_required
def home(request: HttpRequest) -> HttpResponse:
    cases = cases_visible_to(request.user).prefetch_related("debts")
    return render(request, "xieshang/home.html", {"cases": cases})
