"""Who may see a case: its owner, its assigned counselors, and staff. Everything else is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from xieshang.cases.models import Case


def cases_visible_to(user: Any) -> QuerySet[Case]:
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    if user.is_staff:
        return Case.objects.all()
    return Case.objects.filter(Q(owner=user) | Q(counselors=user)).distinct()


def case_get_for_user(user: Any, **lookup: Any) -> Case:
    """The case, or Http404 — never a hint that another user's case exists."""
    try:
        return cases_visible_to(user).get(**lookup)
    except Case.DoesNotExist as exc:
        raise Http404("case not found") from exc
