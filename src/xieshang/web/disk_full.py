"""A full disk on a web request: the page says 磁盘已满 (status 507) instead of a bare server error; the
transaction of the request has rolled back (ATOMIC_REQUESTS is not needed: every write is a service in its
own transaction), and the JSON clients (the upload page's script) get `{"ok": false, "error": …}`."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language

from xieshang.core.errors import disk_full_error, is_disk_full


class DiskFullMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_disk_full(exception):
            return None
        message = disk_full_error().message(get_language() or "zh")
        if request.headers.get("Accept", "").startswith("application/json") or request.path.startswith(
            "/api/"
        ):
            return JsonResponse({"ok": False, "code": "disk_full", "error": message}, status=507)
        return render(request, "xieshang/disk_full.html", {"message": message}, status=507)
