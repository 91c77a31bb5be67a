"""Properties of schedules and of the replay that must hold for every debt (issue 3, "Proof").

Each property is built by a factory taking the engine (and the schedule builder) it checks, so that
`test_properties_can_fail.py` can run the very same property against a deliberately broken engine and see
it fail: a property that no wrong engine can break proves nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.property.strategies import cents, debts, evaluation_offsets
from xieshang.core.casefile import DebtTerms, Payment
from xieshang.core.replay import ReplayEngine, replay
from xieshang.core.schedule import Installment, contract_schedule, equal_installment_schedule
from xieshang.core.status import DebtStatus, debt_status

SETTINGS = settings(max_examples=150, deadline=None)
ScheduleBuilder = Callable[[DebtTerms], Sequence[Installment]]
Property = Callable[[], None]


def status(terms: DebtTerms, on: date, engine: ReplayEngine = replay) -> DebtStatus:
    schedule = contract_schedule(terms)
    return debt_status(terms, schedule, engine(terms, schedule, on))


def schedule_sums_to_the_loan(
    build: ScheduleBuilder = contract_schedule, config: settings = SETTINGS
) -> Property:
    @config
    @given(terms=debts(payments=False))
    def check(terms: DebtTerms) -> None:
        rows = build(terms)
        assert sum(r.principal for r in rows) == terms.principal
        assert all(
            r.principal >= 0 and r.interest >= 0 and r.total == r.principal + r.interest + r.fee for r in rows
        )
        assert [r.due_date for r in rows] == sorted(r.due_date for r in rows)

    return check


def paying_everything_due_leaves_nothing_overdue(
    engine: ReplayEngine = replay, config: settings = SETTINGS
) -> Property:
    @config
    @given(terms=debts(payments=False), offset=evaluation_offsets)
    def check(terms: DebtTerms, offset: int) -> None:
        paid = tuple(Payment(r.due_date, r.total) for r in contract_schedule(terms) if r.total > 0)
        on = terms.start_date + timedelta(days=offset)
        s = status(replace(terms, payments=paid), on, engine)
        assert s.dpd == 0 and s.bucket == "M0" and not s.in_grace
        assert s.overdue_principal == s.overdue_interest == s.overdue_fees == 0
        assert s.penalty_unpaid == s.late_fees_unpaid == s.daily_penalty_now == 0

    return check


def an_extra_payment_never_increases_what_is_owed(
    engine: ReplayEngine = replay, config: settings = SETTINGS
) -> Property:
    # Without acceleration: a payment that prevents acceleration keeps contract interest that acceleration
    # would have cancelled (docs/calculations.md; pinned in tests/unit/core/test_status_edges.py).
    @config
    @given(
        terms=debts(acceleration=False),
        offset=evaluation_offsets,
        extra_day=st.integers(1, 600),
        extra=cents("0.01", "20000"),
    )
    def check(terms: DebtTerms, offset: int, extra_day: int, extra: Decimal) -> None:
        on = terms.start_date + timedelta(days=offset)
        added = Payment(terms.start_date + timedelta(days=extra_day), extra)
        more = replace(terms, payments=tuple(sorted((*terms.payments, added), key=lambda p: p.date)))
        before, after = status(terms, on, engine), status(more, on, engine)
        assert after.payoff_now <= before.payoff_now
        assert after.total_due_now <= before.total_due_now
        assert after.penalty_unpaid <= before.penalty_unpaid
        assert after.outstanding_principal <= before.outstanding_principal

    return check


def penalty_never_decreases_when_nothing_is_paid(
    engine: ReplayEngine = replay, config: settings = SETTINGS
) -> Property:
    @config
    @given(terms=debts(), offset=evaluation_offsets, later=st.integers(0, 400))
    def check(terms: DebtTerms, offset: int, later: int) -> None:
        on = terms.start_date + timedelta(days=offset)
        frozen = replace(terms, payments=tuple(p for p in terms.payments if p.date <= on))
        first, second = status(frozen, on, engine), status(frozen, on + timedelta(days=later), engine)
        assert second.penalty_unpaid >= first.penalty_unpaid
        assert second.payoff_now >= first.payoff_now - first.accrued_interest
        assert second.dpd >= first.dpd or first.dpd == 0

    return check


def splitting_a_payment_changes_nothing(
    engine: ReplayEngine = replay, config: settings = SETTINGS
) -> Property:
    @config
    @given(terms=debts(), offset=evaluation_offsets, data=st.data())
    def check(terms: DebtTerms, offset: int, data: st.DataObject) -> None:
        if not terms.payments:
            return
        index = data.draw(st.integers(0, len(terms.payments) - 1))
        payment = terms.payments[index]
        part = data.draw(cents("0", str(payment.amount)))
        halves = (Payment(payment.date, part), Payment(payment.date, payment.amount - part))
        split = replace(terms, payments=(*terms.payments[:index], *halves, *terms.payments[index + 1 :]))
        on = terms.start_date + timedelta(days=offset)
        schedule = contract_schedule(terms)
        whole, parts = engine(terms, schedule, on), engine(split, schedule, on)
        assert whole.installments == parts.installments and whole.credit == parts.credit
        assert debt_status(terms, schedule, whole) == debt_status(split, schedule, parts)

    return check


test_schedule_principal_sums_to_the_loan = schedule_sums_to_the_loan()
test_paying_everything_due_on_time_leaves_nothing_overdue = paying_everything_due_leaves_nothing_overdue()
test_an_extra_payment_never_increases_what_is_owed = an_extra_payment_never_increases_what_is_owed()
test_penalty_never_decreases_with_time_when_nothing_is_paid = penalty_never_decreases_when_nothing_is_paid()
test_splitting_a_payment_in_two_on_the_same_day_changes_nothing = splitting_a_payment_changes_nothing()


@SETTINGS
@given(principal=cents("1", "1000000"), rate=st.integers(0, 3600), months=st.integers(1, 60))
def test_equal_installment_totals_are_level(principal: Decimal, rate: int, months: int) -> None:
    rows = equal_installment_schedule(principal, Decimal(rate) / 10000, months, date(2026, 1, 31))
    assert sum(r.principal for r in rows) == principal
    assert len({r.total for r in rows[:-1]}) <= 1
