"""The human report of `xieshang assess`: Rich tables, Chinese first (English with --lang en)."""

from __future__ import annotations

from decimal import Decimal

from rich.markup import escape
from rich.table import Table

from xieshang.cli.context import CliContext, money
from xieshang.core.agreement_words import agreement_sentence, statement_sentence
from xieshang.core.casefile import CaseFile
from xieshang.core.legal import LegalFlag
from xieshang.core.status import CaseAssessment, DebtAssessment

METHOD_NAMES = {
    "equal_installment": ("等额本息", "equal instalments"),
    "equal_principal": ("等额本金", "equal principal"),
    "interest_first": ("先息后本", "interest first"),
    "bullet": ("到期还本付息", "bullet"),
    "fee_installment": ("等本等费", "equal principal + flat monthly fee"),
    "revolving": ("信用卡（循环）", "credit card (revolving)"),
}
LENDER_TYPE_NAMES = {
    "bank": ("银行", "bank"),
    "credit_card": ("信用卡", "credit card"),
    "consumer_finance": ("消费金融公司", "consumer finance"),
    "microloan": ("小额贷款公司", "small-loan company"),
    "online_lender": ("网贷平台", "online lender"),
    "private": ("民间借贷", "private lender"),
}


def _pct(value: Decimal | None) -> str:
    """A rate for people: percent with four decimals (the JSON keeps six decimals of the fraction)."""
    return "—" if value is None else f"{value * 100:.4f}%"


def render_assessment(
    ctx: CliContext, case: CaseFile, result: CaseAssessment, *, show_schedule: bool
) -> None:
    t, out = ctx.t, ctx.console
    who = escape(case.borrower.name)  # names are the user's text: never Rich markup
    out.print(
        t(
            f"【欠款评估】{who} · 评估日 {result.on.isoformat()}",
            f"Assessment for {who} on {result.on.isoformat()}",
        )
    )
    if not result.debts:
        out.print(t("案件中没有债务。", "The case has no debts."))
    for a in result.debts:
        _render_debt(ctx, a)
        if show_schedule:
            _render_schedule(ctx, a)
    if result.debts:
        _render_totals(ctx, result)
    out.print(
        t(
            f"LPR 利率表截至 {result.lpr.valid_through.isoformat()}（{result.lpr.source}）；"
            "放款日在其后的，沿用最后一个已知值并注明。",
            f"The LPR table runs to {result.lpr.valid_through.isoformat()} (the one-year Loan Prime Rate "
            f"series of the National Interbank Funding Center, {result.lpr.confidence}); a later start date "
            "uses the last known value and says so.",
        )
    )
    out.print(
        t(
            "计算口径见 docs/calculations.md，可逐项手工核对。本工具不构成法律意见；规则旁的标记说明其可靠程度。",
            "How each figure is computed: docs/calculations.md (checkable by hand). Not legal advice; "
            "the mark beside each rule says how sure it is.",
        )
    )


def _render_debt(ctx: CliContext, a: DebtAssessment) -> None:
    t, s, terms = ctx.t, a.status, a.terms
    zh_m, en_m = METHOD_NAMES[terms.method]
    zh_l, en_l = LENDER_TYPE_NAMES[terms.lender_type]
    lender = escape(terms.lender)
    table = Table(
        title=t(f"{lender}（{terms.id}）· {zh_l} · {zh_m}", f"{lender} ({terms.id}) · {en_l} · {en_m}"),
        show_header=False,
        title_justify="left",
    )
    table.add_column(t("项目", "item"))
    table.add_column(t("金额", "amount"), justify="right")
    apr = a.contract_apr
    first: tuple[str, str] = (
        (
            t("账单金额 / 账单日", "statement balance / statement date"),
            f"{money(terms.principal)} / {terms.start_date.isoformat()}",
        )
        if terms.is_revolving
        else (
            t("合同本金 / 实际到手", "principal / actually received"),
            f"{money(terms.principal)} / {money(terms.received)}",
        )
    )
    rows: list[tuple[str, str]] = [
        first,
        (
            t("合同年化利率（单利 / IRR 复利）", "contract APR (simple 单利 / IRR compound)"),
            "—" if apr is None else f"{_pct(apr.simple)} / {_pct(apr.compound)}",
        ),
        (t("已还合计", "paid so far"), money(s.paid_total)),
        (t("剩余本金", "principal outstanding"), money(s.outstanding_principal)),
        (t("逾期本金", "overdue principal"), money(s.overdue_principal)),
        (t("逾期利息", "overdue interest"), money(s.overdue_interest)),
        (t("逾期费用", "overdue fees"), money(s.overdue_fees)),
        (t("未还罚息", "penalty interest unpaid"), money(s.penalty_unpaid)),
        (t("未还违约金", "late fees unpaid"), money(s.late_fees_unpaid)),
        (t("当前应还（含今日到期）", "due now (incl. due today)"), money(s.total_due_now)),
        (t("一次性结清", "pay off everything today"), money(s.payoff_now)),
        (
            t("逾期天数 / 档位", "days past due / bucket"),
            f"{s.dpd} / {s.bucket}" + (t("（宽限期内）", " (in grace)") if s.in_grace else ""),
        ),
        (t("每拖一天多付", "each more day costs"), money(s.daily_penalty_now)),
        *(
            []
            if s.minimum_payment_due is None
            else [(t("本期最低还款额尚需还", "minimum payment still due"), money(s.minimum_payment_due))]
        ),
        (
            t("实际年化成本（若今日结清，XIRR）", "realised annual cost if paid off today (XIRR)"),
            _pct(a.realised_apr),
        ),
    ]
    for w in a.cost_of_waiting:
        rows.append(
            (
                t(
                    f"再等 {w.days} 天（{w.on.isoformat()}）一次性结清",
                    f"pay off in {w.days} days ({w.on.isoformat()})",
                ),
                f"{money(w.payoff)}（+{money(w.increase)}）"
                if ctx.lang != "en"
                else f"{money(w.payoff)} (+{money(w.increase)})",
            )
        )
    for label, value in rows:
        table.add_row(label, value)
    ctx.console.print(table)
    if a.card is not None and s.minimum_payment_due is not None:
        line = statement_sentence(a.card, s.minimum_payment_due, ctx.lang)
        if line:
            ctx.console.print(f"  {line}", markup=False)
    if a.agreement is not None:
        ag = a.agreement
        ctx.console.print(f"  {agreement_sentence(ag, ctx.lang)}", markup=False)
        ctx.console.print(
            t(
                f"  协议日应还（一次性结清额）{money(ag.owed)}；以上数字按协议计算，合同还款计划仅供参考。",
                f"  Owed on the agreement date (payoff then) {money(ag.owed)}; the figures above follow the "
                "agreement, the contract schedule is for reference only.",
            ),
            markup=False,
        )
    if not s.started:
        ctx.console.print(
            t(
                f"  注意：放款日 {terms.start_date.isoformat()} 在评估日之后，以上是放款当日的数字。",
                f"  Note: the loan starts on {terms.start_date.isoformat()}, after the evaluation date: "
                "these are the figures of the day it starts.",
            )
        )
    if a.accelerated_on is not None:
        ctx.console.print(
            t(
                f"  注意：{a.accelerated_on.isoformat()} 起全部剩余本金提前到期（加速到期）。",
                f"  Note: the whole remaining principal fell due on {a.accelerated_on.isoformat()} (acceleration).",
            )
        )
    if a.credit > 0:
        ctx.console.print(
            t(
                f"  多还了 {money(a.credit)}，可要求退还。",
                f"  Overpaid by {money(a.credit)}: ask for it back.",
            )
        )
    if a.ignored_payments:
        listed = "，".join(f"{p.date.isoformat()} {money(p.amount)}" for p in a.ignored_payments)
        ctx.console.print(
            t(
                f"  评估日之后的还款未计入：{listed}",
                f"  Payments after the evaluation date not counted: {listed}",
            )
        )
    for flag in a.legal_flags:
        _render_flag(ctx, flag)
    if not a.legal_flags:
        ctx.console.print(t("  未发现利率或收费方面的提示。", "  No interest or fee flags."))


def _render_flag(ctx: CliContext, flag: LegalFlag) -> None:
    t = ctx.t
    value = _pct(flag.value) if flag.unit == "rate" else money(flag.value)
    threshold = _pct(flag.threshold) if flag.unit == "rate" else money(flag.threshold)
    ctx.console.print(
        t(
            f"  ⚑ {flag.title('zh')}（{flag.code}）：{value}，界限 {threshold}",
            f"  ⚑ {flag.title('en')} ({flag.code}): {value}, threshold {threshold}",
        ),
        markup=False,
    )
    ctx.console.print(f"    {flag.rule.hedged_text(ctx.lang)}", markup=False)
    source = flag.rule.source
    original = " ".join(part for part in (source.title, source.article) if part)
    ctx.console.print(
        t(
            f"    来源：{flag.source} · 可靠程度：{flag.rule.confidence_label('zh')}",
            f"    Source: {flag.source_label('en')}"
            + (f" [{original}]" if source.title_en else "")
            + f" · confidence: {flag.rule.confidence_label('en')}",
        ),
        markup=False,
    )
    note = t(flag.note_zh, flag.note_en)
    if note:
        ctx.console.print(f"    {note}", markup=False)


def _render_statements(ctx: CliContext, a: DebtAssessment) -> None:
    t = ctx.t
    assert a.card is not None
    table = Table(title=t(f"{a.terms.id} 账单", f"{a.terms.id}: statements"), title_justify="left")
    for name in (
        t("账单日", "statement"),
        t("到期还款日", "due"),
        t("最低还款额", "minimum"),
        t("还款期内已还", "paid in window"),
        t("违约金", "late fee"),
    ):
        table.add_column(name, justify="right")
    for st in a.card.statements:
        table.add_row(
            st.date.isoformat(),
            st.due_date.isoformat(),
            money(st.minimum),
            money(st.window_paid),
            money(st.late_fee),
        )
    ctx.console.print(table)


def _render_schedule(ctx: CliContext, a: DebtAssessment) -> None:
    t = ctx.t
    if a.card is not None:
        _render_statements(ctx, a)
        return
    schedule, title_zh, title_en = a.schedule, "还款计划与状态", "schedule and state"
    if a.agreement is not None:
        schedule, title_zh, title_en = a.agreement.schedule, "协议还款计划与状态", "agreed schedule and state"
    if not schedule:
        return
    table = Table(title=t(f"{a.terms.id} {title_zh}", f"{a.terms.id}: {title_en}"), title_justify="left")
    for name in (
        t("期", "n"),
        t("到期日", "due"),
        t("本金", "principal"),
        t("利息", "interest"),
        t("费用", "fee"),
        t("合计", "total"),
        t("未还", "unpaid"),
        t("罚息", "penalty"),
    ):
        table.add_column(name, justify="right")
    states = {s.n: s for s in a.installments}
    for row in schedule:
        state = states[row.n]
        table.add_row(
            str(row.n),
            row.due_date.isoformat(),
            money(row.principal),
            money(row.interest),
            money(row.fee),
            money(row.total),
            t("已取消", "cancelled") if state.cancelled else money(state.unpaid),
            money(state.penalty),
        )
    for state in a.installments:
        if state.accelerated:
            table.add_row(
                t("失效", "broken") if a.agreement is not None else t("加速", "acc."),
                state.due_date.isoformat(),
                money(state.total),
                "0.00",
                "0.00",
                money(state.total),
                money(state.unpaid),
                money(state.penalty),
            )
    ctx.console.print(table)


def _render_totals(ctx: CliContext, result: CaseAssessment) -> None:
    t = ctx.t
    table = Table(title=t("合计", "Totals"), title_justify="left")
    for name in (
        t("债务", "debt"),
        t("当前应还", "due now"),
        t("一次性结清", "payoff"),
        t("剩余本金", "principal"),
        t("每拖一天多付", "per day of delay"),
        t("逾期", "overdue"),
    ):
        table.add_column(name, justify="right")
    for a in result.debts:
        s = a.status
        table.add_row(
            a.terms.id,
            money(s.total_due_now),
            money(s.payoff_now),
            money(s.outstanding_principal),
            money(s.daily_penalty_now),
            f"{s.dpd} {t('天', 'd')} {s.bucket}",
        )
    tot = result.totals
    table.add_row(
        t("合计", "total"),
        money(tot.total_due_now),
        money(tot.payoff_now),
        money(tot.outstanding_principal),
        money(tot.daily_penalty_now),
        "",
    )
    ctx.console.print(table)
    if tot.payoff_now > 0:
        steps = [
            t(
                f"{w.days} 天后（{w.on.isoformat()}）{money(w.payoff)}（多 {money(w.increase)}）",
                f"in {w.days} days ({w.on.isoformat()}) {money(w.payoff)} (+{money(w.increase)})",
            )
            for w in tot.cost_of_waiting
        ]
        ctx.console.print(
            t(
                f"如果一分不还，一次性结清全部欠款需要：今天 {money(tot.payoff_now)}；"
                + "；".join(steps)
                + "。",
                f"If nothing is paid, paying off everything costs {money(tot.payoff_now)} today; "
                + "; ".join(steps)
                + ".",
            )
        )
