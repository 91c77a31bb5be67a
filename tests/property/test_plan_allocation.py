"""The HiGHS allocation is optimal: it agrees with brute force on random small cases."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xieshang.core.plan.allocation import Candidate, allocate, allocate_brute_force

FEN = Decimal("0.01")

money = st.integers(min_value=0, max_value=500_000).map(lambda c: Decimal(c) * FEN)
candidate = st.builds(
    lambda monthly, extra, months: Candidate(monthly=monthly, total=monthly + extra, months=months),
    st.integers(min_value=1, max_value=200_000).map(lambda c: Decimal(c) * FEN),
    money,
    st.sampled_from([1, 3, 6, 12, 24, 36, 60]),
)
# Few distinct values make ties likely, which is where tie-breaking mistakes hide.
tie_prone = st.builds(
    lambda m, t, months: Candidate(monthly=Decimal(m * 100), total=Decimal(t * 100), months=months),
    st.integers(min_value=1, max_value=4),
    st.integers(min_value=4, max_value=8),
    st.sampled_from([3, 12]),
)
cases = st.lists(st.lists(st.one_of(candidate, tie_prone), min_size=1, max_size=5), min_size=1, max_size=4)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(options=cases, budget_cents=st.integers(min_value=0, max_value=600_000))
def test_allocation_matches_brute_force(options: list[list[Candidate]], budget_cents: int) -> None:
    disposable = Decimal(budget_cents) * FEN
    got = allocate(options, disposable)
    want = allocate_brute_force(options, disposable)
    assert got.feasible == want.feasible
    if want.feasible:
        assert got.monthly_total <= disposable
        assert (got.total_payable, got.months_total) == (want.total_payable, want.months_total)
    else:
        assert (got.monthly_total, got.total_payable) == (want.monthly_total, want.total_payable)
    # The summary agrees with the choice it reports.
    picked = [options[i][j] for i, j in enumerate(got.choice)]
    assert got.total_payable == sum((c.total for c in picked), Decimal("0"))
    assert got.monthly_total == sum((c.monthly for c in picked), Decimal("0"))


@settings(max_examples=60, deadline=None)
@given(options=cases, budget_cents=st.integers(min_value=0, max_value=600_000))
def test_allocation_is_deterministic(options: list[list[Candidate]], budget_cents: int) -> None:
    disposable = Decimal(budget_cents) * FEN
    assert allocate(options, disposable) == allocate(options, disposable)
