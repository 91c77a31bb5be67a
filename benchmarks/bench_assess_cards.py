"""`assess.cards_agreements_vs_oracle`: cards and agreements in the event engine against the daily oracles.

A seeded 20-debt case: 10 loans as in bench_assess, 5 credit cards (a statement ~20 months before D, then
paid irregularly: minimums, part-payments, gaps) and 5 debts under an agreement (4 loans, 1 card; 12–24
agreed instalments, some paid late, two breaking). Both run the whole `assess_case` (replays under the terms
in force, status, APR, XIRR, flags, cost of waiting at 30/90/180 days); the results must be identical.
Goal: the event engine takes at most 5 % of the oracles' time (≥ 20× faster).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from tests.property.oracle import oracle_replay, oracle_revolving

from benchmarks.bench_assess import make_case as make_loans
from benchmarks.framework import BenchResult, best_of
from xieshang.core.casefile import CaseFile, case_file_to_data, parse_case_data
from xieshang.core.dates import add_months
from xieshang.core.status import assess_case
from xieshang.knowledge.lpr import load_lpr
from xieshang.knowledge.rules import load_rules

ON = date(2026, 11, 28)
_BORROWER = {"name": "bench", "monthly_income": "8000", "monthly_essential_expenses": "4000"}


def _card(rng: random.Random, k: int) -> dict[str, Any]:
    start = ON - timedelta(days=600 + rng.randint(-15, 15))
    balance = Decimal(rng.randint(3_000, 80_000))
    due_days = rng.choice([18, 20, 25])
    payments = []
    for month in range(1, 20):
        if rng.random() < 0.3:
            continue  # a month missed
        share = Decimal(rng.choice([5, 10, 10, 12, 30])) / 100
        when = add_months(start, month) + timedelta(days=rng.randint(1, due_days + 4))
        payments.append({"date": when, "amount": f"{balance * share / 3:.2f}"})
    return {
        "id": f"card{k}",
        "lender": f"bank card {k}",
        "lender_type": "credit_card",
        "method": "revolving",
        "statement_date": start,
        "statement_balance": f"{balance}.00",
        "due_days": due_days,
        "daily_rate": rng.choice(["0.0005", "0.0004", "0.00035"]),
        "grace_days": rng.choice([0, 2, 3]),
        "late_fee_percent": "0.05",
        "late_fee_min": rng.choice(["0", "10"]),
        "payments": payments,
    }


def _agreement(rng: random.Random, item: dict[str, Any], breaking: bool) -> None:
    """An agreement ~8 months before D on `item`, with payments of most agreed instalments."""
    when = ON - timedelta(days=240 + rng.randint(-10, 10))
    months = rng.choice([12, 18, 24])
    amount = Decimal(item.get("statement_balance") or item["principal"]) * Decimal("0.6")
    item["agreements"] = [
        {
            "date": when,
            "kind": "installments",
            "amount": f"{amount:.2f}",
            "months": months,
            "method": rng.choice(["equal_installment", "fee_installment"]),
            "annual_rate": rng.choice(["0", "0.06"]),
            "penalty_annual_rate": "0.18",
            "breaks_after_days": 30,
        }
    ]
    item["payments"] = [p for p in item.get("payments", []) if p["date"] <= when]
    installment = amount / months * Decimal("1.05")
    for k in range(1, 9):
        if breaking and k > 4:
            break  # stops paying: the agreement breaks
        late = rng.choice([0, 0, 0, 5, 12])
        item["payments"].append(
            {"date": add_months(when, k) + timedelta(days=late), "amount": f"{installment:.2f}"}
        )


def make_case(debts: int = 20, seed: int = 20261202) -> tuple[CaseFile, date]:
    rng = random.Random(seed)
    loans, on = make_loans(debts - debts // 4, seed)
    assert on == ON
    items = case_file_to_data(loans)["debts"]
    cards = [_card(rng, k) for k in range(max(1, debts // 4))]
    under = [*items[: len(cards) - 1], cards[-1]] if len(cards) > 1 else [cards[-1]]
    for j, item in enumerate(under):
        _agreement(rng, item, breaking=j < 2)
    return parse_case_data({"borrower": _BORROWER, "debts": [*items, *cards]}), on


def run(quick: bool) -> list[BenchResult]:
    case, on = make_case(4 if quick else 20)
    lpr, rules = load_lpr(), load_rules()

    def fast() -> Any:
        return assess_case(case, on, lpr, rules)

    def slow() -> Any:
        return assess_case(case, on, lpr, rules, engine=oracle_replay, revolving_engine=oracle_revolving)

    if fast() != slow():
        raise AssertionError("the event engine and the daily oracles disagree on cards or agreements")
    engine_time = oracle_time = float("inf")
    for _ in range(3):
        engine_time = min(engine_time, best_of(3, fast))
        oracle_time = min(oracle_time, best_of(1, slow))
    cards = sum(1 for d in case.debts if d.is_revolving)
    agreed = sum(1 for d in case.debts if d.agreements)
    return [
        BenchResult(
            name="assess.cards_agreements_vs_oracle",
            value=engine_time,
            unit="s",
            baseline="literal day-by-day oracles (tests/property/oracle.py), same assess_case",
            baseline_value=oracle_time,
            goal="ratio <= 0.05",
            note=f"{len(case.debts)} debts ({cards} cards, {agreed} under an agreement), "
            f"{sum(len(d.payments) for d in case.debts)} payments; identical output; "
            f"speed-up {oracle_time / engine_time:.1f}x",
        )
    ]
