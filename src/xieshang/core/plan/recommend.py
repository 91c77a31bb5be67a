"""The recommendation per debt: the opening ask, a realistic target within the lender's known policy, the
walk-away point (past which the budget breaks), the reasons in plain Chinese, and the warnings — each
warning a rule with its source and confidence mark.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from xieshang.core.money import ZERO, fmt_money_grouped
from xieshang.core.plan.allocation import Allocation
from xieshang.core.plan.lender import CONFIDENCE_ZH, LenderPolicy
from xieshang.core.plan.options import DebtPosition, PlanOption
from xieshang.core.rules import LegalRule

ALWAYS_WARN = ("limitation_restart", "no_paid_intermediary")


@dataclass(frozen=True)
class Recommendation:
    debt_id: str
    opening_ask: PlanOption
    realistic_target: PlanOption
    walk_away_monthly: Decimal  # a plan asking more than this a month breaks the budget
    target_fits_budget: bool
    reasons_zh: tuple[str, ...]
    reasons_en: tuple[str, ...]
    warnings: tuple[LegalRule, ...]

    def reasons(self, lang: str) -> tuple[str, ...]:
        return self.reasons_en if lang == "en" else self.reasons_zh


def walk_away_caps(allocation: Allocation, chosen_monthly: Sequence[Decimal]) -> list[Decimal]:
    """Per debt, the most it can take a month: its allocated payment plus the slack (feasible), or its
    share of the disposable income in proportion to the least monthly payments (infeasible)."""
    if allocation.feasible:
        slack = allocation.disposable - allocation.monthly_total
        return [m + slack for m in chosen_monthly]
    if allocation.disposable <= 0 or allocation.monthly_total <= 0:
        return [ZERO for _ in chosen_monthly]
    return [
        (allocation.disposable * m / allocation.monthly_total).quantize(Decimal("0.01"), rounding=ROUND_FLOOR)
        for m in chosen_monthly
    ]


def _realistic(
    options: Sequence[PlanOption], position: DebtPosition, cap: Decimal
) -> tuple[PlanOption, bool]:
    """Instalments at the contract rate (lenders rarely stop interest), penalties waived, not beyond a known
    policy limit: the least total that fits the cap (ties: fewest months); else the least monthly."""
    pool = [
        o
        for o in options
        if o.kind == "installments" and o.annual_rate == position.annual_rate and o.within_policy is not False
    ]
    if not pool:
        pool = [o for o in options if o.kind == "installments"]
    fitting = [o for o in pool if o.peak_monthly <= cap]
    if fitting:
        return min(fitting, key=lambda o: (o.total_payable, o.months_to_debt_free)), True
    return min(pool, key=lambda o: (o.peak_monthly, o.total_payable)), False


def _policy_lines(policy: LenderPolicy | None, lender: str) -> tuple[list[str], list[str]]:
    zh: list[str] = []
    en: list[str] = []
    if policy is None:
        return zh, en
    longest, origin = policy.max_installment_months()
    if longest is not None:
        who = lender if origin.startswith("platform") else "这类机构"
        zh.append(
            f"{who}已知最长分期 {longest.value} 个月（{longest.source}；{CONFIDENCE_ZH[longest.confidence]}）。"
        )
        en.append(
            f"Longest known instalment plan: {longest.value} months ({longest.source}; {longest.confidence})."
        )
    offered, _ = policy.options_offered()
    if offered is None:
        zh.append(f"没有找到{lender}公开的协商政策：以下目标按合同利率估计，请以对方答复为准。")
        en.append(
            f"No published negotiation policy of {lender} was found: the target assumes the contract rate."
        )
    else:
        zh.append(
            f"有资料称{lender}可能提供：{'、'.join(offered.value)}（{CONFIDENCE_ZH[offered.confidence]}）。"
        )
        en.append(f"Reportedly offered by {lender}: {', '.join(offered.value)} ({offered.confidence}).")
    service, _ = policy.customer_service()
    if service is not None:
        zh.append(
            f"客服电话：{'、'.join(service.value)}（{CONFIDENCE_ZH[service.confidence]}，请在App或合同上核对）。"
        )
        en.append(
            f"Customer service: {', '.join(service.value)} ({service.confidence}; check it in the app or contract)."
        )
    evidence, _ = policy.evidence_requested()
    if evidence is not None:
        zh.append(
            f"可能需要准备的材料：{'、'.join(evidence.value)}（{CONFIDENCE_ZH[evidence.confidence]}）。"
        )
        en.append(f"Documents they may ask for: {', '.join(evidence.value)} ({evidence.confidence}).")
    return zh, en


def recommend(
    position: DebtPosition,
    options: Sequence[PlanOption],
    opening: PlanOption,
    cap: Decimal,
    policy: LenderPolicy | None,
    rules: Mapping[str, LegalRule],
    other_debts: int = 0,
) -> Recommendation:
    """One debt's recommendation. `opening` is the allocation's choice for it; `cap` its walk-away monthly."""
    target, fits = _realistic(options, position, cap)
    m = fmt_money_grouped  # prose a reader reads: 7,698.74 (the figures fields stay plain)
    waived = position.penalty_unpaid + position.late_fees_unpaid
    zh = [
        f"开价：{opening.label_zh}，首期 {m(opening.monthly_payment)} 元，共 {m(opening.total_payable)} 元。"
        + (f"要求免除罚息和违约金 {m(waived)} 元，这是通常的第一步。" if waived > 0 else ""),
        f"现实目标：{target.label_zh}，每月 {m(target.monthly_payment)} 元，共 {m(target.total_payable)} 元。",
    ]
    en = [
        f"Opening ask: {opening.label_en}, first payment {m(opening.monthly_payment)}, "
        f"{m(opening.total_payable)} in all."
        + (f" Ask that penalties and late fees of {m(waived)} be waived." if waived > 0 else ""),
        f"Realistic target: {target.label_en}, {m(target.monthly_payment)} a month, {m(target.total_payable)} in all.",
    ]
    if cap > 0:
        zh.append(f"底线：每月超过 {m(cap)} 元的方案不要答应——预算撑不住，答应了再违约只会更糟。")
        en.append(
            f"Walk away from any plan above {m(cap)} a month: the budget would break, and a broken plan is worse."
        )
        if other_debts:
            zh.append(
                f"这个底线假定其他 {other_debts} 笔欠款按开价谈成；哪一笔多占了预算，其他各笔的底线就要相应降低。"
            )
            debts = "debt is" if other_debts == 1 else "debts are"
            en.append(
                f"This limit assumes the other {other_debts} {debts} agreed at the opening ask; whatever one "
                "lender takes above it lowers the limit for the others."
            )
    else:
        zh.append("现在的收入不够覆盖必要支出：先说明困难、请求延期，不要承诺任何月供。")
        en.append(
            "Income does not cover essential spending: explain the hardship, ask for a pause, promise no payment."
        )
    if not fits:
        zh.append("即使按现实目标，月供也超出预算：先争取停息或延期，或减少其他支出。")
        en.append(
            "Even the realistic target exceeds the budget: ask for interest to stop or for a pause first."
        )
    if position.daily_penalty_now > 0:
        zh.append(f"每拖一天多付 {m(position.daily_penalty_now)} 元罚息：越早谈成越省钱。")
        en.append(
            f"Every day of delay adds {m(position.daily_penalty_now)} of penalty: agreeing early saves money."
        )
    pz, pe = _policy_lines(policy, position.lender)
    zh.extend(pz)
    en.extend(pe)
    zh.append("谈成的方案一定要有书面或可保存的确认：金额、期数、是否停息、是否停止催收。")
    en.append(
        "Get the agreed plan confirmed in a form you can keep: amounts, instalments, interest, collection."
    )
    codes = list(ALWAYS_WARN)
    if opening.annual_rate == 0 or opening.kind == "principal_only_installments":
        codes.append("no_legal_right_to_stop_interest")
    if position.dpd > 0:
        codes.append("credit_record_five_years")
    if position.is_card:
        codes.append("card_personalised_installments")
        codes.append("card_plan_stops_collection")
    warnings = tuple(rules[c] for c in codes)
    return Recommendation(
        debt_id=position.id,
        opening_ask=opening,
        realistic_target=target,
        walk_away_monthly=cap,
        target_fits_budget=fits,
        reasons_zh=tuple(zh),
        reasons_en=tuple(en),
        warnings=warnings,
    )
