"""Who works on a case besides its owner: the counselors assigned to it.

- The case's OWNER (and staff, in the admin) assigns a counselor by the counselor's code, which the counselor
  gives them, and removes anyone: the borrower decides who sees their debts. No user name is typed, so the
  page cannot be used to find out which user names are counselors.
- An ORGANISATION ADMINISTRATOR assigned to the case brings in counselors of their own organisation (a
  hand-over inside it) and removes them; the sharing page tells the owner so (the owner's consent is the
  assignment of that organisation's administrator, shown beside each name).
- Any assigned counselor may step back. Nobody else adds or removes anyone.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from xieshang.accounts.organisations import colleagues, counselor_by_code, is_org_admin, organisation_of
from xieshang.cases.models import Case
from xieshang.core.errors import InputError


def _is_owner_or_staff(case: Case, user: Any) -> bool:
    return bool(user.is_staff or case.owner_id == user.pk)


def _assigned(case: Case, user: Any) -> bool:
    return bool(case.counselors.filter(pk=user.pk).exists())


def can_assign(case: Case, user: Any) -> bool:
    """The owner, staff (by code); an organisation administrator assigned to the case (their colleagues)."""
    return _is_owner_or_staff(case, user) or can_bring_colleagues(case, user)


def can_bring_colleagues(case: Case, user: Any) -> bool:
    return _assigned(case, user) and is_org_admin(user)


def can_remove(case: Case, user: Any, counselor: Any) -> bool:
    if _is_owner_or_staff(case, user) or counselor.pk == user.pk:
        return True
    org = organisation_of(user)
    return can_bring_colleagues(case, user) and org is not None and organisation_of(counselor) == org


def colleagues_to_bring(case: Case, user: Any) -> list[Any]:
    """The counselors an organisation administrator may add: their organisation's, not yet on the case."""
    if not can_bring_colleagues(case, user):
        return []
    on_case = set(case.counselors.values_list("pk", flat=True)) | {case.owner_id}
    return [c for c in colleagues(user) if c.pk not in on_case]


@transaction.atomic
def case_counselor_assign(*, case: Case, by: Any, code: str = "", username: str = "") -> Any:
    """The owner (or staff) assigns by counselor code; an organisation administrator assigned to the case
    assigns a colleague by user name (from the list of their own organisation). Refused plainly otherwise."""
    if not can_assign(case, by):
        raise InputError("您不能为这个案件指派顾问。", "You may not assign counselors to this case.")
    user = None
    if code.strip():
        if not _is_owner_or_staff(case, by):
            raise InputError(
                "只有案件所有人可以用顾问码指派顾问。",
                "Only the owner of the case assigns by counselor code.",
            )
        user = counselor_by_code(code)
        if user is None:
            raise InputError(
                "这个顾问码无效。请向您的债务顾问核对顾问码。",
                "This counselor code is not valid. Check the code with your debt counselor.",
            )
    elif username.strip():
        name = username.strip().lower()
        user = next((c for c in colleagues_to_bring(case, by) if c.get_username().lower() == name), None)
        if user is None:
            raise InputError(
                "只能添加您所在机构、尚未参与此案件的顾问。",
                "You may add only counselors of your own organisation who are not on this case yet.",
            )
    else:
        raise InputError("请填写顾问码。", "Give the counselor code.")
    if user.pk == case.owner_id:
        raise InputError("案件所有人不需要被指派。", "The owner of the case need not be assigned.")
    case.counselors.add(user)
    return user


@transaction.atomic
def case_counselor_remove(*, case: Case, by: Any, counselor: Any) -> None:
    if not can_remove(case, by, counselor):
        raise InputError(
            "只有案件所有人（或该顾问所在机构的管理员）可以移除其他顾问。",
            "Only the owner of the case (or the counselor's organisation administrator) may remove another "
            "counselor.",
        )
    case.counselors.remove(counselor)
