"""The demo account and case of `make run` — only ever in demo mode."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "xieshang-demo"
DEMO_CASE = "demo"

# Worked example E1 of the calculation conventions (borrower 李明, a 360借条 loan).
E1_PAYMENTS = [
    (date(2026, 2, 15), Decimal("1833.60")),
    (date(2026, 3, 15), Decimal("1833.60")),
    (date(2026, 4, 14), Decimal("1833.60")),
    (date(2026, 5, 15), Decimal("1833.60")),
    (date(2026, 6, 17), Decimal("1833.60")),
    (date(2026, 7, 15), Decimal("1833.60")),
]
E1_DEBT = {
    "id": "jt360",
    "lender": "360借条",
    "lender_type": "online_lender",
    "principal": Decimal("20000.00"),
    "daily_rate": Decimal("0.0005"),
    "day_basis": 360,
    "method": "equal_installment",
    "term_months": 12,
    "start_date": date(2026, 1, 15),
    "grace_days": 3,
    "penalty_multiplier": Decimal("1.5"),
    "penalty_base": "installment",
}


@transaction.atomic
def demo_ensure() -> None:
    """Create the demo user and the demo case once; later calls change nothing."""
    if not settings.DEMO:
        raise RuntimeError("the demo account exists only in demo mode")
    from xieshang.cases.models import Case
    from xieshang.cases.services import case_create, debt_add

    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=DEMO_USERNAME)
    if created:
        user.set_password(DEMO_PASSWORD)
        user.first_name = "演示"
        user.save()
    if Case.objects.filter(name=DEMO_CASE).exists():
        return
    case = case_create(
        owner=user,
        name=DEMO_CASE,
        borrower_name="李明",
        monthly_income=Decimal("5200.00"),
        monthly_essential_expenses=Decimal("3600.00"),
        hardships=["unemployment"],
        as_of=date(2026, 11, 28),
    )
    debt = debt_add(case=case, fields=E1_DEBT, payments=E1_PAYMENTS)
    _demo_evidence(case, user)
    _demo_contact(case, debt, user)


DEMO_DATA = Path(__file__).resolve().parent / "demo_data"


def _demo_evidence(case: Any, user: Any) -> None:
    """A small phone backup: the lender's reminders, a collector's threats at night, and the call log."""
    from xieshang.evidence.services import evidence_import

    evidence_import(case=case, paths=sorted(DEMO_DATA.glob("*.xml")), user=user)


def _demo_contact(case: Any, debt: Any, user: Any) -> None:
    """The first call the borrower made (step 1), with what was said and promised."""
    from xieshang.negotiation.models import Channel, Contact, Party
    from xieshang.negotiation.services import contact_record

    contact_record(
        case=case,
        debt=debt,
        channel=Channel.PHONE,
        direction=Contact.Direction.OUTGOING,
        occurred_at=datetime(2026, 9, 24, 15, 30, tzinfo=ZoneInfo("Asia/Shanghai")),
        lender="360借条",
        person="客服 王女士",
        staff_number="A1037",
        said="说明失业、收入中断，询问个性化分期。客服说需要提交失业证明和近 6 个月银行流水，审核约 7 个工作日。",
        promise="李明一周内通过 APP 提交材料；客服记录协商诉求并回电。",
        promise_by=Party.BORROWER,
        promise_due=date(2026, 10, 1),
        follow_up_on=date(2026, 12, 1),
        created_by=user,
    )
