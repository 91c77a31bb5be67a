"""Credit-card plans: 个性化分期 (personalised instalments) up to 60 months — 商业银行信用卡业务监督管理办法
art. 70: the bank *may* agree one, at most 5 years (verified; see knowledge/rules/negotiation.toml).

Banks usually quote card instalments as 等本等费 (fee_installment): principal q(base/n) a month plus a
"monthly fee" on the *original* amount. Each option shows that nominal rate beside its IRR — the IRR is
close to twice the nominal, which is the point of showing it. The monthly fee rates here are examples
to compare what a bank offers against, not any bank's published terms.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from xieshang.core.money import fmt_percent
from xieshang.core.plan.options import DebtPosition, Payment, PlanOption, finish
from xieshang.core.schedule import fee_installment_schedule

CARD_PLAN_MAX_MONTHS = 60  # art. 70: at most 5 years
CARD_MONTHS: tuple[int, ...] = (12, 24, 36, 48, 60)
CARD_MONTHLY_FEES: tuple[Decimal, ...] = (Decimal("0.003"), Decimal("0.006"))


def fee_installment_payments(
    amount: Decimal, monthly_fee: Decimal, months: int, on: date
) -> tuple[Payment, ...]:
    """等本等费 of `amount`, first instalment one month after D (annual rate = monthly fee × 12)."""
    rows = fee_installment_schedule(amount, monthly_fee * 12, months, on)
    return tuple(Payment(r.n, r.due_date, r.total) for r in rows)


def card_installment(position: DebtPosition, on: date, months: int, monthly_fee: Decimal) -> PlanOption:
    annual = monthly_fee * 12
    option = PlanOption(
        kind="card_installments",
        label_zh=f"个性化分期 {months} 期（等本等费 月费 {fmt_percent(monthly_fee)}%：名义 {fmt_percent(annual)}%）",
        label_en=f"personalised plan, {months} instalments (flat fee {fmt_percent(monthly_fee)} % a month: "
        f"nominal {fmt_percent(annual)} %)",
        base=position.base,
        payments=fee_installment_payments(position.base, monthly_fee, months, on),
        months=months,
        annual_rate=annual,
        params={"form": "fee_installment", "monthly_fee_rate": str(monthly_fee), "rule": "card_art_70"},
    )
    done = finish(option, position)
    if done.apr_simple is None:
        return done
    irr = fmt_percent(done.apr_simple)
    return PlanOption(
        **{
            **done.__dict__,
            "label_zh": done.label_zh[:-1] + f"，IRR {irr}%）",
            "label_en": done.label_en[:-1] + f", IRR {irr} %)",
        }
    )


def card_options(
    position: DebtPosition,
    on: date,
    months: tuple[int, ...] = CARD_MONTHS,
    fees: tuple[Decimal, ...] = CARD_MONTHLY_FEES,
) -> tuple[PlanOption, ...]:
    """The 等本等费 forms of a card's personalised plan (at most 60 months)."""
    if not position.is_card or position.base <= 0:
        return ()
    return tuple(
        card_installment(position, on, n, fee) for n in months if n <= CARD_PLAN_MAX_MONTHS for fee in fees
    )
