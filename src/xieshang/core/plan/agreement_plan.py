"""A debt under an agreement on D: the plan shows the agreement (what is left of it, in words) instead of
proposing a fresh plan as if nothing had been agreed. A broken agreement is planned like any debt, on its
figures with the waived amount revived (see build.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from xieshang.core.money import fmt_money_grouped
from xieshang.core.plan.options import DebtPosition, PlanOption, finish, settlement_option
from xieshang.core.plan.recommend import ALWAYS_WARN, Recommendation
from xieshang.core.rules import LegalRule


def agreement_option(position: DebtPosition) -> PlanOption:
    """The agreement as an option: the remaining agreed payments (overdue ones on D)."""
    agreed = position.agreement
    assert agreed is not None
    option = PlanOption(
        kind="agreement",
        label_zh=f"按 {agreed.date.isoformat()} 的协议还款（{agreed.summary_zh}）",
        label_en=f"keep to the agreement of {agreed.date.isoformat()} ({agreed.summary_en})",
        base=position.payoff_now,
        payments=agreed.payments,
        months=len(agreed.payments) or None,
        annual_rate=agreed.annual_rate,
        params={"agreement_date": agreed.date.isoformat()},
    )
    return finish(option, position)


def agreement_options(position: DebtPosition, on: date) -> tuple[PlanOption, ...]:
    """Paying the agreed balance off now, and keeping to the agreement."""
    return (settlement_option(position, on), agreement_option(position))


def recommend_under_agreement(
    position: DebtPosition, option: PlanOption, cap: Decimal, rules: Mapping[str, LegalRule]
) -> Recommendation:
    agreed = position.agreement
    assert agreed is not None
    m = fmt_money_grouped  # prose a reader reads: 7,698.74
    zh = [
        f"已有协议：{agreed.summary_zh}。按协议按时还款，不要另谈新的方案。",
        f"剩余协议还款合计 {m(option.total_payable)} 元。",
    ]
    en = [
        f"An agreement holds: {agreed.summary_en}. Pay it on time; do not negotiate a new plan.",
        f"What is left of the agreed payments: {m(option.total_payable)}.",
    ]
    if position.dpd > 0:
        zh.append(f"有一期协议还款已逾期 {position.dpd} 天：尽快补上。")
        en.append(f"An agreed payment is {position.dpd} days late: catch up as soon as you can.")
    if agreed.breaks_after_days > 0:
        zh.append(f"逾期超过 {agreed.breaks_after_days} 天协议失效，减免的 {m(agreed.waived)} 元会恢复。")
        en.append(
            f"More than {agreed.breaks_after_days} days late and the agreement breaks: the {m(agreed.waived)} "
            "waived is owed again."
        )
    if option.peak_monthly > cap:
        zh.append(f"协议月供高于预算可承受的 {m(cap)} 元：在违约之前就主动联系对方调整。")
        en.append(
            f"The agreed payment is above what the budget allows ({m(cap)}): ask to adjust before missing one."
        )
    return Recommendation(
        debt_id=position.id,
        opening_ask=option,
        realistic_target=option,
        walk_away_monthly=cap,
        target_fits_budget=option.peak_monthly <= cap,
        reasons_zh=tuple(zh),
        reasons_en=tuple(en),
        warnings=tuple(rules[c] for c in ALWAYS_WARN),
    )
