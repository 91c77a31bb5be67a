"""More options on top of the fixed core, each exact and with the same comparisons (see options.py):

- `extension`: 延期 k months — nothing paid for k months (interest on `base` continuing, simple, or paused
  as the lender's policy says), then equal instalments over n months at the contract rate;
- `partial_waiver`: pay off now with shares of the penalties + late fees, the fees and the interest waived;
- `principal_only_installments`: 停息分期 — the outstanding principal only, in n instalments at 0 %;
- `settlement_discount`: a lump sum of `base` less a discount;
- `down_payment_installments`: a down payment on D, then the rest in n instalments at 0 %.
Lender policy (a `LenderPolicy`) marks each option within / outside / unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from xieshang.core.money import ZERO, q
from xieshang.core.plan.card_options import CARD_MONTHLY_FEES, CARD_MONTHS, card_options
from xieshang.core.plan.lender import CONFIDENCE_ZH, LenderPolicy
from xieshang.core.plan.options import (
    DebtPosition,
    Payment,
    PlanOption,
    core_options,
    finish,
    installment_payments,
)

D = Decimal


@dataclass(frozen=True)
class ExtraSettings:
    extension_months: tuple[int, ...] = (3,)
    extension_then_months: int = 12
    waivers: tuple[tuple[Decimal, Decimal, Decimal], ...] = (
        (D("0.5"), ZERO, ZERO),
        (D("1"), D("1"), D("0.5")),
    )
    principal_only_months: tuple[int, ...] = (12, 24, 36)
    discounts: tuple[Decimal, ...] = (D("0.1"), D("0.2"), D("0.3"))
    down_payment_share: Decimal = D("0.1")
    down_payment_then_months: int = 12
    card_months: tuple[int, ...] = CARD_MONTHS  # 个性化分期 of a card (card_options.py), at most 60
    card_monthly_fees: tuple[Decimal, ...] = CARD_MONTHLY_FEES


def _pct(share: Decimal) -> str:
    return f"{(share * 100).normalize():f}%"


def extension(position: DebtPosition, on: date, months: int, then: int, interest: str) -> PlanOption:
    rate = position.annual_rate
    accrued = q(position.base * rate * months / 12) if interest == "continues" else ZERO
    amount = position.base + accrued
    payments = installment_payments(amount, rate, then, on, offset=months)
    word_zh = "利息照计" if interest == "continues" else "延期内停息"
    word_en = "interest continuing" if interest == "continues" else "interest paused"
    return PlanOption(
        kind="extension",
        label_zh=f"延期 {months} 个月（{word_zh}），再分 {then} 期",
        label_en=f"Extension of {months} months ({word_en}), then {then} instalments",
        base=position.base,
        payments=payments,
        months=then,
        annual_rate=rate,
        params={"extension_months": str(months), "interest": interest, "accrued_interest": f"{accrued:.2f}"},
    )


def partial_waiver(
    position: DebtPosition, on: date, penalty: Decimal, fees: Decimal, interest: Decimal
) -> PlanOption:
    waived = (
        q((position.penalty_unpaid + position.late_fees_unpaid) * penalty)
        + q(position.overdue_fees * fees)
        + q(position.overdue_interest * interest)
    )
    amount = position.payoff_now - waived
    parts_zh = [f"罚息和违约金减免 {_pct(penalty)}"]
    parts_en = [f"{_pct(penalty)} of penalties and late fees"]
    if fees:
        parts_zh.append(f"费用减免 {_pct(fees)}")
        parts_en.append(f"{_pct(fees)} of fees")
    if interest:
        parts_zh.append(f"逾期利息减免 {_pct(interest)}")
        parts_en.append(f"{_pct(interest)} of overdue interest")
    return PlanOption(
        kind="partial_waiver",
        label_zh="一次性结清，" + "、".join(parts_zh),
        label_en="Pay off now, waiving " + ", ".join(parts_en),
        base=amount,
        payments=(Payment(0, on, amount),),
        params={
            "penalty_share": str(penalty),
            "fee_share": str(fees),
            "interest_share": str(interest),
            "waived": f"{waived:.2f}",
        },
    )


def principal_only(position: DebtPosition, on: date, months: int) -> PlanOption:
    """The outstanding principal in equal instalments at 0 %: overdue interest, fees and penalties waived.

    The option acts on the principal (its `base`), so its own APR is 0 %; what is waived is in `params`.
    """
    waived = (
        position.overdue_interest
        + position.overdue_fees
        + position.penalty_unpaid
        + position.late_fees_unpaid
    )
    return PlanOption(
        kind="principal_only_installments",
        label_zh=f"停息分期：只还本金，分 {months} 期",
        label_en=f"Principal only (interest stopped), {months} instalments",
        base=position.outstanding_principal,
        payments=installment_payments(position.outstanding_principal, ZERO, months, on),
        months=months,
        annual_rate=ZERO,
        params={"waived": f"{waived:.2f}"},
    )


def settlement_discount(position: DebtPosition, on: date, discount: Decimal) -> PlanOption:
    amount = q(position.base * (1 - discount))
    return PlanOption(
        kind="settlement_discount",
        label_zh=f"一次性结清，本息再减 {_pct(discount)}",
        label_en=f"Pay off now with {_pct(discount)} off the base",
        base=amount,
        payments=(Payment(0, on, amount),),
        params={"discount": str(discount)},
    )


def down_payment(position: DebtPosition, on: date, share: Decimal, then: int) -> PlanOption:
    first = q(position.base * share)
    rest = installment_payments(position.base - first, ZERO, then, on)
    return PlanOption(
        kind="down_payment_installments",
        label_zh=f"首付 {_pct(share)}，余额分 {then} 期（停息）",
        label_en=f"{_pct(share)} down, the rest in {then} instalments at 0 %",
        base=position.base,
        payments=(Payment(0, on, first), *rest),
        months=then,
        annual_rate=ZERO,
        params={"down_payment": f"{first:.2f}"},
    )


def judge(option: PlanOption, policy: LenderPolicy | None) -> PlanOption:
    """Mark the option within (True) / outside (False) / unknown (None) the lender's known policy."""
    if policy is None:
        return option
    zh: list[str] = []
    en: list[str] = []
    verdict: bool | None = None
    longest, _origin = policy.max_installment_months()
    if longest is not None and option.months is not None:
        if option.months_to_debt_free > longest.value:
            verdict = False
            zh.append(f"超过已知最长分期 {longest.value} 个月（{longest.source}）")
            en.append(f"longer than the longest known plan of {longest.value} months ({longest.source})")
        else:
            verdict = True
    offered, _ = policy.options_offered()
    if offered is not None and option.kind not in ("installments", "settlement_waiving_penalties"):
        if option.kind in offered.value:
            verdict = verdict if verdict is False else True
            hedge_zh = "" if offered.is_law else f"（{CONFIDENCE_ZH[offered.confidence]}）"
            hedge_en = "" if offered.is_law else f" ({offered.confidence})"
            zh.append("有资料称该机构提供此类方案" + hedge_zh)
            en.append("reportedly offered by this lender" + hedge_en)
        else:
            verdict = False if verdict is False else None
            zh.append("未见该机构提供此类方案的资料（可以提出，但把握较小）")
            en.append("no source says this lender offers it (you may ask, with less chance)")
    return PlanOption(
        **{
            **option.__dict__,
            "within_policy": verdict,
            "policy_note": "；".join(zh),
            "policy_note_en": "; ".join(en),
        }
    )


def all_options(
    position: DebtPosition,
    on: date,
    policy: LenderPolicy | None = None,
    settings: ExtraSettings | None = None,
) -> tuple[PlanOption, ...]:
    """The fixed core first (always, exactly as the spec words it), then the extra options."""
    s = settings or ExtraSettings()
    extra: list[PlanOption] = []
    interest_modes: tuple[str, ...] = ("continues", "paused")
    if policy is not None:
        known, _ = policy.extension_interest()
        if known is not None:
            interest_modes = (known.value,)
    for k in s.extension_months:
        for mode in interest_modes:
            extra.append(extension(position, on, k, s.extension_then_months, mode))
    if (
        position.penalty_unpaid
        + position.late_fees_unpaid
        + position.overdue_fees
        + position.overdue_interest
        > 0
    ):
        for shares in s.waivers:
            extra.append(partial_waiver(position, on, *shares))
    if position.outstanding_principal > 0:
        for months in s.principal_only_months:
            extra.append(principal_only(position, on, months))
    for discount in s.discounts:
        extra.append(settlement_discount(position, on, discount))
    if position.base > 0:
        extra.append(down_payment(position, on, s.down_payment_share, s.down_payment_then_months))
    cards = card_options(position, on, s.card_months, s.card_monthly_fees)
    return tuple(
        judge(o, policy) for o in (*core_options(position, on), *cards, *(finish(o, position) for o in extra))
    )
