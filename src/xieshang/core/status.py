"""The status of a debt on day D (spec calculations.md, "The status on day D") and of a whole case.

`assess_debt` = contract schedule → replay (event-based by default; the tests pass the daily oracle) →
the figures of the spec, the contract APR, the realised cost (XIRR), legal flags and the cost of waiting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from xieshang.core.apr import Apr, contract_apr, xirr_rate
from xieshang.core.casefile import CaseFile, DebtTerms, Payment
from xieshang.core.errors import InputError
from xieshang.core.legal import LegalFlag, legal_flags
from xieshang.core.lpr import LprTable
from xieshang.core.money import ZERO, q
from xieshang.core.replay import InstalmentState, ReplayEngine, ReplayResult, replay
from xieshang.core.rules import RuleBook
from xieshang.core.schedule import Installment, contract_schedule

WAITING_DAYS = (30, 90, 180)


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


@dataclass(frozen=True)
class WaitingCost:
    """What will be owed `days` days after D if nothing more is paid."""

    days: int
    on: date
    total_due: Decimal
    payoff: Decimal
    increase: Decimal  # payoff then − payoff now


@dataclass(frozen=True)
class DebtAssessment:
    terms: DebtTerms
    schedule: tuple[Installment, ...]
    status: DebtStatus
    instalments: tuple[InstalmentState, ...]
    credit: Decimal
    accelerated_on: date | None
    ignored_payments: tuple[Payment, ...]
    contract_apr: Apr | None
    realised_apr: Decimal | None  # XIRR of what was received, paid, and payoff_now on D
    legal_flags: tuple[LegalFlag, ...]
    cost_of_waiting: tuple[WaitingCost, ...]


@dataclass(frozen=True)
class CaseTotals:
    total_due_now: Decimal
    payoff_now: Decimal
    outstanding_principal: Decimal
    daily_penalty_now: Decimal
    penalty_unpaid: Decimal
    late_fees_unpaid: Decimal
    paid_total: Decimal
    cost_of_waiting: tuple[WaitingCost, ...] = ()  # of the whole case: the debts' figures added up


@dataclass(frozen=True)
class CaseAssessment:
    on: date
    debts: tuple[DebtAssessment, ...]
    totals: CaseTotals
    lpr: LprTable


def bucket(dpd: int) -> str:
    """M0 for 0; Mk for dpd in (30(k−1), 30k], k ≤ 6; M7+ above 180."""
    if dpd <= 0:
        return "M0"
    if dpd > 180:
        return "M7+"
    return f"M{(dpd + 29) // 30}"


def _sum(values: Sequence[Decimal]) -> Decimal:
    return sum(values, ZERO)


def debt_status(terms: DebtTerms, schedule: Sequence[Installment], result: ReplayResult) -> DebtStatus:
    on, rows = result.on, result.instalments
    overdue = [s for s in rows if s.due_date < on]
    due_today = [s for s in rows if s.due_date == on]
    later = [s for s in rows if s.due_date > on]
    penalty = _sum([s.penalty for s in rows])
    late_fees = _sum([s.late_fee for s in rows])
    over_p, over_i, over_f = (
        _sum([getattr(s, k) for s in overdue]) for k in ("principal", "interest", "fee")
    )
    total_due = over_p + over_i + over_f + penalty + late_fees + _sum([s.unpaid_contract for s in due_today])
    not_yet = _sum([s.principal for s in later])
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
    daily = _sum(
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
        paid_total=_sum([p.amount for p in result.applied]),
        outstanding_principal=_sum([s.principal for s in rows]),
        overdue_principal=over_p,
        overdue_interest=over_i,
        overdue_fees=over_f,
        penalty_unpaid=penalty,
        late_fees_unpaid=late_fees,
        due_today=_sum([s.unpaid_contract for s in due_today]),
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


def realised_apr(terms: DebtTerms, result: ReplayResult, payoff: Decimal) -> Decimal | None:
    """XIRR of the actual cash flows if everything were paid off on D: received at the start, every
    payment on its date, payoff_now (less any credit) on D."""
    if result.on <= terms.start_date:
        return None
    flows: list[tuple[date, Decimal]] = [(terms.start_date, -(terms.principal - terms.upfront_fee))]
    flows.extend((p.date, p.amount) for p in result.applied)
    if payoff - result.credit != 0:
        flows.append((result.on, payoff - result.credit))
    return xirr_rate(flows)


def assess_debt(
    terms: DebtTerms, on: date, lpr: LprTable, rules: RuleBook, *, engine: ReplayEngine = replay
) -> DebtAssessment:
    if terms.is_revolving or terms.agreements:
        raise InputError(
            f"债务 {terms.id}：信用卡账户与协议的计算尚未实现（开发中）",
            f"debt {terms.id}: revolving accounts and agreements are not computed yet (in progress)",
        )
    schedule = contract_schedule(terms)
    result = engine(terms, schedule, on)
    status = debt_status(terms, schedule, result)
    apr = contract_apr(terms, schedule)
    unpaid_terms = replace(terms, payments=result.applied)
    waiting = []
    for days in WAITING_DAYS:
        later_on = on + timedelta(days=days)
        later = debt_status(terms, schedule, engine(unpaid_terms, schedule, later_on))
        waiting.append(
            WaitingCost(
                days, later_on, later.total_due_now, later.payoff_now, later.payoff_now - status.payoff_now
            )
        )
    return DebtAssessment(
        terms=terms,
        schedule=schedule,
        status=status,
        instalments=result.instalments,
        credit=result.credit,
        accelerated_on=result.accelerated_on,
        ignored_payments=result.ignored,
        contract_apr=apr,
        realised_apr=realised_apr(terms, result, status.payoff_now),
        legal_flags=legal_flags(terms, schedule, apr, lpr, rules),
        cost_of_waiting=tuple(waiting),
    )


def assess_case(
    case: CaseFile, on: date, lpr: LprTable, rules: RuleBook, *, engine: ReplayEngine = replay
) -> CaseAssessment:
    debts = tuple(assess_debt(d, on, lpr, rules, engine=engine) for d in case.debts)

    def total(name: str) -> Decimal:
        return _sum([getattr(d.status, name) for d in debts])

    totals = CaseTotals(
        total_due_now=total("total_due_now"),
        payoff_now=total("payoff_now"),
        outstanding_principal=total("outstanding_principal"),
        daily_penalty_now=total("daily_penalty_now"),
        penalty_unpaid=total("penalty_unpaid"),
        late_fees_unpaid=total("late_fees_unpaid"),
        paid_total=total("paid_total"),
        cost_of_waiting=tuple(
            WaitingCost(
                days,
                on + timedelta(days=days),
                _sum([d.cost_of_waiting[i].total_due for d in debts]),
                _sum([d.cost_of_waiting[i].payoff for d in debts]),
                _sum([d.cost_of_waiting[i].increase for d in debts]),
            )
            for i, days in enumerate(WAITING_DAYS)
        ),
    )
    return CaseAssessment(on, debts, totals, lpr)
