"""Stored cases hold credit cards and agreements exactly as a case file does (spec case-file.md): import,
export and the negotiation record's agreements all give the core the same `[[debts]]` and
`[[debts.agreements]]` keys."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from xieshang.cases.casefile_io import (
    case_data_for_case,
    case_export_text,
    case_file_for_case,
    case_store_from_file,
)
from xieshang.cases.models import Case, Debt
from xieshang.cli.stored import local_user
from xieshang.core.casefile import parse_case_text
from xieshang.core.errors import InputError
from xieshang.negotiation import services
from xieshang.negotiation.models import AgreedPayment, Agreement

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "cases"
C1 = FIXTURES / "c1_card.toml"
A1 = FIXTURES / "a1_agreement.toml"

pytestmark = pytest.mark.django_db


def _store(path: Path, name: str) -> Case:
    return case_store_from_file(
        owner=local_user(), name=name, case_file=parse_case_text(path.read_text(encoding="utf-8"))
    )


def test_a_card_is_stored_with_its_statement_and_read_back_as_the_same_case_file() -> None:
    case_file = parse_case_text(C1.read_text(encoding="utf-8"))
    case = _store(C1, "c1")
    debt = case.debts.get()
    assert debt.method == Debt.Method.REVOLVING and debt.is_revolving
    assert (debt.statement_date, debt.statement_balance, debt.due_days) == (
        date(2026, 8, 5),
        Decimal("20000.00"),
        20,
    )
    assert (debt.min_payment_percent, debt.late_fee_percent, debt.late_fee_min) == (
        Decimal("0.1"),
        Decimal("0.05"),
        Decimal("0"),
    )
    assert debt.principal is None and debt.start_date is None and debt.term_months is None
    assert case_file_for_case(case) == case_file
    text = case_export_text(case)
    assert parse_case_text(text) == case_file
    exported = tomllib.loads(text)["debts"][0]
    # Only a card's keys: a loan's (principal, start_date, upfront_fee …) would be an error.
    assert "principal" not in exported and "start_date" not in exported and "upfront_fee" not in exported
    assert exported["method"] == "revolving" and exported["statement_balance"] == "20000"


def test_an_imported_agreement_is_a_recorded_agreement_with_its_schedule_and_paid_installment() -> None:
    case_file = parse_case_text(A1.read_text(encoding="utf-8"))
    case = _store(A1, "a1")
    agreement = Agreement.objects.get(case=case)
    assert agreement.debt == case.debts.get()
    assert (agreement.agreed_on, agreement.kind, agreement.amount, agreement.months) == (
        date(2026, 12, 1),
        "installments",
        Decimal("10920.72"),
        12,
    )
    assert agreement.first_due_date == date(2027, 1, 1)  # the default: date + 1 month
    rows = list(agreement.payments.order_by("n"))
    assert [r.amount for r in rows] == [Decimal("910.06")] * 11 + [Decimal("910.06")]
    assert rows[-1].due_date == date(2027, 12, 1)
    # The payment after the agreement's date is its first instalment, linked to the debt's payment.
    assert rows[0].paid_on == date(2027, 1, 1) and rows[0].debt_payment is not None
    assert rows[0].debt_payment.amount == Decimal("910.06")
    assert all(r.paid_on is None for r in rows[1:])
    assert case_file_for_case(case) == case_file
    assert parse_case_text(case_export_text(case)) == case_file


def test_replacing_a_case_from_a_file_replaces_its_debts_agreements() -> None:
    case = _store(A1, "a1")
    assert Agreement.objects.filter(case=case).count() == 1
    case_store_from_file(
        owner=local_user(), name="a1", case_file=parse_case_text(A1.read_text(encoding="utf-8"))
    )
    assert Agreement.objects.filter(case=case).count() == 1
    assert AgreedPayment.objects.filter(agreement__case=case).count() == 12


def _agreement(case: Case, **extra: Any) -> Agreement:
    values: dict[str, Any] = {
        "case": case,
        "debt": case.debts.get(),
        "agreed_on": date(2026, 12, 1),
        "kind": "installments",
        "amount": Decimal("10920.72"),
        "months": 12,
        "first_due_date": date(2027, 1, 1),
    }
    return services.agreement_record(**(values | extra))


def test_an_agreement_recorded_on_the_negotiation_pages_is_in_the_case_file(e1_case: Case) -> None:
    _agreement(
        e1_case,
        method="fee_installment",
        annual_rate=Decimal("0.072"),
        penalty_annual_rate=Decimal("0.036"),
        breaks_after_days=30,
    )
    (item,) = case_data_for_case(e1_case)["debts"][0]["agreements"]
    assert item == {
        "date": date(2026, 12, 1),
        "kind": "installments",
        "amount": "10920.72",
        "months": 12,
        "method": "fee_installment",
        "annual_rate": "0.072",
        "first_due": date(2027, 1, 1),
        "penalty_annual_rate": "0.036",
        "breaks_after_days": 30,
    }
    (parsed,) = case_file_for_case(e1_case).debts[0].agreements
    assert (parsed.method, parsed.annual_rate, parsed.breaks_after_days) == (
        "fee_installment",
        Decimal("0.072"),
        30,
    )
    # The agreed schedule shown on the agreement page is the 等本等费 one the engine replays.
    rows = list(Agreement.objects.get().payments.order_by("n"))
    assert rows[0].principal == Decimal("910.06") and rows[0].interest == Decimal(
        "65.52"
    )  # q(10920.72×0.006)
    assert rows[-1].principal == Decimal("10920.72") - Decimal("910.06") * 11


def test_a_one_off_settlement_is_a_settlement_due_on_its_payment_date(e1_case: Case) -> None:
    _agreement(
        e1_case, kind="settlement", months=1, amount=Decimal("9000"), first_due_date=date(2026, 12, 20)
    )
    (item,) = case_data_for_case(e1_case)["debts"][0]["agreements"]
    assert item["kind"] == "settlement" and item["due"] == date(2026, 12, 20)
    assert "months" not in item and "first_due" not in item
    (parsed,) = case_file_for_case(e1_case).debts[0].agreements
    assert parsed.is_settlement and parsed.due == date(2026, 12, 20)


def test_an_agreement_the_core_would_refuse_is_refused_and_nothing_is_written(e1_case: Case) -> None:
    with pytest.raises(InputError, match="agreements"):
        _agreement(e1_case, agreed_on=date(2026, 1, 10), first_due_date=date(2026, 2, 10))  # before the loan
    _agreement(e1_case)
    with pytest.raises(InputError, match="date order"):
        _agreement(e1_case, first_due_date=date(2027, 2, 1))  # a second one on the same day
    with pytest.raises(InputError, match="after the agreement's date"):
        _agreement(e1_case, agreed_on=date(2026, 12, 5), first_due_date=date(2026, 12, 5))
    assert Agreement.objects.count() == 1 and AgreedPayment.objects.count() == 12


def test_editing_the_debt_keeps_its_agreement_and_the_paid_installments_link(
    e1_case: Case, owner_client: Any
) -> None:
    agreement = _agreement(e1_case)
    first = agreement.payments.get(n=1)
    services.agreed_payment_mark_paid(payment=first, paid_on=date(2027, 1, 1))
    first.refresh_from_db()
    linked = first.debt_payment
    assert linked is not None
    page = owner_client.get(f"/cases/{e1_case.name}/debts/jt360/").content.decode()
    assert "2027-01-01 910.06" in page
    form = {
        "id": "jt360",
        "lender": "360借条（改名）",
        "lender_type": "online_lender",
        "principal": "20000.00",
        "daily_rate": "0.05",  # percent a day
        "day_basis": "360",
        "method": "equal_installment",
        "term_months": "12",
        "start_date": "2026-01-15",
        "upfront_fee": "0",
        "fee_per_installment": "0",
        "grace_days": "3",
        "penalty_multiplier": "1.5",
        "penalty_base": "installment",
        "late_fee_fixed": "0",
        "late_fee_percent": "0",
        "acceleration_after_days": "0",
        "payments": "\n".join(
            f"{p.date} {p.amount}" for p in e1_case.debts.get().payments.order_by("date", "pk")
        ),
    }
    r = owner_client.post(f"/cases/{e1_case.name}/debts/jt360/", form)
    assert r.status_code == 302, r.content.decode()[-3000:]
    debt = e1_case.debts.get()
    assert debt.lender == "360借条（改名）" and debt.daily_rate == Decimal("0.0005")
    first.refresh_from_db()
    assert first.debt_payment == linked  # the same row: undoing the mark still removes the payment
    assert case_file_for_case(e1_case).debts[0].agreements[0].amount == Decimal("10920.72")


def test_the_agreement_day_payment_is_refused(e1_case: Case) -> None:
    agreement = _agreement(e1_case)
    with pytest.raises(InputError, match="agreement's day"):
        services.agreed_payment_mark_paid(payment=agreement.payments.get(n=1), paid_on=date(2026, 12, 1))
    assert e1_case.debts.get().payments.count() == 6


def test_an_agreed_payment_on_a_card_becomes_a_payment_of_the_card() -> None:
    # A card has no start date (it was compared with None before); its statement date bounds payments.
    case = _store(C1, "c1")
    agreement = _agreement(case, amount=Decimal("20000"), first_due_date=date(2027, 1, 1))
    services.agreed_payment_mark_paid(payment=agreement.payments.get(n=1), paid_on=date(2027, 1, 1))
    assert [p.date for p in case.debts.get().payments.all()] == [date(2026, 9, 20), date(2027, 1, 1)]
    assert case_file_for_case(case).debts[0].payments[-1].amount == Decimal("1666.67")
