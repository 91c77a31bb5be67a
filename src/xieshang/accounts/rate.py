"""Counted attempts (AccountEvent), for throttles beyond the login lockout: sign-ups per address,
password-reset requests per address, refused case names per user. In the database: every process agrees."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from xieshang.accounts.models import AccountEvent


@transaction.atomic
def rate_take(*, kind: str, key: str, limit: int, window: timedelta) -> bool:
    """Count one attempt of `kind` by `key`; False (and nothing counted) when `limit` were made within
    `window` already. Old events of the kind are cleared as it goes."""
    now = timezone.now()
    AccountEvent.objects.filter(kind=kind, at__lt=now - window).delete()
    if AccountEvent.objects.filter(kind=kind, key=key[:150]).count() >= limit:
        return False
    AccountEvent.objects.create(kind=kind, key=key[:150], at=now)
    return True
