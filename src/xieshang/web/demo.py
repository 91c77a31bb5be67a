"""The demo account and case of `make run` — only ever in demo mode."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

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
    debt_add(case=case, fields=E1_DEBT, payments=E1_PAYMENTS)
