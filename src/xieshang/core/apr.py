"""Annualised rates by the IRR method (PBoC announcement 〔2021〕第3号) and the realised cost (XIRR).

pyxirr (Rust) finds the root; the monthly IRR is then polished by a few Newton steps in exact decimal
arithmetic (integer powers only), so the six reported decimals do not depend on a float tolerance.
Results are Decimal; a float never leaves this module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext

import pyxirr

from xieshang.core.casefile import DebtTerms
from xieshang.core.dates import months_between_due_dates
from xieshang.core.money import q_rate
from xieshang.core.schedule import Installment


@dataclass(frozen=True)
class Apr:
    """`simple` = periodic × periods a year (单利); `compound` = (1 + periodic)^periods − 1 (IRR 复利)."""

    simple: Decimal
    compound: Decimal
    periodic: Decimal  # the IRR of one period (a month), unrounded to 12 decimals


def _npv_and_slope(flows: Sequence[Decimal], rate: Decimal) -> tuple[Decimal, Decimal]:
    v = 1 / (1 + rate)
    npv, slope, factor = Decimal(0), Decimal(0), Decimal(1)
    for k, flow in enumerate(flows):
        npv += flow * factor
        slope -= k * flow * factor * v
        factor *= v
    return npv, slope


def periodic_irr(flows: Sequence[Decimal]) -> Decimal | None:
    """The rate r with Σ flows[k] / (1+r)^k = 0, or None when there is none (no sign change)."""
    if not any(f < 0 for f in flows) or not any(f > 0 for f in flows):
        return None
    try:
        guess = pyxirr.irr([float(f) for f in flows])
    except Exception:  # pyxirr raises its own InvalidPaymentsError / no convergence
        guess = None
    rate = Decimal(repr(guess)) if guess is not None and guess == guess else Decimal("0.01")
    with localcontext() as ctx:
        ctx.prec = 40
        for _ in range(8):
            npv, slope = _npv_and_slope(flows, rate)
            if slope == 0:
                return None
            step = npv / slope
            rate -= step
            if abs(step) < Decimal("1e-20"):
                break
        if rate <= -1:
            return None
        return rate.quantize(Decimal("1e-12"))


def irr_apr(flows: Sequence[Decimal], periods_per_year: int = 12) -> Apr | None:
    """APR of equally spaced cash flows (first = what the borrower receives, negative)."""
    rate = periodic_irr(flows)
    if rate is None:
        return None
    with localcontext() as ctx:
        ctx.prec = 40
        compound = (1 + rate) ** periods_per_year - 1
    return Apr(simple=q_rate(rate * periods_per_year), compound=q_rate(compound), periodic=rate)


def revolving_apr(daily: Decimal) -> Apr:
    with localcontext() as ctx:
        ctx.prec = 40
        compound = (1 + daily) ** 365 - 1
    return Apr(
        simple=q_rate(daily * 365), compound=q_rate(compound), periodic=daily.quantize(Decimal("1e-12"))
    )


def contract_apr(terms: DebtTerms, schedule: Sequence[Installment]) -> Apr | None:
    """The contract's APR on the principal actually received (principal − upfront fee); a card's from its
    daily rate: simple = daily × 365, compound = (1 + daily)^365 − 1."""
    if terms.is_revolving:
        return revolving_apr(terms.daily_rate if terms.daily_rate is not None else terms.daily_interest_rate)
    received = terms.principal - terms.upfront_fee
    if terms.method == "bullet" and terms.term_days is not None:
        total = sum((i.total for i in schedule), Decimal(0))
        ratio = (total - received) / received
        with localcontext() as ctx:
            ctx.prec = 40
            compound = (1 + ratio) ** (Decimal(365) / terms.term_days) - 1
        return Apr(
            simple=q_rate(ratio * 365 / terms.term_days),
            compound=q_rate(compound),
            periodic=ratio.quantize(Decimal("1e-12")),
        )
    flows: list[Decimal] = [-received]
    for row in schedule:
        k = months_between_due_dates(terms.start_date, row.due_date)
        while len(flows) <= k:
            flows.append(Decimal(0))
        flows[k] += row.total
    return irr_apr(flows)


def xirr_rate(flows: Sequence[tuple[date, Decimal]]) -> Decimal | None:
    """The annual rate (actual/365, compound) that makes dated cash flows worth zero; None if undefined."""
    amounts = [a for _, a in flows]
    if not any(a < 0 for a in amounts) or not any(a > 0 for a in amounts):
        return None
    try:
        result = pyxirr.xirr([d for d, _ in flows], [float(a) for a in amounts])
    except Exception:  # no convergence or invalid flows: no figure rather than a wrong one
        return None
    if result is None or result != result or result in (float("inf"), float("-inf")):
        return None
    return q_rate(Decimal(repr(result)))
