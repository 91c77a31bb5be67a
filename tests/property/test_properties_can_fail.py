"""Every property test of issue 3 can fail: run against a plausible bug (tests/property/mutants.py), it does.

No shrinking and no example database here: we only need Hypothesis to find *a* counterexample, fast, and
the broken engines' failures must not be replayed against the real one.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, Phase, settings

from tests.property import mutants
from tests.property.test_cards_agreements import (
    agreements_equal_daily_oracle,
    an_agreement_never_increases_what_is_owed,
    cards_equal_daily_oracle,
    paying_every_agreed_installment_on_time_leaves_nothing_overdue,
    paying_in_full_inside_the_interest_free_period_owes_nothing,
)
from tests.property.test_debt_properties import (
    an_extra_payment_never_increases_what_is_owed,
    paying_everything_due_leaves_nothing_overdue,
    penalty_never_decreases_when_nothing_is_paid,
    schedule_sums_to_the_loan,
    splitting_a_payment_changes_nothing,
)
from tests.property.test_engine_vs_oracle import engine_equals_daily_oracle

HUNT = settings(
    max_examples=600,
    deadline=None,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)

CASES: dict[str, Callable[[], None]] = {
    "schedule sums to the loan / last instalment without the remainder": schedule_sums_to_the_loan(
        mutants.schedule_without_remainder, HUNT
    ),
    "paying everything due leaves dpd 0 / payment booked a day late": paying_everything_due_leaves_nothing_overdue(
        mutants.booked_next_day, HUNT
    ),
    "extra payment never increases the debt / credit counted as owed": an_extra_payment_never_increases_what_is_owed(
        mutants.credit_counted_as_owed, HUNT
    ),
    "penalty never decreases / penalty of old instalments written off": penalty_never_decreases_when_nothing_is_paid(
        mutants.written_off_after_90_days, HUNT
    ),
    "splitting a payment changes nothing / last payment of a day overwrites the others": splitting_a_payment_changes_nothing(
        mutants.last_payment_of_the_day, HUNT
    ),
    "engine equals the daily oracle / day basis fixed at 365": engine_equals_daily_oracle(
        mutants.day_basis_365, HUNT
    ),
    "cards equal the daily oracle / card day basis fixed at 365": cards_equal_daily_oracle(
        mutants.card_day_basis_365, HUNT
    ),
    "agreements equal the daily oracle / waived amount not revived on breaking": agreements_equal_daily_oracle(
        mutants.waived_not_revived, HUNT
    ),
    "paid in full inside the interest-free period owes nothing / card payment booked a day late": (
        paying_in_full_inside_the_interest_free_period_owes_nothing(mutants.card_booked_next_day, HUNT)
    ),
    "an agreement never increases what is owed / penalty charged despite the agreement": (
        an_agreement_never_increases_what_is_owed(mutants.penalty_despite_agreement, HUNT)
    ),
    "agreed instalments paid on time leave dpd 0 / payment booked a day late": (
        paying_every_agreed_installment_on_time_leaves_nothing_overdue(mutants.booked_next_day, HUNT)
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_property_catches_a_wrong_engine(name: str) -> None:
    with pytest.raises(AssertionError):
        CASES[name]()


def test_each_mutant_really_differs_from_the_engine() -> None:
    """On one hand-made overdue debt every broken engine gives another answer than the real one, so the
    failures above come from the bug, not from a flaky property."""
    from dataclasses import replace
    from datetime import date
    from decimal import Decimal

    from tests.property.strategies import to_terms
    from xieshang.core.replay import replay
    from xieshang.core.schedule import contract_schedule

    terms = to_terms(
        {
            "id": "d",
            "lender": "L",
            "lender_type": "bank",
            "principal": "100000",
            "annual_rate": "0.12",
            "method": "equal_installment",
            "term_months": 3,
            "start_date": date(2026, 1, 15),
            "payments": [
                {"date": date(2026, 2, 15), "amount": "20000"},
                {"date": date(2026, 2, 15), "amount": "50000"},
            ],
        }
    )
    schedule = contract_schedule(terms)
    on = date(2026, 9, 1)
    real = replay(terms, schedule, on)
    for broken in (mutants.booked_next_day, mutants.day_basis_365, mutants.written_off_after_90_days):
        assert broken(terms, schedule, on) != real, broken.__name__
    assert sum(r.principal for r in mutants.schedule_without_remainder(terms)) != terms.principal
    overpaid = replace(terms, payments=(replace(terms.payments[0], amount=Decimal("500000")),))
    assert mutants.credit_counted_as_owed(overpaid, schedule, on) != replay(overpaid, schedule, on)
    assert mutants.last_payment_of_the_day(terms, schedule, on) != real
