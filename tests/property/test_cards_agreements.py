"""Cards and agreements: the event engine equals the literal daily walk on random cards and random
agreements (breaking included), and the issue's properties hold (issue 13, "Proof")."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.property.oracle import oracle_debt, oracle_replay, oracle_revolving
from tests.property.strategies_cards import cards, debts_with_agreements
from xieshang.core.agreements import agreed_schedule, replay_debt
from xieshang.core.casefile import DebtTerms, Payment
from xieshang.core.replay import ReplayEngine, replay
from xieshang.core.revolving import RevolvingEngine, revolving_replay

SETTINGS = settings(
    max_examples=int(os.environ.get("XS_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
Property = Callable[[], None]
days_after = st.one_of(st.integers(-3, 450), st.integers(0, 60))


def cards_equal_daily_oracle(
    engine: RevolvingEngine = revolving_replay, config: settings = SETTINGS
) -> Property:
    @config
    @given(terms=cards(), offset=days_after)
    def check(terms: DebtTerms, offset: int) -> None:
        on = terms.start_date + timedelta(days=offset)
        fast = replay_debt(terms, on, revolving_engine=engine)
        slow = replay_debt(terms, on, engine=oracle_replay, revolving_engine=oracle_revolving)
        assert fast == slow

    return check


def agreements_equal_daily_oracle(engine: ReplayEngine = replay, config: settings = SETTINGS) -> Property:
    @config
    @given(terms=debts_with_agreements(), offset=st.integers(-5, 700))
    def check(terms: DebtTerms, offset: int) -> None:
        on = terms.agreements[0].date + timedelta(days=offset)
        fast = replay_debt(terms, on, engine=engine)
        slow = replay_debt(terms, on, engine=oracle_replay, revolving_engine=oracle_revolving)
        assert fast == slow

    return check


def paying_in_full_inside_the_interest_free_period_owes_nothing(
    engine: RevolvingEngine = revolving_replay, config: settings = SETTINGS
) -> Property:
    @config
    @given(terms=cards(payments=False), data=st.data())
    def check(terms: DebtTerms, data: st.DataObject) -> None:
        card = terms.revolving
        assert card is not None
        window = card.due_days + terms.grace_days
        day = terms.start_date + timedelta(days=data.draw(st.integers(1, window)))
        part = data.draw(st.integers(0, int(card.statement_balance * 100))) / Decimal(100)
        paid = (Payment(day, part), Payment(day, card.statement_balance - part))
        on = day + timedelta(days=data.draw(st.integers(0, 400)))
        s = replay_debt(replace(terms, payments=paid), on, revolving_engine=engine).status
        assert s.payoff_now == s.total_due_now == s.late_fees_unpaid == s.overdue_interest == 0
        assert s.dpd == 0 and s.minimum_payment_due == 0 and s.daily_penalty_now == 0

    return check


def an_agreement_never_increases_what_is_owed(
    engine: ReplayEngine = replay, config: settings = SETTINGS
) -> Property:
    """On its date an agreement with amount ≤ owed leaves amount ≤ owed payable; at 0 % and no penalty it
    never grows afterwards, whatever is paid."""

    @config
    @given(terms=debts_with_agreements(), later=st.integers(0, 500))
    def check(terms: DebtTerms, later: int) -> None:
        first = terms.agreements[0]
        without = replay_debt(replace(terms, agreements=()), first.date, engine=engine).status
        if first.amount > without.payoff_now:
            return
        flat = replace(first, annual_rate=Decimal(0), penalty_annual_rate=Decimal(0), breaks_after_days=0)
        agreed = replace(terms, agreements=(flat,))
        on_the_day = replay_debt(agreed, first.date, engine=engine)
        assert on_the_day.agreement is not None and on_the_day.agreement.owed == without.payoff_now
        assert on_the_day.status.payoff_now == flat.amount <= without.payoff_now
        assert on_the_day.agreement.waived == without.payoff_now - flat.amount
        later_on = replay_debt(agreed, first.date + timedelta(days=later), engine=engine).status
        assert later_on.payoff_now <= flat.amount

    return check


def paying_every_agreed_installment_on_time_leaves_nothing_overdue(
    engine: ReplayEngine = replay, config: settings = SETTINGS
) -> Property:
    @config
    @given(terms=debts_with_agreements(), later=st.integers(0, 800))
    def check(terms: DebtTerms, later: int) -> None:
        last = terms.agreements[-1]
        schedule = agreed_schedule(last)
        before = tuple(p for p in terms.payments if p.date <= last.date)
        paid = before + tuple(Payment(r.due_date, r.total) for r in schedule if r.total > 0)
        on = last.date + timedelta(days=later)
        r = replay_debt(replace(terms, payments=paid), on, engine=engine)
        s, ag = r.status, r.agreement
        assert ag is not None and ag.broken_on is None
        assert s.dpd == 0 and s.penalty_unpaid == 0 and s.daily_penalty_now == 0 and s.overdue_principal == 0
        due = sum(1 for row in schedule if row.due_date <= on)
        assert ag.installments_paid >= due
        if on >= schedule[-1].due_date:
            assert ag.installments_paid == ag.installments_total and s.payoff_now == 0

    return check


test_cards_equal_the_daily_oracle = cards_equal_daily_oracle()
test_agreements_equal_the_daily_oracle = agreements_equal_daily_oracle()
test_paying_in_full_inside_the_interest_free_period_owes_nothing = (
    paying_in_full_inside_the_interest_free_period_owes_nothing()
)
test_an_agreement_never_increases_what_is_owed = an_agreement_never_increases_what_is_owed()
test_paying_every_agreed_installment_on_time_leaves_nothing_overdue = (
    paying_every_agreed_installment_on_time_leaves_nothing_overdue()
)


def test_breaking_is_reached_by_the_strategy() -> None:
    """The oracle comparison above must meet broken agreements, or it proves nothing about breaking."""
    seen: list[date] = []

    @settings(max_examples=150, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(terms=debts_with_agreements())
    def look(terms: DebtTerms) -> None:
        r = replay_debt(terms, terms.agreements[-1].date + timedelta(days=400))
        if r.agreement is not None and r.agreement.broken_on is not None:
            seen.append(r.agreement.broken_on)

    look()
    assert seen


@SETTINGS
@given(terms=debts_with_agreements(), offset=st.integers(-5, 700))
def test_the_agreement_phases_equal_an_independent_daily_walk(terms: DebtTerms, offset: int) -> None:
    """The phase driver (owed, waived, which payments belong to which phase) against the oracle's own,
    written separately, each phase a literal daily walk."""
    on = terms.agreements[0].date + timedelta(days=offset)
    fast = replay_debt(terms, on)
    slow = oracle_debt(terms, on)
    assert fast.installments == slow.installments and fast.card == slow.card and fast.credit == slow.credit
    assert fast.status.payoff_now == slow.payoff_now or fast.card is not None
    if fast.agreement is None:
        assert slow.owed == ()
    else:
        assert fast.agreement.owed == slow.owed[-1] and fast.agreement.waived == slow.waived[-1]
        assert fast.agreement.broken_on == slow.broken_on
