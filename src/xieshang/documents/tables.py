"""The named tables and lists that templates place with `source = "…"` (see fill.SOURCES)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from xieshang.core.money import fmt_money_grouped, fmt_percent
from xieshang.core.rules import CONFIDENCE_SHORT
from xieshang.documents.agreement_check import (
    CLAUSE_TEXT,
    AgreementCheck,
    AgreementTerms,
    check_agreement_terms,
    check_agreement_text,
)
from xieshang.documents.facts import FindingFacts, findings_by_kind
from xieshang.documents.model import Table

if TYPE_CHECKING:
    from xieshang.documents.fill import FillContext


def _m(value: Decimal | None) -> str:
    return "—" if value is None else fmt_money_grouped(value)


def _when(value: object) -> str:
    from datetime import datetime

    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return "—" if value is None else str(value)


def debts_table(ctx: FillContext) -> Table:
    rows = []
    for d in ctx.facts.debts:
        f = d.figures
        rows.append(
            (
                d.lender,
                _m(f.get("outstanding_principal")),
                _m(f.get("overdue_principal")),
                _m(f.get("overdue_interest")),
                _m(f.get("penalty_unpaid")),
                _m(f.get("total_due_now")),
                _m(f.get("payoff_now")),
                str(d.dpd),
            )
        )
    totals = ctx.facts.totals
    if len(ctx.facts.debts) > 1 and totals:
        rows.append(
            (
                "合计",
                _m(totals.get("outstanding_principal")),
                "",
                "",
                "",
                _m(totals.get("total_due_now")),
                _m(totals.get("payoff_now")),
                "",
            )
        )
    return Table(
        headers=("出借方", "剩余本金", "逾期本金", "逾期利息", "罚息", "当前应还", "一次性结清", "逾期天数"),
        rows=tuple(rows),
        caption=f"欠款情况（截至 {ctx.facts.as_of.isoformat()}，单位：元）",
        numeric_columns=(1, 2, 3, 4, 5, 6, 7),
    )


FIGURE_LABELS = (
    ("outstanding_principal", "剩余未还本金"),
    ("overdue_principal", "逾期本金"),
    ("overdue_interest", "逾期利息"),
    ("overdue_fees", "逾期费用"),
    ("penalty_unpaid", "未付罚息"),
    ("late_fees_unpaid", "未付违约金"),
    ("total_due_now", "当前应还合计"),
    ("payoff_now", "一次性结清金额"),
    ("daily_penalty_now", "每多逾期一天增加的罚息"),
    ("paid_total", "已还款合计"),
)


def debt_figures_table(ctx: FillContext) -> Table:
    d = ctx.debt
    if d is None:
        return Table(("项目", "金额（元）"), ())
    rows = [(label, _m(d.figures[key])) for key, label in FIGURE_LABELS if key in d.figures]
    return Table(
        headers=("项目", "金额（元）"),
        rows=tuple(rows),
        caption=f"{d.lender} 借款的计算结果（截至 {ctx.facts.as_of.isoformat()}）",
        numeric_columns=(1,),
    )


def proposal_table(ctx: FillContext) -> Table:
    d = ctx.debt
    if d is None or d.proposal is None:
        return Table(("项目", "内容"), ())
    p = d.proposal
    rows = [
        ("分期基数（剩余本金 + 逾期利息及费用，不含罚息、违约金）", _m(p.base)),
        ("期数", f"{p.months} 期（每月一期）"),
        ("年利率", f"{fmt_percent(p.annual_rate)}%"),
        ("首期还款额", _m(p.monthly_payment)),
        ("还款总额", _m(p.total_payable)),
    ]
    if p.first_due is not None:
        rows.insert(2, ("首期还款日", p.first_due.isoformat()))
    return Table(headers=("项目", "内容"), rows=tuple(rows), caption="还款方案", numeric_columns=())


def budget_table(ctx: FillContext) -> Table:
    f = ctx.facts
    rows: list[tuple[str, str, str, str]] = []
    if f.budget:
        for line in f.budget:
            kind = "收入" if line.direction == "income" else "支出"
            rows.append((kind, line.label, _m(line.amount), "、".join(line.proofs) or "（待补充证明）"))
    else:
        rows.append(("收入", "月净收入", _m(f.monthly_income), "（待补充证明）"))
        rows.append(("支出", "每月必要生活支出", _m(f.monthly_essential_expenses), "（待补充证明）"))
    if f.disposable_income is not None:
        rows.append(("结余", "每月可用于还款", _m(f.disposable_income), ""))
    return Table(
        headers=("类别", "项目", "每月金额（元）", "证明材料"),
        rows=tuple(rows),
        caption="收支情况",
        numeric_columns=(2,),
    )


def evidence_table(ctx: FillContext) -> Table:
    rows = tuple((e.ref, e.name, e.kind, _when(e.first_at), e.sha256[:16] + "…") for e in ctx.facts.evidence)
    return Table(
        headers=("编号", "材料", "类型", "最早时间", "SHA-256（前16位）"),
        rows=rows,
        caption="证据目录",
        nowrap_columns=(0, 3, 4),
    )


def provided_table(ctx: FillContext) -> Table:
    """Proofs the borrower holds but did not import (checklist items ticked as obtained)."""
    rows = tuple((p.ref, p.name, p.note or "—") for p in ctx.facts.provided)
    return Table(
        headers=("编号", "材料", "说明"),
        rows=rows,
        caption="另附材料（已备齐、未导入工作台，随本材料包提供）",
        nowrap_columns=(0,),
    )


SEVERITY_ZH = {"high": "严重", "medium": "中等", "low": "轻微"}
CONFIDENCE_ZH = {mark: zh for mark, (zh, _en) in CONFIDENCE_SHORT.items()}


def relevant_findings(ctx: FillContext) -> tuple[FindingFacts, ...]:
    """The findings about the letter's lender, and those from untagged numbers whose content names it or
    names no lender (a letter to another lender leaves out what names this one)."""
    lender = ctx.debt.lender if ctx.debt else ""
    return tuple(
        f
        for f in ctx.facts.findings
        if not lender or f.lender == lender or (not f.lender and f.suspected_lender in ("", lender))
    )


def findings_table(ctx: FillContext) -> Table:
    rows = tuple(
        (
            _when(f.when),
            f.detail,
            f.source,
            f"{SEVERITY_ZH.get(f.severity, f.severity)} / {CONFIDENCE_ZH.get(f.confidence, f.confidence)}",
            "、".join(f.evidence_refs),
        )
        for f in relevant_findings(ctx)
    )
    return Table(
        headers=("时间", "情况", "依据", "程度 / 依据可靠性", "证据"),
        rows=rows,
        caption="催收行为记录",
        nowrap_columns=(0,),
    )


def findings_summary_table(findings: tuple[FindingFacts, ...]) -> Table:
    """The findings grouped by rule and lender (when there are too many to list one by one): how many,
    first and latest time, an example, the files — largest groups first."""
    rows = []
    for group in sorted(findings_by_kind(findings), key=lambda g: (-len(g.items), g.rule, g.lender)):
        first = group.items[0]
        refs = sorted({r for f in group.items for r in f.evidence_refs})
        rows.append(
            (
                f"{group.lender or '（未识别机构）'}：{first.detail}",
                str(len(group.items)),
                _when(group.first) if group.first else "",
                _when(group.last) if group.last else "",
                f"{SEVERITY_ZH.get(first.severity, first.severity)} / "
                f"{CONFIDENCE_ZH.get(first.confidence, first.confidence)}",
                first.source,
                "、".join(refs),
            )
        )
    return Table(
        headers=("机构与情况（例）", "次数", "首次", "最近", "程度 / 依据可靠性", "依据", "证据"),
        rows=tuple(rows),
        caption="催收行为记录（按规则和机构归并）",
        numeric_columns=(1,),
        nowrap_columns=(1, 2, 3),
    )


DIRECTION_ZH = {"in": "来", "out": "去", "": ""}


def timeline_table(ctx: FillContext) -> Table:
    rows = tuple(
        (
            _when(c.when) if c.time_known else "时间未知",
            c.kind,
            c.status or DIRECTION_ZH.get(c.direction, c.direction),
            c.counterpart,
            c.summary,
            c.evidence_ref,
        )
        for c in ctx.facts.contacts
    )
    return Table(
        headers=("时间", "方式", "方向", "对方", "内容摘要", "证据"),
        rows=rows,
        caption="联系记录时间线",
        nowrap_columns=(0, 1, 2, 5),
    )


def proposal_terms(ctx: FillContext) -> AgreementTerms:
    """The plan the confirmation letter states, as structured terms for the art. 70 check."""
    d = ctx.debt
    if d is None or d.proposal is None:
        return AgreementTerms()
    p = d.proposal
    parts = {
        k: d.figures[k]
        for k in ("outstanding_principal", "overdue_interest", "overdue_fees")
        if k in d.figures
    }
    return AgreementTerms(
        balance=p.base,
        balance_parts=parts,
        months=p.months,
        installment_amount=p.monthly_payment,
        interest_continues=p.annual_rate > 0,
        fees_continue=False,
        breach_terms="stated in the letter (see its breach paragraph)",
        collection_stops=True,
    )


def _check(ctx: FillContext) -> AgreementCheck:
    """The lender's agreement text when the user gave it, else the plan this letter states."""
    card = bool(ctx.debt and ctx.debt.lender_type == "credit_card")
    text = ctx.extra.get("agreement_text", "")
    if text.strip():
        return check_agreement_text(text, card=card)
    return check_agreement_terms(proposal_terms(ctx), card=card)


def agreement_clauses_table(ctx: FillContext) -> Table:
    result = _check(ctx)
    rows = tuple((CLAUSE_TEXT[c][0], "已写明" if c in result.present else "缺少") for c in CLAUSE_TEXT)
    return Table(
        headers=("协议应写明的条款", "核对结果"),
        rows=rows,
        caption="条款核对（参照商业银行信用卡业务监督管理办法第七十条）",
    )


def missing_clauses_list(ctx: FillContext) -> tuple[str, ...]:
    result = _check(ctx)
    return tuple(result.missing_text()) + tuple(w.message_zh for w in result.warnings)
