"""Contract schedules (spec calculations.md, "Contract schedule"): 等额本息, 等额本金, 先息后本, 等本等费,
到期还本付息. A revolving card has no schedule (an empty one).

Instalment k falls due on start + k months (from the start date each time, clamped); every instalment
carries `q(fee_per_installment)`; total = principal + interest + fee.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal, localcontext

from xieshang.core.casefile import DebtTerms
from xieshang.core.dates import add_months
from xieshang.core.money import ZERO, q


@dataclass(frozen=True)
class Installment:
    n: int
    due_date: date
    principal: Decimal
    interest: Decimal
    fee: Decimal
    total: Decimal


def _installment(n: int, due: date, principal: Decimal, interest: Decimal, fee: Decimal) -> Installment:
    return Installment(n, due, principal, interest, fee, principal + interest + fee)


def _monthly_interest(balance: Decimal, annual_rate: Decimal) -> Decimal:
    """`q(B · r)` with r = annual_rate / 12 (the division last, so the half-up boundary is exact)."""
    return q(balance * annual_rate / 12)


def equal_installment_payment(principal: Decimal, annual_rate: Decimal, months: int) -> Decimal:
    """`A = q(P·r·(1+r)^n / ((1+r)^n − 1))`, or `q(P/n)` when r = 0."""
    if annual_rate == 0:
        return q(principal / months)
    with localcontext() as ctx:
        ctx.prec = 50
        r = annual_rate / 12
        growth = (1 + r) ** months
        return q(principal * r * growth / (growth - 1))


def equal_installment_schedule(
    principal: Decimal, annual_rate: Decimal, months: int, start: date, fee: Decimal = ZERO
) -> tuple[Installment, ...]:
    """等额本息: the same total every month; the last instalment takes the remaining balance."""
    payment = equal_installment_payment(principal, annual_rate, months)
    fee = q(fee)
    balance = principal
    rows: list[Installment] = []
    for k in range(1, months + 1):
        interest = _monthly_interest(balance, annual_rate)
        part = balance if k == months else payment - interest
        rows.append(_installment(k, add_months(start, k), part, interest, fee))
        balance -= part
    return tuple(rows)


def equal_principal_schedule(
    principal: Decimal, annual_rate: Decimal, months: int, start: date, fee: Decimal = ZERO
) -> tuple[Installment, ...]:
    """等额本金: principal q(P/n) each month, the remainder in the last; interest on the balance."""
    part = q(principal / months)
    fee = q(fee)
    balance = principal
    rows: list[Installment] = []
    for k in range(1, months + 1):
        interest = _monthly_interest(balance, annual_rate)
        this = balance if k == months else min(part, balance)  # min: only bites on absurd tiny loans
        rows.append(_installment(k, add_months(start, k), this, interest, fee))
        balance -= this
    return tuple(rows)


def interest_first_schedule(
    principal: Decimal, annual_rate: Decimal, months: int, start: date, fee: Decimal = ZERO
) -> tuple[Installment, ...]:
    """先息后本: interest q(P·r) every month, all principal with the last instalment."""
    interest = _monthly_interest(principal, annual_rate)
    fee = q(fee)
    return tuple(
        _installment(k, add_months(start, k), principal if k == months else ZERO, interest, fee)
        for k in range(1, months + 1)
    )


def fee_installment_schedule(
    principal: Decimal, annual_rate: Decimal, months: int, start: date, fee: Decimal = ZERO
) -> tuple[Installment, ...]:
    """等本等费: principal q(P/n) each month, the remainder in the last; the monthly "fee" (carried as
    interest) q(P·r) on the *original* principal every month."""
    part = q(principal / months)
    interest = _monthly_interest(principal, annual_rate)
    fee = q(fee)
    balance = principal
    rows: list[Installment] = []
    for k in range(1, months + 1):
        this = balance if k == months else min(part, balance)
        rows.append(_installment(k, add_months(start, k), this, interest, fee))
        balance -= this
    return tuple(rows)


MonthlyBuilder = Callable[[Decimal, Decimal, int, date, Decimal], tuple[Installment, ...]]
MONTHLY_BUILDERS: dict[str, MonthlyBuilder] = {
    "equal_installment": equal_installment_schedule,
    "equal_principal": equal_principal_schedule,
    "interest_first": interest_first_schedule,
    "fee_installment": fee_installment_schedule,
}


def monthly_schedule(
    method: str, principal: Decimal, annual_rate: Decimal, months: int, first_due: date
) -> tuple[Installment, ...]:
    """A monthly schedule of `method` whose instalment k falls due on add_months(first_due, k − 1)
    (agreements and plans: the amounts do not depend on the dates)."""
    rows = MONTHLY_BUILDERS[method](principal, annual_rate, months, first_due, ZERO)
    return tuple(replace(r, due_date=add_months(first_due, r.n - 1)) for r in rows)


def bullet_schedule(terms: DebtTerms) -> tuple[Installment, ...]:
    """到期还本付息: one instalment, after `term_months` months or `term_days` days."""
    fee = q(terms.fee_per_installment)
    if terms.term_days is not None:
        due = terms.start_date + timedelta(days=terms.term_days)
        interest = q(terms.principal * terms.annual_rate * terms.term_days / terms.day_basis)
    else:
        months = _months(terms)
        due = add_months(terms.start_date, months)
        interest = q(terms.principal * terms.annual_rate * months / 12)
    return (_installment(1, due, terms.principal, interest, fee),)


def _months(terms: DebtTerms) -> int:
    if terms.term_months is None:
        raise ValueError(f"debt {terms.id}: method {terms.method} needs term_months")
    return terms.term_months


def contract_schedule(terms: DebtTerms) -> tuple[Installment, ...]:
    """The contract schedule of a debt, by its method (a revolving card has none)."""
    if terms.method == "revolving":
        return ()
    if terms.method == "bullet":
        return bullet_schedule(terms)
    build = MONTHLY_BUILDERS[terms.method]
    return build(
        terms.principal, terms.annual_rate, _months(terms), terms.start_date, terms.fee_per_installment
    )
