"""Deliberately wrong engines: each one a plausible bug. `test_properties_can_fail.py` runs every property
of issue 3 against one of them and expects Hypothesis to catch it — proof that the property can fail."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from xieshang.core.casefile import DebtTerms, Payment
from xieshang.core.money import ZERO
from xieshang.core.replay import ReplayResult, replay
from xieshang.core.revolving import RevolvingResult, revolving_replay
from xieshang.core.schedule import Installment, contract_schedule


def schedule_without_remainder(terms: DebtTerms) -> tuple[Installment, ...]:
    """Bug: the last instalment repeats the first one's principal instead of taking the balance left."""
    rows = contract_schedule(terms)
    if len(rows) < 2:
        return rows
    last, first = rows[-1], rows[0]
    fixed = replace(last, principal=first.principal, total=first.principal + last.interest + last.fee)
    return (*rows[:-1], fixed)


def booked_next_day(terms: DebtTerms, schedule: Sequence[Installment], on: date) -> ReplayResult:
    """Bug: a payment is booked the day after it was made (after that day's end-of-grace check)."""
    later = tuple(Payment(p.date + timedelta(days=1), p.amount) for p in terms.payments)
    return replay(replace(terms, payments=later), schedule, on)


def credit_counted_as_owed(terms: DebtTerms, schedule: Sequence[Installment], on: date) -> ReplayResult:
    """Bug: a sign error turns an overpayment into more principal owed."""
    result = replay(terms, schedule, on)
    if result.credit == 0:
        return result
    rows = list(result.installments)
    rows[-1] = replace(rows[-1], principal=rows[-1].principal + result.credit)
    return replace(result, installments=tuple(rows), credit=ZERO)


def day_basis_365(terms: DebtTerms, schedule: Sequence[Installment], on: date) -> ReplayResult:
    """Bug: the daily penalty always divides by 365 (the case file's `day_basis` ignored)."""
    return replay(replace(terms, day_basis=365), schedule, on)


def written_off_after_90_days(terms: DebtTerms, schedule: Sequence[Installment], on: date) -> ReplayResult:
    """Bug: an instalment more than 90 days overdue is treated as written off and its penalty vanishes."""
    result = replay(terms, schedule, on)
    limit = on - timedelta(days=90)
    rows = tuple(replace(r, penalty=ZERO) if r.due_date < limit else r for r in result.installments)
    return replace(result, installments=rows)


def last_payment_of_the_day(terms: DebtTerms, schedule: Sequence[Installment], on: date) -> ReplayResult:
    """Bug: payments are keyed by their date and the last one of a day overwrites the others
    (`paid_on[day] = amount` instead of `+=`)."""
    by_day: dict[date, Payment] = {}
    for payment in terms.payments:
        by_day[payment.date] = payment
    return replay(replace(terms, payments=tuple(by_day.values())), schedule, on)


def card_booked_next_day(terms: DebtTerms, on: date) -> RevolvingResult:
    """Bug: a card payment is booked the day after it was made."""
    later = tuple(Payment(p.date + timedelta(days=1), p.amount) for p in terms.payments)
    return revolving_replay(replace(terms, payments=later), on)


def card_day_basis_365(terms: DebtTerms, on: date) -> RevolvingResult:
    """Bug: a card's daily rate always divides the annual rate by 365."""
    return revolving_replay(replace(terms, day_basis=365), on)


def waived_not_revived(terms: DebtTerms, schedule: Sequence[Installment], on: date) -> ReplayResult:
    """Bug: a broken agreement does not bring the waived amount back."""
    if terms.on_break is not None:
        terms = replace(terms, on_break=replace(terms.on_break, revive=ZERO))
    return replay(terms, schedule, on)


def penalty_despite_agreement(terms: DebtTerms, schedule: Sequence[Installment], on: date) -> ReplayResult:
    """Bug: an agreed schedule keeps charging penalty interest at 18 % whatever was agreed."""
    return replay(
        replace(terms, penalty_annual_rate=max(terms.penalty_annual_rate, Decimal("0.18"))), schedule, on
    )
