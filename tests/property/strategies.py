"""Hypothesis strategies: random but valid debts (through the real case-file parser), all methods."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from xieshang.core.casefile import DebtTerms, parse_case_data

BORROWER = {"name": "测试", "monthly_income": "5000", "monthly_essential_expenses": "3000"}


def cents(low: str, high: str) -> st.SearchStrategy[Decimal]:
    return st.integers(int(Decimal(low) * 100), int(Decimal(high) * 100)).map(lambda c: Decimal(c) / 100)


def rates(high: str) -> st.SearchStrategy[Decimal]:
    return st.integers(0, int(Decimal(high) * 10000)).map(lambda b: Decimal(b) / 10000)


@st.composite
def debt_data(draw: st.DrawFn, *, acceleration: bool = True, payments: bool = True) -> dict[str, Any]:
    method = draw(
        st.sampled_from(
            ["equal_installment", "equal_principal", "interest_first", "bullet", "fee_installment"]
        )
    )
    principal = draw(cents("100", "50000"))
    item: dict[str, Any] = {
        "id": "d",
        "lender": "L",
        "lender_type": draw(st.sampled_from(["bank", "consumer_finance", "online_lender", "private"])),
        "principal": str(principal),
        "day_basis": draw(st.sampled_from([360, 365])),
        "method": method,
        "start_date": date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 900))),
        "upfront_fee": str(draw(st.one_of(st.just(Decimal(0)), cents("0", str(principal / 10))))),
        "fee_per_installment": str(draw(st.one_of(st.just(Decimal(0)), cents("0", "50")))),
        "grace_days": draw(st.sampled_from([0, 0, 1, 3, 5, 10])),
        "penalty_base": draw(st.sampled_from(["installment", "principal"])),
        "late_fee_fixed": str(draw(st.one_of(st.just(Decimal(0)), cents("0", "100")))),
        "late_fee_percent": str(draw(st.one_of(st.just(Decimal(0)), rates("0.05")))),
        "acceleration_after_days": draw(st.sampled_from([0, 0, 1, 15, 60, 91])) if acceleration else 0,
    }
    if draw(st.booleans()):
        item["annual_rate"] = str(draw(rates("0.36")))
    else:
        item["daily_rate"] = str(draw(st.integers(0, 10)) * Decimal("0.0001"))
    if method == "bullet" and draw(st.booleans()):
        item["term_days"] = draw(st.integers(7, 365))
    else:
        item["term_months"] = draw(st.integers(1, 18))
    choice = draw(st.sampled_from(["default", "multiplier", "explicit"]))
    if choice == "multiplier":
        item["penalty_multiplier"] = str(draw(st.sampled_from(["1", "1.3", "1.5", "2"])))
    elif choice == "explicit":
        item["penalty_annual_rate"] = str(draw(rates("0.5")))
    if payments:
        item["payments"] = draw(payment_lists(item["start_date"], principal))
    return item


@st.composite
def payment_lists(draw: st.DrawFn, start: date, principal: Decimal) -> list[dict[str, Any]]:
    typical = max(principal / 6, Decimal("1"))
    amount = st.one_of(
        cents("0.01", "50"),
        cents(str(typical / 2), str(typical * 2)),
        cents("1", str(principal * Decimal("1.3"))),
    )
    rows = draw(st.lists(st.tuples(day_offsets(1), amount), max_size=10))
    return [{"date": start + timedelta(days=offset), "amount": str(value)} for offset, value in rows]


def day_offsets(low: int) -> st.SearchStrategy[int]:
    """Days after the start: anywhere, or near a monthly due date (inside or just after a grace period)."""
    near_due = st.builds(lambda k, d: max(low, 30 * k + d), st.integers(1, 18), st.integers(-3, 12))
    return st.one_of(st.integers(low, 600), near_due)


def to_terms(item: dict[str, Any]) -> DebtTerms:
    return parse_case_data({"borrower": BORROWER, "debts": [item]}).debts[0]


@st.composite
def debts(draw: st.DrawFn, **kwargs: bool) -> DebtTerms:
    return to_terms(draw(debt_data(**kwargs)))


evaluation_offsets = st.one_of(st.integers(-5, 0), day_offsets(1))
