"""Account writes (the web, the admin and the tests share them)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from xieshang.accounts.models import Profile, Role


def role_of(user: Any) -> str:
    """`borrower` or `counselor` (a user without a profile is a borrower)."""
    if getattr(user, "pk", None) is None:
        return Role.BORROWER.value
    profile = Profile.objects.filter(user_id=user.pk).first()
    return profile.role if profile else Role.BORROWER.value


def is_counselor(user: Any) -> bool:
    return role_of(user) == Role.COUNSELOR


@transaction.atomic
def profile_set_role(*, user: Any, role: str) -> Profile:
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    profile, _created = Profile.objects.update_or_create(user=user, defaults={"role": role})
    return profile


@transaction.atomic
def account_register(*, username: str, password: str, role: str = Role.BORROWER, email: str = "") -> Any:
    """A new account (the password already validated by the form) with its profile."""
    user = get_user_model().objects.create_user(username=username, password=password, email=email)
    profile_set_role(user=user, role=role)
    return user
