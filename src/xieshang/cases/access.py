"""Who may see a case: its owner, its assigned counselors, and staff. Everything else is not found
(NotFoundError, which the doors answer with a 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from xieshang.cases.models import Case
from xieshang.core.errors import NotFoundError


def cases_visible_to(user: Any) -> QuerySet[Case]:
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    if user.is_staff:
        return Case.objects.all()
    return Case.objects.filter(Q(owner=user) | Q(counselors=user)).distinct()


def case_get_for_user(user: Any, **lookup: Any) -> Case:
    """The case, or NotFoundError — the same for a case that does not exist and for another user's case
    (never a hint that it exists)."""
    try:
        return cases_visible_to(user).get(**lookup)
    except Case.DoesNotExist as exc:
        raise NotFoundError("没有找到这个案件。", "No such case.") from exc
