"""The figures of one loan replay on day D (spec calculations.md, "The status on day D"): the
`DebtStatus` every debt reports (cards and agreed schedules fill the same fields, see core/revolving.py and
core/agreements.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from xieshang.core.casefile import DebtTerms
from xieshang.core.money import ZERO, q
from xieshang.core.replay import ReplayResult
from xieshang.core.schedule import Installment


@dataclass(frozen=True)
class DebtStatus:
    """The figures of one replay on day `on`."""

    on: date
    paid_total: Decimal
    outstanding_principal: Decimal
    overdue_principal: Decimal
    overdue_interest: Decimal
    overdue_fees: Decimal
    penalty_unpaid: Decimal
    late_fees_unpaid: Decimal
    due_today: Decimal  # unpaid principal + interest + fee of instalments due exactly on D
    total_due_now: Decimal
    not_yet_due_principal: Decimal
    accrued_interest: Decimal
    accrued_days: int
    payoff_now: Decimal
    dpd: int
    bucket: str
    in_grace: bool
    daily_penalty_now: Decimal
    started: bool = True  # False when D is before the start date (nothing has happened yet)
    # Cards: what is left of the latest statement's minimum; None for loans and under an agreement.
    minimum_payment_due: Decimal | None = None


def bucket(dpd: int) -> str:
    """M0 for 0; Mk for dpd in (30(k−1), 30k], k ≤ 6; M7+ above 180."""
    if dpd <= 0:
        return "M0"
    if dpd > 180:
        return "M7+"
    return f"M{(dpd + 29) // 30}"


def sum_of(values: Sequence[Decimal]) -> Decimal:
    return sum(values, ZERO)


def debt_status(terms: DebtTerms, schedule: Sequence[Installment], result: ReplayResult) -> DebtStatus:
    on, rows = result.on, result.installments
    overdue = [s for s in rows if s.due_date < on]
    due_today = [s for s in rows if s.due_date == on]
    later = [s for s in rows if s.due_date > on]
    penalty = sum_of([s.penalty for s in rows])
    late_fees = sum_of([s.late_fee for s in rows])
    over_p, over_i, over_f = (
        sum_of([getattr(s, k) for s in overdue]) for k in ("principal", "interest", "fee")
    )
    total_due = (
        over_p + over_i + over_f + penalty + late_fees + sum_of([s.unpaid_contract for s in due_today])
    )
    not_yet = sum_of([s.principal for s in later])
    accrued, days = ZERO, 0
    if not_yet > 0:
        last_due = max((i.due_date for i in schedule if i.due_date <= on), default=terms.start_date)
        days = max((on - last_due).days, 0)
        accrued = q(not_yet * terms.annual_rate / terms.day_basis * days)
    unpaid_overdue = [s for s in overdue if s.unpaid > 0]
    dpd = (on - min(s.due_date for s in unpaid_overdue)).days if unpaid_overdue else 0
    grace = timedelta(days=terms.grace_days)
    in_grace = (
        dpd > 0
        and result.accelerated_on is None
        and all(not s.accelerated and on <= s.due_date + grace for s in unpaid_overdue)
    )
    by_principal = terms.penalty_base == "principal"
    daily = sum_of(
        [
            q(
                (s.principal if by_principal else s.unpaid_contract)
                * terms.penalty_annual_rate
                / terms.day_basis
            )
            for s in unpaid_overdue
        ]
    )
    return DebtStatus(
        on=on,
        paid_total=sum_of([p.amount for p in result.applied]),
        outstanding_principal=sum_of([s.principal for s in rows]),
        overdue_principal=over_p,
        overdue_interest=over_i,
        overdue_fees=over_f,
        penalty_unpaid=penalty,
        late_fees_unpaid=late_fees,
        due_today=sum_of([s.unpaid_contract for s in due_today]),
        total_due_now=total_due,
        not_yet_due_principal=not_yet,
        accrued_interest=accrued,
        accrued_days=days,
        payoff_now=total_due + not_yet + accrued,
        dpd=dpd,
        bucket=bucket(dpd),
        in_grace=in_grace,
        daily_penalty_now=daily,
        started=on >= terms.start_date,
    )
