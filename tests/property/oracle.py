"""The literal day-by-day replay of spec calculations.md — the oracle for the event-based engine.

Written independently of `xieshang.core.replay` and `xieshang.core.revolving` (only their output types are
shared): it walks every day from the day after the start (or statement) date to D and does the spec's
steps in order, exactly as the spec words them — for loans, for agreed schedules (breaking where
acceleration is: `terms.on_break`) and for credit cards (`oracle_revolving`).
Slow on purpose; used by the property tests and by `benchmarks/bench_assess.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from xieshang.core.casefile import DebtTerms
from xieshang.core.dates import add_months
from xieshang.core.money import ZERO, q
from xieshang.core.replay import InstallmentState, ReplayResult
from xieshang.core.revolving import RevolvingResult, Statement
from xieshang.core.schedule import Installment

PARTS = ("penalty", "late_fee", "fee", "interest", "principal")  # the order a payment pays in


@dataclass
class Row:
    n: int
    due: date
    total: Decimal
    principal: Decimal
    interest: Decimal
    fee: Decimal
    accelerated: bool = False
    cancelled: bool = False
    penalty: Decimal = ZERO
    provisional: Decimal = ZERO
    late_fee: Decimal = ZERO

    def contract_unpaid(self) -> Decimal:
        return self.principal + self.interest + self.fee


def oracle_replay(terms: DebtTerms, schedule: Sequence[Installment], on: date) -> ReplayResult:
    rows = [Row(i.n, i.due_date, i.total, i.principal, i.interest, i.fee) for i in schedule]
    applied = tuple(p for p in terms.payments if p.date <= on)
    ignored = tuple(p for p in terms.payments if p.date > on)
    grace = timedelta(days=terms.grace_days)
    credit, accelerated_on = ZERO, None
    penalty_rate = terms.penalty_annual_rate
    t = terms.start_date + timedelta(days=1)
    while t <= on:
        # 1. Penalty, on the state at the start of day t.
        for row in rows:
            if row.due < t and row.contract_unpaid() > 0:
                base = row.principal if terms.penalty_base == "principal" else row.contract_unpaid()
                amount = q(base * penalty_rate / terms.day_basis)
                if not row.accelerated and t <= row.due + grace:
                    row.provisional += amount
                else:
                    row.penalty += amount
        # 2. Acceleration (first time only) — or an agreement breaking: then the waived amount is revived
        # into the new instalment and from t + 1 everything bears the debt's original penalty rate.
        limit = terms.acceleration_after_days
        if (
            limit > 0
            and accelerated_on is None
            and any(r.contract_unpaid() > 0 and (t - r.due).days > limit for r in rows)
        ):
            moved = ZERO if terms.on_break is None else terms.on_break.revive
            if terms.on_break is not None:
                penalty_rate = terms.on_break.penalty_annual_rate
            for row in rows:
                if row.due > t:
                    moved += row.principal
                    row.principal = row.interest = row.fee = ZERO
                    row.cancelled = True
            accelerated_on = t
            if moved > 0:
                rows.append(Row(len(rows) + 1, t, moved, moved, ZERO, ZERO, accelerated=True))
        # 3. Payments dated t, one by one.
        for payment in applied:
            if payment.date != t:
                continue
            money = payment.amount
            for row in sorted(rows, key=lambda r: (r.due, r.n)):
                for part in PARTS:
                    take = min(money, getattr(row, part))
                    setattr(row, part, getattr(row, part) - take)
                    money -= take
            credit += money
        # 4. End of grace (with grace 0: at the end of the due date itself).
        for row in rows:
            if not row.accelerated and row.due + grace == t:
                if row.contract_unpaid() > 0:
                    row.penalty += row.provisional
                    row.late_fee += q(terms.late_fee_fixed + terms.late_fee_percent * row.total)
                row.provisional = ZERO
        t += timedelta(days=1)
    states = tuple(
        InstallmentState(
            r.n,
            r.due,
            r.total,
            r.principal,
            r.interest,
            r.fee,
            r.penalty,
            r.provisional,
            r.late_fee,
            r.accelerated,
            r.cancelled,
        )
        for r in rows
    )
    return ReplayResult(on, states, credit, accelerated_on, applied, ignored)


def oracle_revolving(terms: DebtTerms, on: date) -> RevolvingResult:
    """The literal day-by-day walk of spec calculations.md, "Revolving credit-card accounts": every day
    from S0 + 1 through D, steps 1–5 in order, the statement dates computed from S0 each time."""
    card = terms.revolving
    assert card is not None
    rate = terms.daily_rate if terms.daily_rate is not None else terms.annual_rate / terms.day_basis
    applied = tuple(p for p in terms.payments if p.date <= on)
    ignored = tuple(p for p in terms.payments if p.date > on)
    grace, due_days = timedelta(days=terms.grace_days), timedelta(days=card.due_days)
    s0 = card.statement_date
    p, i, fees, acc, prov, credit = card.statement_balance, ZERO, ZERO, ZERO, ZERO, ZERO
    interest_free: bool | None = None
    # Statement k: [date, minimum, payments of its window, late fee]
    statements: list[list[Any]] = [[s0, q(card.min_payment_percent * card.statement_balance), ZERO, ZERO]]

    def settle(money: Decimal) -> Decimal:
        """Late fees → billed interest → principal; what is left over is returned."""
        nonlocal p, i, fees
        take = min(money, fees)
        fees, money = fees - take, money - take
        take = min(money, i)
        i, money = i - take, money - take
        take = min(money, p)
        p, money = p - take, money - take
        return money

    free_end = s0 + due_days + grace
    t = s0 + timedelta(days=1)
    while t <= on:
        # 1. Interest on the balance at the start of the day.
        daily = q((p + i) * rate)
        if t <= free_end:
            prov += daily
        else:
            acc += daily
        # 2. Payments dated t, one by one; each also counts toward the window it falls in.
        for payment in applied:
            if payment.date != t:
                continue
            credit = settle(credit + payment.amount)
            for row in statements:
                if row[0] < t <= row[0] + due_days + grace:
                    row[2] += payment.amount
        # 3. End of statement 0's interest-free period.
        if t == free_end:
            interest_free = statements[0][2] >= card.statement_balance
            if not interest_free:
                acc += prov
            prov = ZERO
        # 4. End of a statement's window.
        for row in statements:
            if row[0] + due_days + grace == t:
                shortfall = row[1] - row[2]
                if shortfall > 0:
                    row[3] = max(card.late_fee_min, q(terms.late_fee_percent * shortfall))
                    fees += row[3]
                    credit = settle(credit)
        # 5. Statement day.
        k = len(statements)
        if t == add_months(s0, k):
            i += acc
            acc = ZERO
            credit = settle(credit)
            minimum = min(p + i + fees, q(card.min_payment_percent * p) + i + fees)
            statements.append([t, minimum, ZERO, ZERO])
        t += timedelta(days=1)
    rows = (
        ()
        if on < s0
        else tuple(
            Statement(k, row[0], row[0] + due_days, row[1], row[2], row[3])
            for k, row in enumerate(statements)
        )
    )
    return RevolvingResult(on, p, i, fees, acc, prov, credit, interest_free, rows, applied, ignored)


@dataclass(frozen=True)
class OracleOutcome:
    """A debt walked day by day through its agreements: the rows (or the card) in force at the end of D,
    and per agreement in force what was owed and waived on its date, and when it broke."""

    installments: tuple[InstallmentState, ...]
    card: RevolvingResult | None
    credit: Decimal
    owed: tuple[Decimal, ...]
    waived: tuple[Decimal, ...]
    broken_on: date | None
    payoff_now: Decimal


def _oracle_payoff(
    result: ReplayResult, rows: Sequence[Installment], start: date, rate: Decimal, basis: int
) -> Decimal:
    """payoff_now of spec calculations.md, from the instalments' states, written out again."""
    on = result.on
    owed = sum(
        (s.principal + s.interest + s.fee for s in result.installments if s.due_date <= on), ZERO
    ) + sum((s.penalty + s.late_fee for s in result.installments), ZERO)
    later = sum((s.principal for s in result.installments if s.due_date > on), ZERO)
    if later == 0:
        return owed + later
    last = max([r.due_date for r in rows if r.due_date <= on], default=start)
    return owed + later + q(later * rate / basis * max((on - last).days, 0))


def _card_payoff(card: RevolvingResult) -> tuple[Decimal, Decimal]:
    """(payoff_now, the credit left once it is netted) of a card."""
    gross = card.principal + card.interest + card.late_fees + card.accrued
    return max(ZERO, gross - card.credit), max(ZERO, card.credit - gross)


def oracle_debt(terms: DebtTerms, on: date) -> OracleOutcome:
    """The whole history of a debt, each phase a literal daily walk: its own terms to the first agreement's
    date, then each agreed schedule from its date (breaking as the spec words it, in `oracle_replay`)."""
    from dataclasses import replace

    from xieshang.core.casefile import BreakTerms
    from xieshang.core.schedule import contract_schedule, monthly_schedule

    agreements = [a for a in terms.agreements if a.date <= on]
    ends = [a.date for a in agreements] + [on]
    paid = [p for p in terms.payments if p.date <= on]
    own = replace(terms, payments=tuple(p for p in paid if p.date <= ends[0]))
    card: RevolvingResult | None = None
    if terms.revolving is not None:
        card = oracle_revolving(own, ends[0])
        payoff, credit = _card_payoff(card)
        rows: tuple[InstallmentState, ...] = ()
    else:
        schedule = contract_schedule(terms)
        loan = oracle_replay(own, schedule, ends[0])
        payoff = _oracle_payoff(loan, schedule, terms.start_date, terms.annual_rate, terms.day_basis)
        credit, rows = loan.credit, loan.installments
    owed: list[Decimal] = []
    waived: list[Decimal] = []
    broken: date | None = None
    for k, a in enumerate(agreements):
        owed.append(payoff)
        waived.append(max(ZERO, payoff - a.amount))
        if a.kind == "settlement":
            assert a.due is not None
            agreed: tuple[Installment, ...] = (Installment(1, a.due, a.amount, ZERO, ZERO, a.amount),)
        else:
            assert a.method is not None and a.months is not None and a.first_due is not None
            agreed = monthly_schedule(a.method, a.amount, a.annual_rate, a.months, a.first_due)
        phase = replace(
            terms,
            principal=a.amount,
            annual_rate=a.annual_rate,
            daily_rate=None,
            start_date=a.date,
            grace_days=0,
            penalty_annual_rate=a.penalty_annual_rate,
            penalty_base="installment",
            late_fee_fixed=ZERO,
            late_fee_percent=ZERO,
            acceleration_after_days=a.breaks_after_days,
            payments=tuple(p for p in paid if a.date < p.date <= ends[k + 1]),
            revolving=None,
            on_break=BreakTerms(waived[-1], terms.penalty_annual_rate) if a.breaks_after_days else None,
        )
        result = oracle_replay(phase, agreed, ends[k + 1])
        payoff = _oracle_payoff(result, agreed, a.date, a.annual_rate, terms.day_basis)
        credit, rows, card, broken = credit + result.credit, result.installments, None, result.accelerated_on
    return OracleOutcome(rows, card, credit, tuple(owed), tuple(waived), broken, payoff)
