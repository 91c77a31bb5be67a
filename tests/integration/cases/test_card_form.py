"""The credit-card form: a card entered from its bill is the case file's revolving debt (C1 of the spec), its
rates typed in percent; the guidance names where each number is on a bill."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from xieshang.cases.casefile_io import case_file_for_case
from xieshang.cases.models import Case
from xieshang.core.casefile import parse_case_text

C1 = Path(__file__).resolve().parents[2] / "fixtures" / "cases" / "c1_card.toml"

pytestmark = pytest.mark.django_db

BILL = {
    "id": "card",
    "lender": "招商银行信用卡",
    "lender_type": "credit_card",
    "statement_date": "2026-08-05",
    "statement_balance": "20000.00",
    "due_days": "20",
    "min_payment_percent": "10",
    "daily_rate": "0.05%",
    "day_basis": "360",
    "late_fee_percent": "5",
    "late_fee_min": "0",
    "grace_days": "3",
    "payments": "2026-09-20 1000.00",
}


@pytest.fixture
def empty_case(owner: Any) -> Case:
    from xieshang.cases.services import case_create

    return case_create(
        owner=owner,
        name="zhang-wei",
        borrower_name="张伟",
        monthly_income=Decimal("6800.00"),
        monthly_essential_expenses=Decimal("4200.00"),
        hardships=["income_drop"],
    )


def test_the_card_form_shows_where_each_number_is_on_a_bill(empty_case: Case, owner_client: Client) -> None:
    page = owner_client.get(f"/cases/{empty_case.name}/debts/new/?kind=card").content.decode()
    for word in ("账单日", "本期应还金额", "最低还款额", "到期还款日", "违约金", "还款宽限期"):
        assert word in page, word
    assert 'name="principal"' not in page and 'name="statement_balance"' in page
    assert 'name="daily_rate" value="0.05"' in page  # 万分之五 a day, in percent
    detail = owner_client.get(f"/cases/{empty_case.name}/").content.decode()
    assert "?kind=card" in detail


def test_a_card_entered_from_its_bill_is_the_spec_s_c1_card(empty_case: Case, owner_client: Client) -> None:
    r = owner_client.post(f"/cases/{empty_case.name}/debts/new/?kind=card", BILL)
    assert r.status_code == 302, r.content.decode()[-3000:]
    stored = case_file_for_case(empty_case).debts[0]
    expected = parse_case_text(C1.read_text(encoding="utf-8")).debts[0]
    assert stored == expected
    debt = empty_case.debts.get()
    assert (debt.daily_rate, debt.min_payment_percent, debt.late_fee_percent) == (
        Decimal("0.0005"),
        Decimal("0.1"),
        Decimal("0.05"),
    )
    # Editing it opens the card form again, with the rates shown in percent.
    page = owner_client.get(f"/cases/{empty_case.name}/debts/card/").content.decode()
    assert "账单日" in page and 'name="min_payment_percent" value="10"' in page


def test_a_card_mistake_is_named_at_its_field(empty_case: Case, owner_client: Client) -> None:
    bad = BILL | {"payments": "2026-08-01 100.00"}  # before the statement date
    r = owner_client.post(f"/cases/{empty_case.name}/debts/new/?kind=card", bad)
    assert r.status_code == 200 and "账单日" in r.content.decode() and "2026-08-05" in r.content.decode()
    r = owner_client.post(f"/cases/{empty_case.name}/debts/new/?kind=card", BILL | {"due_days": "40"})
    assert r.status_code == 200 and not empty_case.debts.exists()


def test_a_loan_rate_is_typed_in_percent_too(e1_case: Case, owner_client: Client) -> None:
    page = owner_client.get(f"/cases/{e1_case.name}/debts/jt360/").content.decode()
    assert 'name="daily_rate" value="0.05"' in page  # stored 0.0005
    assert "等本等费" in page  # the fee_installment method is offered
