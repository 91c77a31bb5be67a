"""Agreements with the lender (spec calculations.md, "Agreements"): from the end of its date an agreement
replaces whatever the debt still owed by an agreed schedule.

The replay runs in phases. Phase 0 is the debt's own terms (a loan's contract schedule, or a card's
statements) up to the first agreement's date t_a, inclusive; `owed` is that day's `payoff_now` and
`waived = max(0, owed − amount)`. Each agreement is then an ordinary schedule replayed by the same engine
as a loan (no fee, no grace, no late fee, penalty at the agreed rate) from t_a, with "breaking" run where
acceleration is (`DebtTerms.on_break`: the waived amount revived, the original penalty rate from the next
day). A later agreement starts from the earlier one's `payoff_now` on its date.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, localcontext
from functools import lru_cache

from xieshang.core.apr import Apr, irr_apr
from xieshang.core.casefile import Agreement, BreakTerms, DebtTerms, Payment
from xieshang.core.loan_status import DebtStatus, debt_status, sum_of
from xieshang.core.money import ZERO, q_rate
from xieshang.core.replay import InstallmentState, ReplayEngine, ReplayResult, replay, split_payments
from xieshang.core.revolving import (
    RevolvingEngine,
    RevolvingResult,
    leftover_credit,
    revolving_replay,
    revolving_status,
)
from xieshang.core.schedule import Installment, contract_schedule, monthly_schedule


@dataclass(frozen=True)
class AgreementStatus:
    """The latest agreement on or before D, as it stands on D."""

    agreement: Agreement
    owed: Decimal  # payoff_now on its date under the terms before it
    waived: Decimal  # max(0, owed − amount), as recorded on its date (also after a break)
    broken_on: date | None
    schedule: tuple[Installment, ...]  # as agreed
    states: tuple[InstallmentState, ...]  # the agreed (and, once broken, the break) instalments on D
    installments_paid: int  # agreed instalments with nothing unpaid
    installments_total: int
    apr: Apr | None


@dataclass(frozen=True)
class DebtReplay:
    """One debt replayed to D under whatever terms govern it then."""

    status: DebtStatus
    installments: tuple[InstallmentState, ...]  # what the figures are computed over (agreed ones if any)
    credit: Decimal
    accelerated_on: date | None  # the contract's acceleration (before any agreement)
    applied: tuple[Payment, ...]
    ignored: tuple[Payment, ...]
    card: RevolvingResult | None  # a card whose own terms are in force on D
    agreement: AgreementStatus | None


@lru_cache(maxsize=512)
def agreed_schedule(a: Agreement) -> tuple[Installment, ...]:
    """The agreed instalments: a monthly schedule of `amount` (instalment k on add_months(first_due,
    k − 1)), or one settlement instalment of `amount` on `due`."""
    if a.is_settlement:
        assert a.due is not None
        return (Installment(1, a.due, a.amount, ZERO, ZERO, a.amount),)
    assert a.method is not None and a.months is not None and a.first_due is not None
    return monthly_schedule(a.method, a.amount, a.annual_rate, a.months, a.first_due)


def agreed_terms(terms: DebtTerms, a: Agreement, waived: Decimal, payments: tuple[Payment, ...]) -> DebtTerms:
    """The terms an agreed schedule is replayed under, as a loan starting on the agreement's date."""
    return replace(
        terms,
        principal=a.amount,
        annual_rate=a.annual_rate,
        daily_rate=None,
        method="bullet" if a.is_settlement else (a.method or "equal_installment"),
        term_months=a.months,
        term_days=(a.due - a.date).days if a.due is not None else None,
        start_date=a.date,
        upfront_fee=ZERO,
        fee_per_installment=ZERO,
        grace_days=0,
        penalty_annual_rate=a.penalty_annual_rate,
        penalty_multiplier=None,
        penalty_base="installment",
        late_fee_fixed=ZERO,
        late_fee_percent=ZERO,
        acceleration_after_days=a.breaks_after_days,
        payments=payments,
        agreements=(),
        revolving=None,
        on_break=BreakTerms(waived, terms.penalty_annual_rate) if a.breaks_after_days > 0 else None,
    )


def agreement_apr(a: Agreement, schedule: tuple[Installment, ...]) -> Apr | None:
    """IRR of receiving `amount` on the agreement's date and paying the agreed instalments: monthly, the
    month index being calendar months from the date to each due date; a settlement as a term_days bullet."""
    if a.is_settlement:
        assert a.due is not None
        days = (a.due - a.date).days
        ratio = (sum_of([i.total for i in schedule]) - a.amount) / a.amount
        with localcontext() as ctx:
            ctx.prec = 40
            compound = (1 + ratio) ** (Decimal(365) / days) - 1
        return Apr(q_rate(ratio * 365 / days), q_rate(compound), ratio.quantize(Decimal("1e-12")))
    flows: list[Decimal] = [-a.amount]
    for row in schedule:
        k = (row.due_date.year - a.date.year) * 12 + row.due_date.month - a.date.month
        while len(flows) <= k:
            flows.append(ZERO)
        flows[k] += row.total
    return irr_apr(flows)


def _phase_payments(applied: tuple[Payment, ...], after: date, through: date) -> tuple[Payment, ...]:
    return tuple(p for p in applied if after < p.date <= through)


def replay_debt(
    terms: DebtTerms,
    on: date,
    *,
    engine: ReplayEngine = replay,
    revolving_engine: RevolvingEngine = revolving_replay,
    schedule: tuple[Installment, ...] | None = None,
) -> DebtReplay:
    """Replay a debt to the end of day `on`: its own terms, then each agreement dated on or before `on`.
    `schedule` is the contract schedule when the caller has it already."""
    applied, ignored = split_payments(terms, on)
    in_force = [a for a in terms.agreements if a.date <= on]
    first_end = in_force[0].date if in_force else on
    own = replace(terms, payments=_phase_payments(applied, terms.start_date, first_end))
    card: RevolvingResult | None = None
    loan: ReplayResult | None = None
    if terms.is_revolving:
        card = revolving_engine(own, first_end)
        status = revolving_status(own, card)
        carried = leftover_credit(card)
    else:
        contract = contract_schedule(terms) if schedule is None else schedule
        loan = engine(own, contract, first_end)
        status = debt_status(own, contract, loan)
        carried = loan.credit
    accelerated_on = None if loan is None else loan.accelerated_on
    if not in_force:
        assert (card is None) != (loan is None)
        states = () if loan is None else loan.installments
        credit = carried if card is None else card.credit
        return DebtReplay(status, states, credit, accelerated_on, applied, ignored, card, None)
    agreement: AgreementStatus | None = None
    result: ReplayResult | None = None
    for index, a in enumerate(in_force):
        end = in_force[index + 1].date if index + 1 < len(in_force) else on
        owed = status.payoff_now
        waived = max(ZERO, owed - a.amount)
        agreed_rows = agreed_schedule(a)
        phase = agreed_terms(terms, a, waived, _phase_payments(applied, a.date, end))
        result = engine(phase, agreed_rows, end)
        if result.accelerated_on is not None and phase.on_break is not None:
            phase = replace(phase, penalty_annual_rate=phase.on_break.penalty_annual_rate)
        status = debt_status(phase, agreed_rows, result)
        agreed = [s for s in result.installments if not s.accelerated and not s.cancelled]
        agreement = AgreementStatus(
            agreement=a,
            owed=owed,
            waived=waived,
            broken_on=result.accelerated_on,
            schedule=agreed_rows,
            states=result.installments,
            installments_paid=sum(1 for s in agreed if s.unpaid == 0),
            installments_total=len(agreed_rows),
            apr=agreement_apr(a, agreed_rows),
        )
        if index + 1 < len(in_force):
            carried += result.credit
    assert result is not None and agreement is not None
    status = replace(status, paid_total=sum_of([p.amount for p in applied]), started=True)
    credit = carried + result.credit
    return DebtReplay(status, result.installments, credit, accelerated_on, applied, ignored, None, agreement)
