"""The status of a debt on day D (spec calculations.md, "The status on day D") and of a whole case.

`assess_debt` = contract schedule → replay under the terms in force (core/agreements.py: the loan's own
replay, a card's statements, agreed schedules; event-based by default, the tests pass the daily oracles) →
the figures of the spec, the contract APR, the realised cost (XIRR), legal flags and the cost of waiting.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from xieshang.core.agreements import AgreementStatus, DebtReplay, replay_debt
from xieshang.core.apr import Apr, contract_apr, xirr_rate
from xieshang.core.casefile import CaseFile, DebtTerms, Payment
from xieshang.core.legal import LegalFlag, legal_flags
from xieshang.core.loan_status import DebtStatus, bucket, debt_status, sum_of
from xieshang.core.lpr import LprTable
from xieshang.core.replay import InstallmentState, ReplayEngine, replay
from xieshang.core.revolving import RevolvingEngine, RevolvingResult, leftover_credit, revolving_replay
from xieshang.core.rules import RuleBook
from xieshang.core.schedule import Installment, contract_schedule

__all__ = [
    "WAITING_DAYS",
    "CaseAssessment",
    "CaseTotals",
    "DebtAssessment",
    "DebtStatus",
    "WaitingCost",
    "assess_case",
    "assess_debt",
    "bucket",
    "debt_status",
    "realised_apr",
]

WAITING_DAYS = (30, 90, 180)


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
    installments: tuple[InstallmentState, ...]
    credit: Decimal
    accelerated_on: date | None
    ignored_payments: tuple[Payment, ...]
    contract_apr: Apr | None
    realised_apr: Decimal | None  # XIRR of what was received, paid, and payoff_now on D
    legal_flags: tuple[LegalFlag, ...]
    cost_of_waiting: tuple[WaitingCost, ...]
    agreement: AgreementStatus | None = None  # the latest agreement on or before D (core/agreements.py)
    card: RevolvingResult | None = None  # a card under its own terms on D: statements, balances

    @property
    def minimum_payment_due(self) -> Decimal | None:
        return self.status.minimum_payment_due


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


def realised_apr(terms: DebtTerms, replayed: DebtReplay) -> Decimal | None:
    """XIRR of the actual cash flows if everything were paid off on D: received at the start, every
    payment on its date, payoff_now (less any credit) on D."""
    on = replayed.status.on
    if on <= terms.start_date:
        return None
    flows: list[tuple[date, Decimal]] = [(terms.start_date, -(terms.principal - terms.upfront_fee))]
    flows.extend((p.date, p.amount) for p in replayed.applied)
    # A card's payoff_now already nets its credit; what is left of it is still the borrower's.
    credit = leftover_credit(replayed.card) if replayed.card is not None else replayed.credit
    final = replayed.status.payoff_now - credit
    if final != 0:
        flows.append((on, final))
    return xirr_rate(flows)


def assess_debt(
    terms: DebtTerms,
    on: date,
    lpr: LprTable,
    rules: RuleBook,
    *,
    engine: ReplayEngine = replay,
    revolving_engine: RevolvingEngine = revolving_replay,
) -> DebtAssessment:
    """One debt on D: replayed under whatever terms govern it (its own, or the latest agreement), with
    the contract's schedule, APR and legal flags beside."""
    schedule = contract_schedule(terms)
    replayed = replay_debt(terms, on, engine=engine, revolving_engine=revolving_engine, schedule=schedule)
    status = replayed.status
    apr = contract_apr(terms, schedule)
    unpaid_terms = replace(terms, payments=replayed.applied)
    waiting = []
    for days in WAITING_DAYS:
        later_on = on + timedelta(days=days)
        later = replay_debt(
            unpaid_terms, later_on, engine=engine, revolving_engine=revolving_engine, schedule=schedule
        ).status
        waiting.append(
            WaitingCost(
                days, later_on, later.total_due_now, later.payoff_now, later.payoff_now - status.payoff_now
            )
        )
    return DebtAssessment(
        terms=terms,
        schedule=schedule,
        status=status,
        installments=replayed.installments,
        credit=replayed.credit,
        accelerated_on=replayed.accelerated_on,
        ignored_payments=replayed.ignored,
        contract_apr=apr,
        realised_apr=realised_apr(terms, replayed),
        legal_flags=legal_flags(terms, schedule, apr, lpr, rules),
        cost_of_waiting=tuple(waiting),
        agreement=replayed.agreement,
        card=replayed.card,
    )


def assess_case(
    case: CaseFile,
    on: date,
    lpr: LprTable,
    rules: RuleBook,
    *,
    engine: ReplayEngine = replay,
    revolving_engine: RevolvingEngine = revolving_replay,
) -> CaseAssessment:
    debts = tuple(
        assess_debt(d, on, lpr, rules, engine=engine, revolving_engine=revolving_engine) for d in case.debts
    )

    def total(name: str) -> Decimal:
        return sum_of([getattr(d.status, name) for d in debts])

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
                sum_of([d.cost_of_waiting[i].total_due for d in debts]),
                sum_of([d.cost_of_waiting[i].payoff for d in debts]),
                sum_of([d.cost_of_waiting[i].increase for d in debts]),
            )
            for i, days in enumerate(WAITING_DAYS)
        ),
    )
    return CaseAssessment(on, debts, totals, lpr)
