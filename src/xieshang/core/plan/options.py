"""Negotiation options — the fixed core of spec calculations.md ("Negotiation options"), exact.

For each debt with anything outstanding on D: `base = outstanding_principal + overdue_interest +
overdue_fees` (penalties and late fees waived — the usual first ask);
- `installments`: an `equal_installment` schedule of `base` for months ∈ {3, 6, 12, 24, 36, 60} × annual
  rate ∈ {0 (停息), the contract rate}, the first instalment one month after D; `monthly_payment` is the
  first instalment and `total_payable` the sum;
- `settlement_waiving_penalties`: payoff_now − penalty_unpaid − late_fees_unpaid.

Every option also carries its cash flow (for the chart), months to debt-free, the saving against paying
off now and against doing nothing for 90 days, and the plan's own APR on the amount it reschedules.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pyxirr

from xieshang.core.dates import add_months
from xieshang.core.money import ZERO, q_rate
from xieshang.core.schedule import equal_installment_schedule

GRID_MONTHS: tuple[int, ...] = (3, 6, 12, 24, 36, 60)


@dataclass(frozen=True)
class Payment:
    month: int  # months after D (0 = on D)
    due_date: date
    amount: Decimal


@dataclass(frozen=True)
class AgreedPlan:
    """An agreement in force on D (core/agreements.py), as the plan needs it: what is left to pay of the
    agreed instalments (overdue and due today on D, month 0; later ones by calendar month from D)."""

    date: dt.date
    payments: tuple[Payment, ...]
    regular_payment: Decimal  # the agreed instalment (the first one's total)
    annual_rate: Decimal  # the agreed rate (0 for a settlement)
    installments_paid: int
    installments_total: int
    waived: Decimal
    broken_on: dt.date | None
    breaks_after_days: int
    summary_zh: str  # the agreement in words (core/agreement_words.py)
    summary_en: str

    @property
    def in_force(self) -> bool:
        return self.broken_on is None


@dataclass(frozen=True)
class DebtPosition:
    """What the plan needs to know of one debt on D (from the engine's assessment)."""

    id: str
    lender: str
    lender_type: str
    annual_rate: Decimal  # the contract rate (daily_rate × day_basis when given daily)
    outstanding_principal: Decimal
    overdue_interest: Decimal
    overdue_fees: Decimal
    penalty_unpaid: Decimal
    late_fees_unpaid: Decimal
    payoff_now: Decimal
    daily_penalty_now: Decimal = ZERO
    payoff_after_90_days: Decimal | None = None  # payoff_now on D + 90 with nothing paid (engine)
    dpd: int = 0
    method: str = ""  # the contract's method ("revolving" for a credit card)
    agreement: AgreedPlan | None = None  # the latest agreement on or before D, if any

    @property
    def is_card(self) -> bool:
        return self.method == "revolving" or self.lender_type == "credit_card"

    @property
    def under_agreement(self) -> bool:
        """An agreement holds on D: the plan shows it instead of proposing a fresh one."""
        return self.agreement is not None and self.agreement.in_force

    @property
    def base(self) -> Decimal:
        return self.outstanding_principal + self.overdue_interest + self.overdue_fees

    @property
    def has_outstanding(self) -> bool:
        return self.payoff_now > 0 or self.base > 0


@dataclass(frozen=True)
class PlanOption:
    kind: str
    label_zh: str
    label_en: str
    base: Decimal  # the amount the option acts on
    payments: tuple[Payment, ...]
    months: int | None = None  # number of instalments (None: a lump sum)
    annual_rate: Decimal | None = None
    params: dict[str, str] = field(default_factory=dict, compare=False)
    saving_vs_payoff_now: Decimal = ZERO
    saving_vs_waiting_90: Decimal | None = None
    apr_simple: Decimal | None = None
    apr_compound: Decimal | None = None
    within_policy: bool | None = None  # None: the lender's policy is unknown
    policy_note: str = ""  # why the option is within / outside the lender's known policy (Chinese)
    policy_note_en: str = ""

    @property
    def monthly_payment(self) -> Decimal:
        """The first payment (an instalment plan's first instalment; a lump sum's amount)."""
        return self.payments[0].amount if self.payments else ZERO

    @property
    def later_payment(self) -> Decimal | None:
        """The regular payment after the first (None for a lump sum)."""
        return self.payments[1].amount if len(self.payments) > 1 else None

    @property
    def peak_monthly(self) -> Decimal:
        return max((p.amount for p in self.payments), default=ZERO)

    @property
    def total_payable(self) -> Decimal:
        return sum((p.amount for p in self.payments), ZERO)

    @property
    def months_to_debt_free(self) -> int:
        return max((p.month for p in self.payments), default=0)

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_zh

    def note(self, lang: str) -> str:
        """The policy note in the user's language."""
        return self.policy_note_en if lang == "en" else self.policy_note


def plan_apr(base: Decimal, payments: Sequence[Payment]) -> tuple[Decimal | None, Decimal | None]:
    """The plan's own annual rate on `base` received on D: monthly IRR × 12 (单利) and (1+IRR)^12 − 1.

    None for a lump sum paid on D (no time, no rate) or when no rate solves the cash flow.
    """
    if not payments or all(p.month == 0 for p in payments):
        return None, None
    total = sum((p.amount for p in payments), ZERO)
    if total == base:
        return ZERO, ZERO
    last = max(p.month for p in payments)
    flows = [ZERO] * (last + 1)
    flows[0] = base
    for p in payments:
        flows[p.month] -= p.amount
    try:
        irr = pyxirr.irr([float(f) for f in flows])
    except (pyxirr.InvalidPaymentsError, ValueError):  # pragma: no cover - depends on the cash flow
        return None, None
    if irr is None:
        return None, None
    monthly = Decimal(repr(irr))
    return q_rate(monthly * 12), q_rate((1 + monthly) ** 12 - 1)


def installment_payments(
    amount: Decimal, annual_rate: Decimal, months: int, on: date, offset: int = 0
) -> tuple[Payment, ...]:
    """An equal-instalment schedule of `amount` whose first instalment falls `offset + 1` months after D."""
    start = add_months(on, offset) if offset else on
    rows = equal_installment_schedule(amount, annual_rate, months, start)
    if not offset:  # the schedule's own due dates are D + n months already
        return tuple(Payment(r.n, r.due_date, r.total) for r in rows)
    return tuple(Payment(offset + r.n, add_months(on, offset + r.n), r.total) for r in rows)


def finish(option: PlanOption, position: DebtPosition) -> PlanOption:
    """Fill in the comparisons: savings against paying off now and against waiting 90 days, the APR."""
    total = option.total_payable
    simple, compound = plan_apr(option.base, option.payments)
    return PlanOption(
        **{
            **option.__dict__,
            "saving_vs_payoff_now": position.payoff_now - total,
            "saving_vs_waiting_90": (
                None if position.payoff_after_90_days is None else position.payoff_after_90_days - total
            ),
            "apr_simple": simple,
            "apr_compound": compound,
        }
    )


def installment_grid(position: DebtPosition, on: date) -> tuple[PlanOption, ...]:
    """The fixed grid: months × {0, contract rate} on `base`, first instalment one month after D."""
    out = []
    for months in GRID_MONTHS:
        for rate in (ZERO, position.annual_rate):
            label_rate = "停息" if rate == 0 else f"按合同利率 {rate * 100:.2f}%"
            label_rate_en = "0 %" if rate == 0 else f"contract rate {rate * 100:.2f} %"
            option = PlanOption(
                kind="installments",
                label_zh=f"分 {months} 期（{label_rate}）",
                label_en=f"{months} instalments ({label_rate_en})",
                base=position.base,
                payments=installment_payments(position.base, rate, months, on),
                months=months,
                annual_rate=rate,
            )
            out.append(finish(option, position))
            if position.annual_rate == 0:
                break  # the two rates coincide: one option
    return tuple(out)


def settlement_waiving_penalties(position: DebtPosition) -> Decimal:
    """payoff_now − penalty_unpaid − late_fees_unpaid."""
    return position.payoff_now - position.penalty_unpaid - position.late_fees_unpaid


def settlement_option(position: DebtPosition, on: date) -> PlanOption:
    amount = settlement_waiving_penalties(position)
    option = PlanOption(
        kind="settlement_waiving_penalties",
        label_zh="一次性结清（免罚息和违约金）",
        label_en="Pay off now, penalties and late fees waived",
        base=amount,
        payments=(Payment(0, on, amount),),
    )
    return finish(option, position)


def core_options(position: DebtPosition, on: date) -> tuple[PlanOption, ...]:
    """The fixed core for one debt: the settlement, then the instalment grid."""
    return (settlement_option(position, on), *installment_grid(position, on))
