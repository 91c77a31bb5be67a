"""The web door's answer to a service's NotFoundError (a case or file this user may not see, or that does
not exist): the ordinary 404, as if the view had raised Http404. Services never raise Http404."""

from __future__ import annotations

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse

from xieshang.core.errors import NotFoundError


class NotFoundMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, NotFoundError):
            # Raised here, Http404 is answered by Django's handler exactly as when a view raises it.
            raise Http404(exception.message_en) from exception
