"""The allocation is exact at the size the issue names (20 debts × 12 options), not only where brute
force can follow: checked against an independent exact oracle — a dynamic programme over partial sums
that keeps only the combinations not dominated in (monthly, total, months)."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xieshang.core.plan.allocation import Candidate, allocate

Figures = tuple[int, int, int]


def pareto_oracle(rows: list[list[Figures]], budget: int) -> tuple[int, int] | None:
    """The least (total, months) among combinations with monthly sum ≤ budget; None if none fits."""
    states: set[Figures] = {(0, 0, 0)}
    for row in rows:
        grown = {(m + a, t + b, k + c) for m, t, k in states for a, b, c in row if m + a <= budget}
        front: list[Figures] = []
        for s in sorted(grown):  # by monthly first: a later state is kept only if it improves on all before
            if not any(f[1] <= s[1] and f[2] <= s[2] for f in front):
                front.append(s)
        states = set(front)
        if not states:
            return None
    return min((t, k) for _, t, k in states)


# Hundreds of yuan keep the oracle's fronts small; few distinct values make ties common.
option = st.tuples(
    st.integers(min_value=1, max_value=12),  # monthly, in hundreds
    st.integers(min_value=0, max_value=6),  # total above monthly × 3, in hundreds
    st.sampled_from([3, 6, 12, 24, 36, 60]),
)
rows = st.lists(st.lists(option, min_size=12, max_size=12), min_size=20, max_size=20)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=rows, slack=st.integers(min_value=0, max_value=120))
def test_twenty_debts_match_the_exact_oracle(raw: list[list[tuple[int, int, int]]], slack: int) -> None:
    figures = [[(m * 10_000, (3 * m + extra) * 10_000, months) for m, extra, months in row] for row in raw]
    least = sum(min(f[0] for f in row) for row in figures)
    budget = least + slack * 10_000
    options = [[Candidate(Decimal(m) / 100, Decimal(t) / 100, k) for m, t, k in row] for row in figures]
    got = allocate(options, Decimal(budget) / 100)
    want = pareto_oracle(figures, budget)
    assert want is not None and got.feasible
    assert got.monthly_total <= Decimal(budget) / 100
    assert (int(got.total_payable * 100), got.months_total) == want
