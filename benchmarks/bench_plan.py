"""Plan benchmarks: the exact allocation (HiGHS) against brute force, and `plan` end to end.

- plan.allocation_20x12: HiGHS on 20 debts × 12 options; baseline: brute force on the largest size it
  finishes in this run (5 debts, quick: 4) — 12^20 combinations are out of reach for brute force.
- plan.allocation_same_size: HiGHS vs brute force on that same largest size (both exact, same answer).
- plan.end_to_end_20: assess + options + allocation + recommendations for a 20-debt case; baseline:
  the debt engine's assessment alone (what `assess` costs), so the ratio is the plan's overhead.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from benchmarks.framework import BenchResult, best_of
from xieshang.core.plan.allocation import Candidate, allocate, allocate_brute_force
from xieshang.core.plan.options import GRID_MONTHS, DebtPosition, installment_grid

ON = date(2026, 11, 28)
TYPES = ("bank", "credit_card", "consumer_finance", "microloan", "online_lender", "private")
LENDERS = ("360借条", "借呗", "微粒贷", "某银行信用卡", "招联金融", "美团月付", "京东金条", "某小贷")


def _grids(n: int, rng: random.Random) -> tuple[list[list[Candidate]], Decimal]:
    rows = []
    least = Decimal(0)
    for i in range(n):
        principal = Decimal(rng.randint(200_000, 5_000_000)) / 100
        rate = Decimal(rng.choice(["0.072", "0.18", "0.24", "0.36"]))
        pos = DebtPosition(
            f"d{i}",
            "L",
            "online_lender",
            rate,
            principal,
            Decimal(0),
            Decimal(0),
            Decimal(0),
            Decimal(0),
            principal,
        )
        grid = installment_grid(pos, ON)
        rows.append([Candidate(o.monthly_payment, o.total_payable, o.months or 0) for o in grid])
        least += min(c.monthly for c in rows[-1])
    return rows, (least * Decimal("1.6")).quantize(Decimal("0.01"))


def _case_text(n: int, rng: random.Random) -> str:
    lines = [
        "as_of = 2026-11-28",
        "[borrower]",
        'name = "测试"',
        'monthly_income = "30000.00"',
        'monthly_essential_expenses = "8000.00"',
    ]
    for i in range(n):
        start = date(2026, 1, 1) + timedelta(days=rng.randint(0, 200))
        months = rng.choice([6, 12, 24])
        principal = rng.randint(2000, 50000)
        lines += [
            "[[debts]]",
            f'id = "d{i}"',
            f'lender = "{rng.choice(LENDERS)}"',
            f'lender_type = "{rng.choice(TYPES)}"',
            f'principal = "{principal}.00"',
            f'annual_rate = "{rng.choice(["0.072", "0.18", "0.24"])}"',
            'method = "equal_installment"',
            f"term_months = {months}",
            f"start_date = {start.isoformat()}",
            "grace_days = 3",
        ]
        for k in range(rng.randint(0, 4)):
            lines += [
                "[[debts.payments]]",
                f"date = {(start + timedelta(days=31 * (k + 1))).isoformat()}",
                f'amount = "{principal // months + 50}.00"',
            ]
    return "\n".join(lines) + "\n"


def run(quick: bool) -> list[BenchResult]:
    rng = random.Random(20261128)
    big, big_budget = _grids(20, rng)
    brute_n = 5 if quick else 6
    small, small_budget = _grids(brute_n, rng)
    assert (
        allocate(small, small_budget).total_payable == allocate_brute_force(small, small_budget).total_payable
    )
    repeats = 3 if quick else 5
    t_big = best_of(repeats, lambda: allocate(big, big_budget))
    t_small = best_of(repeats, lambda: allocate(small, small_budget))
    t_brute = best_of(1, lambda: allocate_brute_force(small, small_budget))
    combos = len(GRID_MONTHS) * 2
    results = [
        BenchResult(
            "plan.allocation_20x12",
            t_big,
            "s",
            f"brute force, {brute_n} debts × 12 ({combos**brute_n:,} combinations)",
            t_brute,
            "value <= 1",
            note=f"brute force at 20 debts would take ~{t_brute * combos ** (20 - brute_n):.1e} s",
        ),
        BenchResult(
            "plan.allocation_same_size",
            t_small,
            "s",
            f"brute force, {brute_n} debts × 12",
            t_brute,
            "ratio <= 0.1",
        ),
    ]

    from xieshang.cli.plan import build
    from xieshang.core.casefile import parse_case_text
    from xieshang.core.status import assess_case
    from xieshang.knowledge.lpr import load_lpr
    from xieshang.knowledge.rules import load_rules

    case = parse_case_text(_case_text(20, rng))
    lpr, rules = load_lpr(), load_rules()
    t_plan = best_of(repeats, lambda: build(case, ON))
    t_assess = best_of(repeats, lambda: assess_case(case, ON, lpr, rules))
    results.append(
        BenchResult(
            "plan.end_to_end_20",
            t_plan,
            "s",
            "assess_case alone (the debt engine)",
            t_assess,
            "value <= 1",
            note="plan = assessment + ~30 options per debt + allocation + recommendations",
        )
    )
    return results
