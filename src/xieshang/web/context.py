from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from xieshang import __version__


def product(request: HttpRequest) -> dict[str, Any]:
    return {
        "xieshang_version": __version__,
        "xieshang_demo": getattr(settings, "DEMO", False),
        "registration_open": getattr(settings, "XIESHANG_REGISTRATION_OPEN", True),
        "email_configured": getattr(settings, "XIESHANG_EMAIL_CONFIGURED", False),
    }
