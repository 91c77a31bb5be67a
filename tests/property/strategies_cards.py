"""Hypothesis strategies for credit cards (`method = "revolving"`) and `[[debts.agreements]]`, through the
real case-file parser. Payments cluster where the rules change: around statements, window ends and the
agreed due dates."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from tests.property.strategies import cents, debt_data, rates, to_terms
from xieshang.core.casefile import DebtTerms


@st.composite
def card_data(draw: st.DrawFn, *, payments: bool = True) -> dict[str, Any]:
    balance = draw(cents("50", "50000"))
    due_days = draw(st.sampled_from([1, 10, 18, 20, 20, 25]))
    grace = min(draw(st.sampled_from([0, 0, 1, 3, 27])), 27 - due_days)
    item: dict[str, Any] = {
        "id": "card",
        "lender": "卡",
        "lender_type": "credit_card",
        "method": "revolving",
        "statement_date": date(2024, 1, 1) + timedelta(days=draw(st.integers(0, 900))),
        "statement_balance": str(balance),
        "due_days": due_days,
        "grace_days": grace,
        "day_basis": draw(st.sampled_from([360, 365])),
        "min_payment_percent": str(draw(st.sampled_from(["0", "0.05", "0.1", "0.1", "1"]))),
        "late_fee_percent": str(draw(st.sampled_from(["0", "0.05", "0.05", "0.1"]))),
        "late_fee_min": str(draw(st.sampled_from([Decimal(0), Decimal(0), Decimal("5.00"), Decimal("50")]))),
    }
    if draw(st.booleans()):
        item["daily_rate"] = str(draw(st.integers(0, 10)) * Decimal("0.0001"))
    else:
        item["annual_rate"] = str(draw(rates("0.36")))
    if payments:
        window = due_days + grace
        near = st.builds(
            lambda k, d: max(1, 30 * k + d), st.integers(0, 14), st.integers(window - 3, window + 3)
        )
        near_statement = st.builds(lambda k, d: max(1, 30 * k + d), st.integers(1, 14), st.integers(-2, 2))
        offsets = st.one_of(st.integers(1, 450), near, near_statement)
        amount = st.one_of(
            cents("0.01", "50"), cents("1", str(balance / 5)), cents("1", str(balance * Decimal("1.2")))
        )
        rows = draw(st.lists(st.tuples(offsets, amount), max_size=8))
        item["payments"] = [
            {"date": item["statement_date"] + timedelta(days=o), "amount": str(a)} for o, a in rows
        ]
    return item


@st.composite
def agreement_rows(draw: st.DrawFn, start: date, scale: Decimal) -> list[dict[str, Any]]:
    """0–2 agreements after `start`, with amounts around `scale`."""
    rows: list[dict[str, Any]] = []
    day = start
    for _ in range(draw(st.integers(1, 2))):
        day = day + timedelta(days=draw(st.integers(1, 240)))
        kind = draw(st.sampled_from(["installments", "installments", "settlement"]))
        row: dict[str, Any] = {
            "date": day,
            "kind": kind,
            "amount": str(draw(cents("1", str(max(scale, Decimal(2)))))),
            "penalty_annual_rate": str(draw(st.sampled_from(["0", "0", "0.18", "0.36"]))),
            "breaks_after_days": draw(st.sampled_from([0, 0, 1, 15, 30, 60])),
        }
        if kind == "settlement":
            row["due"] = day + timedelta(days=draw(st.integers(1, 90)))
        else:
            row["months"] = draw(st.integers(1, 18))
            row["method"] = draw(
                st.sampled_from(["equal_installment", "equal_principal", "interest_first", "fee_installment"])
            )
            row["annual_rate"] = str(draw(st.sampled_from(["0", "0", "0.072", "0.18"])))
            if draw(st.booleans()):
                row["first_due"] = day + timedelta(days=draw(st.integers(1, 45)))
        rows.append(row)
    return rows


@st.composite
def debts_with_agreements(draw: st.DrawFn, *, cards: bool = True) -> DebtTerms:
    """A loan or a card with agreements, and payments around the agreed due dates too."""
    item = draw(card_data()) if cards and draw(st.booleans()) else draw(debt_data())
    start = item.get("statement_date") or item["start_date"]
    scale = Decimal(item.get("statement_balance") or item["principal"]) * Decimal("1.2")
    item["agreements"] = draw(agreement_rows(start, scale))
    extra = []
    for a in item["agreements"]:
        first = a.get("first_due") or a.get("due") or a["date"] + timedelta(days=30)
        for _ in range(draw(st.integers(0, 4))):
            offset = draw(st.integers(-3, 400))
            amount = draw(cents("1", str(Decimal(a["amount"]) / 3 + 1)))
            when = max(first + timedelta(days=offset), a["date"] + timedelta(days=1))
            extra.append({"date": when, "amount": str(amount)})
    item["payments"] = [*item.get("payments", []), *extra]
    return to_terms(item)


@st.composite
def cards(draw: st.DrawFn, *, payments: bool = True) -> DebtTerms:
    return to_terms(draw(card_data(payments=payments)))
