from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from xieshang.accounts.throttle import client_ip, login_failure_record, login_failures_clear


@receiver(user_login_failed, dispatch_uid="xieshang_login_failed")
def _count_failure(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    login_failure_record(username=credentials.get("username"), ip=client_ip(request))


@receiver(user_logged_in, dispatch_uid="xieshang_logged_in")
def _clear_failures(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    login_failures_clear(username=user.get_username(), ip=client_ip(request))
