"""The schedule of an agreement, from its terms (pure; no Django).

The agreed instalments of spec calculations.md ("Agreements"): a schedule by `method` (等额本息 by default,
等额本金, 先息后本, 等本等费) of the amount agreed at the agreed rate over `months`, with the contract
schedule's formulas (`xieshang.core.schedule`); a settlement or a waiver paid at once is one payment of the
amount; 停息分期 is annual_rate = 0. Payment k falls due on the first due date + (k − 1) months, from the
first due date each time, clamped to the month's end — the schedule the engine replays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from xieshang.core.errors import InputError
from xieshang.core.schedule import MONTHLY_BUILDERS, monthly_schedule

MAX_MONTHS = 600  # case-file.md: months 1…600


@dataclass(frozen=True)
class AgreedInstallment:
    n: int
    due_date: date
    principal: Decimal
    interest: Decimal
    amount: Decimal


def agreement_schedule(
    *,
    amount: Decimal,
    months: int,
    annual_rate: Decimal,
    first_due_date: date,
    method: str = "equal_installment",
) -> tuple[AgreedInstallment, ...]:
    if amount <= 0:
        raise InputError("协议金额必须是正数", "the agreed amount must be positive")
    if not 1 <= months <= MAX_MONTHS:
        raise InputError(
            f"期数必须在 1 到 {MAX_MONTHS} 之间", f"the number of payments must be 1 to {MAX_MONTHS}"
        )
    if annual_rate < 0 or annual_rate > 10:
        raise InputError(
            "年利率必须在 0 到 10（1000%）之间", "the annual rate must be between 0 and 10 (1000 %)"
        )
    if method not in MONTHLY_BUILDERS:
        raise InputError(f"未知的还款方式 {method!r}", f"unknown repayment method {method!r}")
    rows = monthly_schedule(method, amount, annual_rate, months, first_due_date)
    return tuple(
        AgreedInstallment(
            n=row.n,
            due_date=row.due_date,
            principal=row.principal,
            interest=row.interest,
            amount=row.principal + row.interest,
        )
        for row in rows
    )
