"""The workbench as an installable web app (PWA): the manifest, the service worker and the offline page.

The service worker is served from the site's root (`/sw.js`) so that its scope is the whole workbench. It
keeps only what holds nothing personal — the offline page, the stylesheet, the script and the icons — and
never stores a case page: a borrower's figures and evidence are read from the server each time, behind the
login, and are not left in the phone's browser cache for someone else to open.
"""

from __future__ import annotations

import json
from functools import cache

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

CACHE_NAME = "xieshang-shell-v1"  # bump when the cached shell changes


@cache
def _worker_source() -> str:
    path = finders.find("xieshang/sw.js")
    assert isinstance(path, str), "xieshang/sw.js missing from the static files"
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def shell_urls() -> list[str]:
    """What the service worker keeps: nothing personal."""
    return [
        reverse("pwa-offline"),
        static("xieshang/app.css"),
        static("xieshang/app.js"),
        static("xieshang/icons/icon-192.png"),
    ]


@require_GET
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    config = json.dumps({"cache": CACHE_NAME, "shell": shell_urls(), "offline": reverse("pwa-offline")})
    body = f"self.XIESHANG_SW = {config};\n" + _worker_source()
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": _("Xieshang debt workbench"),
        "short_name": _("Xieshang"),
        "description": _(
            "Understand and negotiate your debts: the true figures, a plan, the evidence, the letters."
        ),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("home") + "?source=pwa",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f6f5f1",
        "theme_color": "#2f6f73",
        "icons": [
            {"src": static("xieshang/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("xieshang/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("xieshang/icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=1),
        content_type="application/manifest+json; charset=utf-8",
    )


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker when the phone has no connection (it needs no login and shows nothing
    of any case)."""
    return render(request, "workbench/offline.html")
