from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xieshang.accounts.services import is_counselor
from xieshang.workbench.dashboard import dashboard_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    board = dashboard_for(request.user)
    return render(request, "workbench/home.html", {"board": board, "counselor": is_counselor(request.user)})
