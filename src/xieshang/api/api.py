"""The API object: session authentication (CSRF enforced on writes by ninja's `django_auth`) and one error
handler that turns a XieshangError into a 400 with the message in both languages (NotFoundError: a 404, as
for a case that does not exist)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from xieshang import __version__
from xieshang.core.errors import NotFoundError, XieshangError

api = NinjaAPI(
    title="Xieshang API",
    version=__version__,
    description=(
        "Cases, debts, the assessment, the plans and evidence search of the Xieshang workbench. "
        "Log in through the web page (session cookie); writes need the CSRF token (X-CSRFToken header). "
        "Money: strings with two decimals; rates: strings with six; dates: ISO. Another user's case is a 404."
    ),
    auth=django_auth,
    urls_namespace="api",
)


@api.exception_handler(NotFoundError)
def _not_found(request: HttpRequest, exc: NotFoundError) -> HttpResponse:
    """Another user's case reads as one that does not exist: ninja's own 404 answer."""
    return api.create_response(request, {"detail": "Not Found"}, status=404)


@api.exception_handler(XieshangError)
def _xieshang_error(request: HttpRequest, exc: XieshangError) -> HttpResponse:
    lang = getattr(request, "LANGUAGE_CODE", "zh")
    return api.create_response(
        request,
        {
            "code": exc.code,
            "message": exc.message(lang),
            "message_zh": exc.message_zh,
            "message_en": exc.message_en,
            "data": exc.data,
        },
        status=400,
    )


from xieshang.api import routes, routes_conduct  # noqa: E402,F401  (registers the endpoints on `api`)
