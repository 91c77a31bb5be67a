"""Who works on a case besides its owner: the counselors assigned to it.

Besides the staff (in the admin), the case's OWNER assigns and removes counselors on the case's "Who can see
this case" page — the borrower decides who sees their debts. An assigned counselor may bring in a colleague
(a hand-over inside a counseling organisation) and may step back from the case; only the owner and staff may
remove someone else. Only accounts with the counselor role can be assigned.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from xieshang.accounts.services import is_counselor
from xieshang.cases.models import Case
from xieshang.core.errors import InputError


def _is_owner_or_staff(case: Case, user: Any) -> bool:
    return bool(user.is_staff or case.owner_id == user.pk)


def can_assign(case: Case, user: Any) -> bool:
    """The owner, staff, and a counselor already assigned to the case."""
    return _is_owner_or_staff(case, user) or case.counselors.filter(pk=user.pk).exists()


def can_remove(case: Case, user: Any, counselor: Any) -> bool:
    return _is_owner_or_staff(case, user) or counselor.pk == user.pk


@transaction.atomic
def case_counselor_assign(*, case: Case, by: Any, username: str) -> Any:
    """Assign the counselor with this user name; refuse plainly when that is not possible."""
    if not can_assign(case, by):
        raise InputError("您不能为这个案件指派顾问。", "You may not assign counselors to this case.")
    name = username.strip()
    user = get_user_model().objects.filter(username__iexact=name, is_active=True).first() if name else None
    if user is None or not is_counselor(user):
        raise InputError(
            f"没有用户名为“{name}”的债务顾问账户。",
            f"There is no debt counselor account with the user name “{name}”.",
        )
    if user.pk == case.owner_id:
        raise InputError("案件所有人不需要被指派。", "The owner of the case need not be assigned.")
    case.counselors.add(user)
    return user


@transaction.atomic
def case_counselor_remove(*, case: Case, by: Any, counselor: Any) -> None:
    if not can_remove(case, by, counselor):
        raise InputError(
            "只有案件所有人可以移除其他顾问。", "Only the owner of the case may remove another counselor."
        )
    case.counselors.remove(counselor)
