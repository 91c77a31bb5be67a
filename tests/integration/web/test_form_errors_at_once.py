"""Each form, submitted with several bad fields at once, shows every error in one go — next to its field,
with the field's label and an example, and no internal name (`debts[0]…`, `borrower.…`) anywhere."""

from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from xieshang.cases.models import Case

pytestmark = pytest.mark.django_db
INTERNAL = re.compile(r"debts\[|borrower\.|budget\.|payments\[|有效\"字段\"|Enter a valid")


def _errors(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 200, response.status_code
    form = response.context["form"]
    page = response.content.decode()
    text = html.unescape(page)  # a quote in a message is &quot; or &#34;, as the template engine writes it
    for messages in form.errors.values():
        for message in messages:
            assert str(message) in text, message
    assert not INTERNAL.search(page), INTERNAL.search(page)
    return {k: [str(m) for m in v] for k, v in form.errors.items()}


def test_new_case_form_names_every_mistake_at_once(owner_client: Client) -> None:
    bad = {
        "name": "bad name!",
        "borrower_name": "李明",
        "monthly_income": "-100",
        "monthly_essential_expenses": "很多",
        "dependents": "two",
        "as_of": "2026/13/45",
    }
    errors = _errors(owner_client.post("/cases/new/", bad))
    assert set(errors) >= {"name", "monthly_income", "monthly_essential_expenses", "dependents", "as_of"}
    assert "例如 li-ming-2026" in errors["name"][0]
    assert (
        "必须是非负金额" in errors["monthly_income"][0]
        and "例如 20000 或 20000.50" in errors["monthly_income"][0]
    )
    assert "例如 2026-01-15" in errors["as_of"][0] and "例如 12" in errors["dependents"][0]
    assert not Case.objects.exists()


def test_amounts_in_words_are_understood(owner_client: Client) -> None:
    good = {
        "name": "li-ming",
        "borrower_name": "李明",
        "monthly_income": "两万",
        "monthly_essential_expenses": "3千",
    }
    response = owner_client.post("/cases/new/", good)
    assert response.status_code == 302, response.context["form"].errors
    case = Case.objects.get(name="li-ming")
    assert (case.monthly_income, case.monthly_essential_expenses) == (Decimal("20000"), Decimal("3000"))


def test_debt_form_names_every_mistake_at_once(owner_client: Client, e1_case: Case) -> None:
    bad = {
        "id": "other",
        "lender": "某平台",
        "lender_type": "online_lender",
        "principal": "-100",
        "annual_rate": "24%x",
        "day_basis": "360",
        "method": "equal_installment",
        "term_months": "zero",
        "start_date": "2026-02-30",
        "upfront_fee": "abc",
        "grace_days": "3",
        "penalty_base": "installment",
        "payments": "2026-03-15 -5",
    }
    errors = _errors(owner_client.post(f"/cases/{e1_case.name}/debts/new/", bad))
    assert set(errors) >= {"principal", "annual_rate", "term_months", "start_date", "upfront_fee", "payments"}
    assert "必须是正数金额" in errors["principal"][0]
    assert "第 1 笔的金额" in errors["payments"][0]
    assert e1_case.debts.count() == 1


def test_card_form_names_every_mistake_at_once(owner_client: Client, e1_case: Case) -> None:
    bad = {
        "id": "card",
        "lender": "招商银行信用卡",
        "lender_type": "credit_card",
        "statement_date": "2026-08-05",
        "statement_balance": "-1",
        "due_days": "40",
        "min_payment_percent": "abc",
        "daily_rate": "0.05",
        "day_basis": "360",
        "late_fee_percent": "5",
        "late_fee_min": "x",
        "grace_days": "3",
    }
    errors = _errors(owner_client.post(f"/cases/{e1_case.name}/debts/new/?kind=card", bad))
    assert set(errors) >= {"statement_balance", "due_days", "min_payment_percent", "late_fee_min"}


def test_budget_form_names_every_mistake_at_once(owner_client: Client, e1_case: Case) -> None:
    bad = {
        "monthly_income": "5200",
        "monthly_essential_expenses": "3600",
        "income_wages": "abc",
        "expenditure_housing": "-5",
        "expenditure_food_housekeeping": "lots",
    }
    errors = _errors(owner_client.post(f"/cases/{e1_case.name}/budget/", bad))
    assert set(errors) >= {"income_wages", "expenditure_housing", "expenditure_food_housekeeping"}


def test_negotiation_forms_name_every_mistake_at_once(owner_client: Client, e1_case: Case) -> None:
    contact = _errors(
        owner_client.post(
            f"/cases/{e1_case.name}/contacts/",
            {
                "channel": "phone",
                "direction": "outgoing",
                "occurred_at": "yesterday",
                "said": "",
                "promise_due": "soon",
            },
        )
    )
    assert set(contact) >= {"occurred_at", "said", "promise_due"}
    assert (
        "例如 2026-11-28 10:30" in contact["occurred_at"][0]
        and "例如 2026-01-15" in contact["promise_due"][0]
    )
    offer = _errors(
        owner_client.post(
            f"/cases/{e1_case.name}/offers/",
            {
                "proposed_by": "borrower",
                "proposed_on": "bad",
                "kind": "installments",
                "amount": "abc",
                "months": "0",
            },
        )
    )
    assert set(offer) >= {"proposed_on", "amount", "months"}
    agreement = _errors(
        owner_client.post(
            f"/cases/{e1_case.name}/agreement/",
            {"agreed_on": "bad", "kind": "installments", "amount": "-5", "months": "0", "first_due_date": ""},
        )
    )
    assert set(agreement) >= {"agreed_on", "amount", "months", "first_due_date"}
    assert "不能小于 0.01" in agreement["amount"][0]


def test_mark_paid_names_each_wrong_field(owner_client: Client, e1_case: Case) -> None:
    from xieshang.negotiation.services import agreement_record

    agreement = agreement_record(
        case=e1_case,
        debt=e1_case.debts.get(),
        agreed_on=date(2026, 12, 1),
        kind="installments",
        amount=Decimal("10920.72"),
        months=12,
        first_due_date=date(2027, 1, 1),
    )
    payment = agreement.payments.get(n=1)
    response = owner_client.post(
        f"/cases/{e1_case.name}/agreement/payments/{payment.pk}/paid/",
        {"paid_on": "2027-01-01", "amount": "-5"},
        follow=True,
    )
    page = response.content.decode()
    assert "请填写还款日期" not in page  # the date was filled in: the amount is what is wrong
    assert "不能小于 0.01" in page
