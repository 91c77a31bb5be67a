"""Replaying what happened (spec calculations.md, "Replaying what happened, day by day") — by segments.

The spec walks the calendar one day at a time. Between two events (a payment, the acceleration day, the
evaluation date) nothing that decides a penalty changes: every unpaid instalment accrues the same
`q(base × penalty_rate / day_basis)` each day, provisionally inside its grace period and owed after it; a
grace period that ends inside the segment is settled by the (constant) state at that time. So each
segment is computed in one step per instalment, with exactly the same result as the daily walk — the
literal daily walk lives in the tests (`tests/property/oracle.py`) and property tests check both agree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from xieshang.core.casefile import DebtTerms, Payment
from xieshang.core.money import ZERO, q
from xieshang.core.schedule import Installment

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class InstallmentState:
    """One instalment at the end of the replay. Amounts are what is still unpaid."""

    n: int
    due_date: date
    total: Decimal  # the contract total (of the acceleration instalment: the principal it took over)
    principal: Decimal
    interest: Decimal
    fee: Decimal
    penalty: Decimal  # owed and unpaid
    provisional_penalty: Decimal  # accrued inside the grace period, not (yet) owed
    late_fee: Decimal
    accelerated: bool = False  # the instalment created by acceleration
    cancelled: bool = False  # replaced by the acceleration instalment

    @property
    def unpaid_contract(self) -> Decimal:
        return self.principal + self.interest + self.fee

    @property
    def unpaid(self) -> Decimal:
        return self.principal + self.interest + self.fee + self.penalty + self.late_fee


@dataclass(frozen=True)
class ReplayResult:
    on: date
    installments: tuple[InstallmentState, ...]  # by payment order: contract instalments, then acceleration
    credit: Decimal  # paid beyond everything owed
    accelerated_on: date | None
    applied: tuple[Payment, ...]  # payments dated on or before `on`
    ignored: tuple[Payment, ...]  # payments dated after `on`


ReplayEngine = Callable[[DebtTerms, Sequence[Installment], date], ReplayResult]


class _Slot:
    """The mutable state of one instalment during a replay."""

    __slots__ = (
        "accelerated",
        "cancelled",
        "daily",
        "due",
        "fee",
        "grace_end",
        "interest",
        "late_fee",
        "late_fee_amount",
        "n",
        "penalty",
        "principal",
        "provisional",
        "total",
    )

    def __init__(
        self,
        n: int,
        due: date,
        principal: Decimal,
        interest: Decimal,
        fee: Decimal,
        grace_end: date | None,
        late_fee_amount: Decimal,
    ) -> None:
        self.n, self.due, self.grace_end, self.late_fee_amount = n, due, grace_end, late_fee_amount
        self.principal, self.interest, self.fee = principal, interest, fee
        self.total = principal + interest + fee
        self.penalty = self.provisional = self.late_fee = ZERO
        self.accelerated = grace_end is None
        self.cancelled = False
        self.daily = ZERO

    def unpaid_contract(self) -> Decimal:
        return self.principal + self.interest + self.fee

    def end_grace(self) -> None:
        """Step 4: still unpaid at the end of its grace period → penalty owed and a late fee; else dropped."""
        if self.unpaid_contract() > 0:
            self.penalty += self.provisional
            self.late_fee += self.late_fee_amount
        self.provisional = ZERO

    def advance(self, cur: date, nxt: date) -> None:
        """Step 1 for days cur+1 … nxt (inclusive) and step 4 for grace ends strictly inside, the state
        being constant over the segment."""
        grace_end = self.grace_end
        if self.unpaid_contract() == 0:
            if grace_end is not None and cur < grace_end < nxt:
                self.provisional = ZERO
            return
        first = max(cur, self.due) + ONE_DAY
        if first > nxt:
            return
        daily = self.daily
        if grace_end is None:
            self.penalty += daily * ((nxt - first).days + 1)
            return
        if first <= grace_end:
            self.provisional += daily * ((min(nxt, grace_end) - first).days + 1)
        if cur < grace_end < nxt:
            self.end_grace()
        if nxt > grace_end:
            self.penalty += daily * ((nxt - max(first, grace_end + ONE_DAY)).days + 1)


class _Ledger:
    """All instalments of one debt, with the operations of steps 2 and 3."""

    def __init__(self, terms: DebtTerms, schedule: Sequence[Installment]) -> None:
        self.terms = terms
        self.rate = terms.penalty_annual_rate
        self.by_principal = terms.penalty_base == "principal"
        grace = timedelta(days=terms.grace_days)
        self.slots = [
            _Slot(
                i.n,
                i.due_date,
                i.principal,
                i.interest,
                i.fee,
                i.due_date + grace,
                q(terms.late_fee_fixed + terms.late_fee_percent * i.total),
            )
            for i in schedule
        ]
        for slot in self.slots:
            self.reprice(slot)
        # The instalments that can still change, sorted by due date (acceleration keeps it sorted: the
        # instalments it cancels are all due after the one it appends). Settled ones drop out.
        self.active = list(self.slots)
        self.credit = ZERO
        self.accelerated_on: date | None = None

    def settle(self) -> None:
        """Drop the leading instalments with nothing unpaid and no provisional penalty pending: nothing can
        happen to them any more (payments settle instalments oldest first, so settled ones lead)."""
        active, k = self.active, 0
        while k < len(active):
            s = active[k]
            if s.provisional or s.penalty or s.late_fee or s.principal or s.interest or s.fee:
                break
            k += 1
        if k:
            self.active = active[k:]

    def advance(self, cur: date, nxt: date) -> None:
        for slot in self.active:
            if slot.due >= nxt:  # not yet due by the end of the segment: nothing accrues
                break
            slot.advance(cur, nxt)

    def end_grace(self, day: date) -> None:
        for slot in self.active:
            if slot.due > day:
                break
            if slot.grace_end == day:
                slot.end_grace()

    def reprice(self, slot: _Slot) -> None:
        base = slot.principal if self.by_principal else slot.unpaid_contract()
        slot.daily = q(base * self.rate / self.terms.day_basis)

    def accelerate(self, day: date) -> None:
        """Step 2: every instalment due after `day` becomes one instalment due on `day` (principal only).
        An agreement breaking (`terms.on_break`) adds the waived amount to it, and from the next day every
        instalment bears the debt's original penalty rate."""
        on_break = self.terms.on_break
        moved = ZERO if on_break is None else on_break.revive
        for slot in self.active:
            if slot.due > day:
                moved += slot.principal
                slot.principal = slot.interest = slot.fee = ZERO
                slot.cancelled = True
                self.reprice(slot)
        self.accelerated_on = day
        self.active = [s for s in self.active if not s.cancelled]
        if moved > 0:
            slot = _Slot(len(self.slots) + 1, day, moved, ZERO, ZERO, None, ZERO)
            self.slots.append(slot)
            self.active.append(slot)
        if on_break is not None:
            self.rate = on_break.penalty_annual_rate
        for slot in self.active:
            self.reprice(slot)

    def pay(self, amount: Decimal) -> None:
        """Step 3: oldest instalment first; within it penalty → late fee → fee → interest → principal."""
        for slot in self.active:
            if amount == 0:
                break
            for name in ("penalty", "late_fee", "fee", "interest", "principal"):
                owed: Decimal = getattr(slot, name)
                take = min(owed, amount)
                if take:
                    setattr(slot, name, owed - take)
                    amount -= take
            self.reprice(slot)
        self.credit += amount
        self.settle()

    def next_acceleration(self, after: date) -> date | None:
        """The first day after `after` on which the acceleration rule fires, the state staying as it is."""
        limit = self.terms.acceleration_after_days
        if limit == 0 or self.accelerated_on is not None:
            return None
        oldest = next((s.due for s in self.active if s.unpaid_contract() > 0), None)
        if oldest is None:
            return None
        return max(after + ONE_DAY, oldest + timedelta(days=limit + 1))

    def freeze(self, on: date, applied: tuple[Payment, ...], ignored: tuple[Payment, ...]) -> ReplayResult:
        states = tuple(
            InstallmentState(
                s.n,
                s.due,
                s.total,
                s.principal,
                s.interest,
                s.fee,
                s.penalty,
                s.provisional,
                s.late_fee,
                s.accelerated,
                s.cancelled,
            )
            for s in self.slots
        )
        return ReplayResult(on, states, self.credit, self.accelerated_on, applied, ignored)


def split_payments(terms: DebtTerms, on: date) -> tuple[tuple[Payment, ...], tuple[Payment, ...]]:
    """Payments dated on or before `on` (applied) and after it (ignored by this evaluation, and said so)."""
    applied = tuple(p for p in terms.payments if p.date <= on)
    ignored = tuple(p for p in terms.payments if p.date > on)
    return applied, ignored


def replay(terms: DebtTerms, schedule: Sequence[Installment], on: date) -> ReplayResult:
    """The state of every instalment at the end of day `on` — event by event, not day by day."""
    ledger = _Ledger(terms, schedule)
    applied, ignored = split_payments(terms, on)
    paid_on: dict[date, Decimal] = {}
    for p in applied:
        paid_on[p.date] = paid_on.get(p.date, ZERO) + p.amount
    pay_days = sorted(paid_on)
    cur, index = terms.start_date, 0
    while cur < on:
        nxt = pay_days[index] if index < len(pay_days) else on
        accelerate_on = ledger.next_acceleration(cur)
        if accelerate_on is not None and accelerate_on < nxt:
            nxt = accelerate_on
        ledger.advance(cur, nxt)
        if accelerate_on == nxt:
            ledger.accelerate(nxt)
        if index < len(pay_days) and pay_days[index] == nxt:
            ledger.pay(paid_on[nxt])
            index += 1
        ledger.end_grace(nxt)
        cur = nxt
    return ledger.freeze(on, applied, ignored)
