"""Login throttling: after XIESHANG_LOGIN_MAX_FAILURES failures of one user name from one address, that pair
is locked for XIESHANG_LOGIN_LOCK_MINUTES. Counted in the database, so every server process agrees.

Every way in is covered: the login page and the admin's login go through `ThrottledModelBackend`, which
refuses a locked pair before it looks at the password; the failure counter is fed by Django's
`user_login_failed` signal and cleared by `user_logged_in`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from xieshang.accounts.models import LoginFailure


def max_failures() -> int:
    return int(getattr(settings, "XIESHANG_LOGIN_MAX_FAILURES", 5))


def lock_minutes() -> int:
    return int(getattr(settings, "XIESHANG_LOGIN_LOCK_MINUTES", 15))


def client_ip(request: Any) -> str:
    """The client's address: REMOTE_ADDR, which web.proxy sets from a trusted proxy's X-Forwarded-For
    (XIESHANG_TRUSTED_PROXIES); from any other peer X-Forwarded-For is never read."""
    if request is None:
        return "-"
    return str(getattr(request, "META", {}).get("REMOTE_ADDR") or "-")


def _norm(username: str | None) -> str:
    return (username or "").strip().lower()[:150]


def login_locked_until(*, username: str | None, ip: str) -> datetime | None:
    """When the lock of this user name + address ends, or None if it may try now."""
    row = LoginFailure.objects.filter(username=_norm(username), ip=ip).first()
    if row is None or row.locked_until is None:
        return None
    return row.locked_until if row.locked_until > timezone.now() else None


@transaction.atomic
def login_failure_record(*, username: str | None, ip: str) -> LoginFailure:
    now = timezone.now()
    row, _created = LoginFailure.objects.select_for_update().get_or_create(
        username=_norm(username), ip=ip, defaults={"last_failure_at": now}
    )
    if row.locked_until is not None and row.locked_until > now:
        return row  # already locked: attempts during the lock do not extend it
    window = timedelta(minutes=lock_minutes())
    if row.locked_until is not None or now - row.last_failure_at > window:
        row.failures = 0  # a lock that ran out, or old failures, start a fresh count
        row.locked_until = None
    row.failures += 1
    row.last_failure_at = now
    if row.failures >= max_failures():
        row.locked_until = now + window
    row.save()
    return row


def login_failures_clear(*, username: str | None, ip: str) -> None:
    LoginFailure.objects.filter(username=_norm(username), ip=ip).delete()
