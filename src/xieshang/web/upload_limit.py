"""The upload size limit, enforced twice.

1. EARLY — `UploadLimitMiddleware` refuses a multipart request whose declared Content-Length is above
   `XIESHANG_UPLOAD_MAX_BYTES` (plus a small allowance for the multipart envelope) before anything reads the
   body: Django has not parsed it and no temporary file is written. It runs before any view and before the CSRF
   check (which reads `request.POST`), so it must sit after the session and message middlewares only.
   A request asking for JSON (the upload page's XHR) gets `{"ok": false, "error": …}` with status 413; a plain
   form post goes back to the page it came from with the message; anything else gets a small 413 page.
2. AFTER READING — `xieshang.evidence.uploads.uploads_too_big(files)` checks the files Django actually received (a client can send no
   Content-Length, or lie about it); the upload views call it before importing anything.

One limit for one request (all its files together): the page says so and its script checks the same sum.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme

from xieshang.evidence.uploads import too_big_message, upload_limit

ENVELOPE_BYTES = 64 * 1024  # multipart boundaries, part headers, the CSRF token and the other form fields


def declared_length(request: HttpRequest) -> int | None:
    try:
        return int(request.META.get("CONTENT_LENGTH") or "")
    except ValueError:
        return None


def _wants_json(request: HttpRequest) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


def refuse_upload(request: HttpRequest) -> HttpResponse:
    """The answer to an upload above the limit (the body is never read)."""
    message = too_big_message()
    if _wants_json(request):
        return JsonResponse({"ok": False, "error": message}, status=413)
    back = request.headers.get("Referer", "")
    if back and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        messages.error(request, message)
        return HttpResponseRedirect(back, status=303)
    return render(request, "xieshang/too_big.html", {"message": message}, status=413)


class UploadLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("POST", "PUT", "PATCH") and request.content_type == "multipart/form-data":
            length = declared_length(request)
            if length is not None and length > upload_limit() + ENVELOPE_BYTES:
                return refuse_upload(request)
        return self.get_response(request)
