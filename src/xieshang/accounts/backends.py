from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from xieshang.accounts.throttle import client_ip, login_locked_until


class ThrottledModelBackend(ModelBackend):
    """Django's backend, but a locked user name + address is refused before the password is checked."""

    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if username is not None and login_locked_until(username=username, ip=client_ip(request)):
            raise PermissionDenied("locked")  # Django then stops and reports a failed login
        if getattr(settings, "PRODUCTION", False):
            from xieshang.accounts.demo_account import is_demo_login

            if is_demo_login(username, password):
                return None  # the published demo password never opens a production server
        return super().authenticate(request, username=username, password=password, **kwargs)
