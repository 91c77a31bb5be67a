"""What every case page shares: the access check (another user's case is a 404) and the page context."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from xieshang.cases.access import case_get_for_user
from xieshang.cases.models import Case

CaseView = Callable[..., HttpResponseBase]


def with_case(view: CaseView) -> CaseView:
    """Log-in required; `case_name` from the URL becomes `case` — only if this user may see it, else 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, case_name: str, *args: Any, **kwargs: Any) -> HttpResponseBase:
        case = case_get_for_user(request.user, name=case_name)
        return view(request, case, *args, **kwargs)

    return wrapper


def case_context(case: Case, active: str, **extra: Any) -> dict[str, Any]:
    return {"case": case, "active": active, **extra}
