"""Allocation: the spec's rules on hand-made cases (E1's grid, ties, infeasible budgets)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xieshang.core.errors import InputError
from xieshang.core.plan.allocation import Candidate, allocate, allocate_brute_force

D = Decimal


def c(monthly: str, total: str, months: int) -> Candidate:
    return Candidate(monthly=D(monthly), total=D(total), months=months)


# E1's fixed-core grid (figures from spec/calculations.md where given; the rest q(base/n) at 0 %).
E1_ZERO = [
    c("3640.24", "10920.72", 3),
    c("1820.12", "10920.72", 6),
    c("910.06", "10920.72", 12),
    c("455.03", "10920.72", 24),
    c("303.35", "10920.72", 36),
    c("182.01", "10920.72", 60),
]


def test_e1_ties_on_total_go_to_the_fewest_months() -> None:
    options = [[*E1_ZERO, c("1001.21", "12014.55", 12), c("1821.00", "11300.00", 6)]]
    got = allocate(options, D("1600.00"))
    assert got.feasible
    assert got.choice == (2,)  # 12 months at 0 %
    assert got.monthly_total == D("910.06") and got.total_payable == D("10920.72")


def test_months_tie_break_is_across_debts_not_per_debt() -> None:
    # Debt A: 12 months or 3 months at the same total; debt B likewise: total 24 months vs 6 in all.
    options = [[c("100", "1200", 12), c("400", "1200", 3)], [c("100", "1200", 12), c("400", "1200", 3)]]
    assert allocate(options, D("500")).months_total == 15
    assert allocate(options, D("800")).months_total == 6
    assert allocate(options, D("200")).months_total == 24


def test_least_total_wins_over_months_when_it_fits() -> None:
    options = [[c("300", "3000", 10), c("600", "2400", 4)], [c("250", "2500", 10), c("500", "2000", 4)]]
    got = allocate(options, D("850"))
    # 600+250=850 fits with total 4900; 300+500 = 800 total 5000; 600+500 = 1100 does not fit.
    assert got.feasible and got.total_payable == D("4900") and got.choice == (1, 0)


def test_infeasible_reports_the_least_monthly_sum_then_least_total() -> None:
    options = [[c("500", "6000", 12), c("500", "5500", 12), c("900", "5000", 6)], [c("700", "8000", 12)]]
    got = allocate(options, D("1000"))
    assert not got.feasible
    assert got.monthly_total == D("1200") and got.total_payable == D("13500") and got.choice == (1, 0)
    assert got == allocate_brute_force(options, D("1000"))


def test_negative_disposable_income_is_infeasible_not_an_error() -> None:
    got = allocate([E1_ZERO], D("-200.00"))
    assert not got.feasible and got.monthly_total == D("182.01")


def test_twenty_debts_times_twelve_options_solve_exactly_and_fast() -> None:
    import random
    import time

    rng = random.Random(7)
    options = []
    for _ in range(20):
        base = D(rng.randint(100_000, 5_000_000)) / 100
        row = []
        for months in (3, 6, 12, 24, 36, 60):
            for rate in (D(0), D("0.015")):
                monthly = (base * (rate + 1 / D(months))).quantize(D("0.01"))
                row.append(Candidate(monthly=monthly, total=monthly * months, months=months))
        options.append(row)
    least = sum(min(x.monthly for x in row) for row in options)
    start = time.perf_counter()
    got = allocate(options, least * D("1.8"))
    elapsed = time.perf_counter() - start
    assert got.feasible and got.monthly_total <= least * D("1.8")
    assert elapsed < 1.0


def test_bad_input() -> None:
    with pytest.raises(InputError):
        allocate([], D("1"))
    with pytest.raises(InputError):
        allocate([[]], D("1"))
    with pytest.raises(InputError):
        allocate([[c("1.005", "2", 1)]], D("10"))
