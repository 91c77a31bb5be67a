"""Counseling organisations: who belongs where, who administers, and the counselor codes.

A counselor belongs to one organisation (Profile.organisation, a single foreign key). A borrower assigns a
counselor by the counselor's code (given to them by the counselor), never by user name: the code is random
(50 bits), so trying names or codes says nothing about which accounts are counselors. An organisation's
administrators bring their own counselors into a case one of them is assigned to (cases.services_sharing).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet

from xieshang.accounts.models import Organisation, Profile, Role

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base 32: no I, L, O, U


def _profile(user: Any) -> Profile | None:
    if getattr(user, "pk", None) is None:
        return None
    return Profile.objects.filter(user_id=user.pk).select_related("organisation").first()


def organisation_of(user: Any) -> Organisation | None:
    profile = _profile(user)
    return profile.organisation if profile else None


def is_org_admin(user: Any) -> bool:
    profile = _profile(user)
    return bool(
        profile and profile.is_org_admin and profile.organisation_id and profile.role == Role.COUNSELOR
    )


def colleagues(user: Any) -> QuerySet[Any]:
    """The active counselors of the user's organisation (the user included); none without one."""
    org = organisation_of(user)
    if org is None:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(is_active=True, profile__organisation=org, profile__role=Role.COUNSELOR)
        .order_by("username")
    )


def _new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def normalise_code(code: str) -> str:
    cleaned = code.strip().upper().replace(" ", "").replace("-", "")
    cleaned = cleaned.replace("O", "0").replace("I", "1").replace("L", "1")
    return f"{cleaned[:5]}-{cleaned[5:]}" if len(cleaned) == 10 else ""


@transaction.atomic
def counselor_code(user: Any, *, renew: bool = False) -> str:
    """The counselor's code (made on first use; `renew` replaces it: the old one stops working)."""
    profile, _created = Profile.objects.select_for_update().get_or_create(user=user)
    if profile.role != Role.COUNSELOR:
        raise ValueError("only counselors have a counselor code")
    if renew or not profile.share_code:
        profile.share_code = _new_code()
        profile.save(update_fields=["share_code"])
    return str(profile.share_code)


def counselor_by_code(code: str) -> Any:
    """The active counselor with this code, or None."""
    normal = normalise_code(code)
    if not normal:
        return None
    profile = (
        Profile.objects.filter(share_code=normal, role=Role.COUNSELOR, user__is_active=True)
        .select_related("user")
        .first()
    )
    return profile.user if profile else None


@transaction.atomic
def organisation_member_set(*, user: Any, organisation: Organisation | None, admin: bool = False) -> Profile:
    """Put a counselor in an organisation (one at a time), optionally as its administrator."""
    profile, _created = Profile.objects.get_or_create(user=user)
    if organisation is not None and profile.role != Role.COUNSELOR:
        raise ValueError("only counselors belong to an organisation")
    profile.organisation = organisation
    profile.is_org_admin = bool(admin and organisation is not None)
    profile.save(update_fields=["organisation", "is_org_admin"])
    return profile
