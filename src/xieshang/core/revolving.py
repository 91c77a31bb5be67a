"""Credit cards in arrears (spec calculations.md, "Revolving credit-card accounts") — by segments.

The spec walks the calendar one day at a time from the day after the statement date S0. Between two
events — a payment day, a statement day S_k, the end of a statement's window due_k + grace (the end of
statement 0's interest-free period is the first of these), the evaluation date — the interest of a day,
`q((P + I) × daily_rate)`, does not change, and all of those days put it in the same place (provisional
inside statement 0's interest-free period, accrued otherwise, since that period ends on an event). So a
segment is one multiplication, with exactly the result of the daily walk; the literal walk lives in
`tests/property/oracle.py` and property tests check both agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from xieshang.core.casefile import DebtTerms, Payment, RevolvingTerms
from xieshang.core.dates import add_months
from xieshang.core.loan_status import DebtStatus, bucket, sum_of
from xieshang.core.money import ZERO, q
from xieshang.core.replay import split_payments


@dataclass(frozen=True)
class Statement:
    """Statement k as it stands at the end of the replay."""

    k: int
    date: dt.date  # S_k = add_months(S0, k)
    due_date: dt.date  # S_k + due_days
    minimum: Decimal  # M_k, taken at the statement
    window_paid: Decimal  # payments dated S_k + 1 … due_k + grace_days (so far)
    late_fee: Decimal  # the 违约金 charged at the end of its window (0: none, or not yet)


@dataclass(frozen=True)
class RevolvingResult:
    """The card at the end of day `on`. Amounts are what is unpaid."""

    on: date
    principal: Decimal  # P
    interest: Decimal  # I: billed, unpaid
    late_fees: Decimal  # L
    accrued: Decimal  # Iacc: interest since the last statement, not yet billed
    provisional: Decimal  # Iprov: statement 0's interest-free-period interest, not yet decided
    credit: Decimal  # paid beyond everything owed (pays unbilled interest once it is billed)
    interest_free: bool | None  # statement 0's period: True kept, False lost, None not over yet
    statements: tuple[Statement, ...]  # S_0 … the latest statement on or before `on`
    applied: tuple[Payment, ...]
    ignored: tuple[Payment, ...]


RevolvingEngine = Callable[[DebtTerms, date], RevolvingResult]


def card_terms(terms: DebtTerms) -> RevolvingTerms:
    if terms.revolving is None:
        raise ValueError(f"debt {terms.id} is not a revolving account")
    return terms.revolving


def daily_rate(terms: DebtTerms) -> Decimal:
    """The card's daily rate: `daily_rate` as given, or annual_rate / day_basis."""
    return terms.daily_rate if terms.daily_rate is not None else terms.annual_rate / terms.day_basis


class _Card:
    """The mutable state of a card during a replay."""

    def __init__(self, terms: DebtTerms) -> None:
        card = card_terms(terms)
        self.card = card
        self.rate = daily_rate(terms)
        self.grace = timedelta(days=terms.grace_days)
        self.due_days = timedelta(days=card.due_days)
        self.late_fee_percent = terms.late_fee_percent
        self.p, self.i, self.l = card.statement_balance, ZERO, ZERO
        self.acc = self.prov = self.credit = ZERO
        self.interest_free: bool | None = None
        self.dates: list[date] = [card.statement_date]
        self.minimums: list[Decimal] = [q(card.min_payment_percent * card.statement_balance)]
        self.window_paid: list[Decimal] = [ZERO]
        self.late_fees: list[Decimal] = [ZERO]

    def window_end(self, k: int) -> date:
        return self.dates[k] + self.due_days + self.grace

    def statement_date(self, k: int) -> date:
        return add_months(self.card.statement_date, k)

    def accrue(self, days: int, free: bool) -> None:
        """Step 1 for `days` days of the same state."""
        amount = q((self.p + self.i) * self.rate) * days
        if free:
            self.prov += amount
        else:
            self.acc += amount

    def pay(self, amount: Decimal) -> None:
        """Step 2: late fees → billed interest → principal; the rest is a credit."""
        money = self.credit + amount
        for name in ("l", "i", "p"):
            owed: Decimal = getattr(self, name)
            take = min(owed, money)
            if take:
                setattr(self, name, owed - take)
                money -= take
        self.credit = money

    def end_interest_free(self) -> None:
        """Step 3 (t = due_0 + grace): its window's payments reach the balance → Iprov dropped."""
        self.interest_free = self.window_paid[0] >= self.card.statement_balance
        if not self.interest_free:
            self.acc += self.prov
        self.prov = ZERO

    def end_window(self, k: int) -> None:
        """Step 4: a 违约金 on the part of the minimum left unpaid by the window's payments."""
        shortfall = self.minimums[k] - self.window_paid[k]
        if shortfall > 0:
            fee = max(self.card.late_fee_min, q(self.late_fee_percent * shortfall))
            self.l += fee
            self.late_fees[k] = fee
            self.pay(ZERO)  # a credit pays the new charge

    def statement(self, day: date) -> None:
        """Step 5 (t = S_k, k ≥ 1): the accrued interest is billed; the minimum is taken."""
        self.i += self.acc
        self.acc = ZERO
        self.pay(ZERO)
        owed = self.p + self.i + self.l
        self.dates.append(day)
        self.minimums.append(min(owed, q(self.card.min_payment_percent * self.p) + self.i + self.l))
        self.window_paid.append(ZERO)
        self.late_fees.append(ZERO)

    def freeze(self, on: date, applied: tuple[Payment, ...], ignored: tuple[Payment, ...]) -> RevolvingResult:
        statements = tuple(
            Statement(k, self.dates[k], self.dates[k] + self.due_days, m, paid, fee)
            for k, (m, paid, fee) in enumerate(
                zip(self.minimums, self.window_paid, self.late_fees, strict=True)
            )
        )
        if on < self.card.statement_date:
            statements = ()
        return RevolvingResult(
            on,
            self.p,
            self.i,
            self.l,
            self.acc,
            self.prov,
            self.credit,
            self.interest_free,
            statements,
            applied,
            ignored,
        )


def revolving_replay(terms: DebtTerms, on: date) -> RevolvingResult:
    """The card at the end of day `on` — event by event, not day by day."""
    card = _Card(terms)
    applied, ignored = split_payments(terms, on)
    paid_on: dict[date, Decimal] = {}
    for p in applied:
        paid_on[p.date] = paid_on.get(p.date, ZERO) + p.amount
    pay_days = sorted(paid_on)
    free_end = card.window_end(0)
    cur, index, k = card.card.statement_date, 0, 0  # k: the latest statement so far
    next_statement = card.statement_date(1)
    while cur < on:
        window_end = card.window_end(k)
        candidates = [on, next_statement]
        if window_end > cur:
            candidates.append(window_end)
        if index < len(pay_days):
            candidates.append(pay_days[index])
        nxt = min(candidates)
        card.accrue((nxt - cur).days, nxt <= free_end)
        if index < len(pay_days) and pay_days[index] == nxt:
            amount = paid_on[nxt]
            card.pay(amount)
            if nxt <= window_end:
                card.window_paid[k] += amount
            index += 1
        if nxt == free_end:
            card.end_interest_free()
        if nxt == window_end:
            card.end_window(k)
        if nxt == next_statement:
            card.statement(nxt)
            k += 1
            next_statement = card.statement_date(k + 1)
        cur = nxt
    return card.freeze(on, applied, ignored)


def revolving_status(terms: DebtTerms, result: RevolvingResult) -> DebtStatus:
    """The figures of a card on D (spec calculations.md, "Status on D for a revolving debt")."""
    on, statements = result.on, result.statements
    p, i, fees = result.principal, result.interest, result.late_fees
    paid = [(x.date, x.amount) for x in result.applied]
    late = next(
        (s for s in statements if s.due_date < on and sum_of([a for d, a in paid if d > s.date]) < s.minimum),
        None,
    )
    dpd = 0 if late is None else (on - late.due_date).days
    minimum: Decimal = ZERO
    accrued_days = 0
    if statements:
        last = statements[-1]
        minimum = max(ZERO, last.minimum - sum_of([a for d, a in paid if d > last.date]))
        accrued_days = (on - last.date).days
    return DebtStatus(
        on=on,
        paid_total=sum_of([a for _, a in paid]),
        outstanding_principal=p,
        overdue_principal=p if dpd > 0 else ZERO,
        overdue_interest=i,
        overdue_fees=ZERO,
        penalty_unpaid=ZERO,
        late_fees_unpaid=fees,
        due_today=ZERO,
        total_due_now=p + i + fees,
        not_yet_due_principal=ZERO,
        accrued_interest=result.accrued,
        accrued_days=accrued_days,
        payoff_now=max(ZERO, p + i + fees + result.accrued - result.credit),
        dpd=dpd,
        bucket=bucket(dpd),
        in_grace=late is not None and on <= late.due_date + timedelta(days=terms.grace_days),
        daily_penalty_now=q((p + i) * daily_rate(terms)),
        started=on >= terms.start_date,
        minimum_payment_due=minimum,
    )


def leftover_credit(result: RevolvingResult) -> Decimal:
    """The credit that remains once the unbilled interest is netted off (payoff_now is then 0)."""
    return max(ZERO, result.credit - (result.principal + result.interest + result.late_fees + result.accrued))
