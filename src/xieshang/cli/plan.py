"""`xieshang plan CASE [--on DATE] [--json] [--chart FILE]`: the negotiation options side by side, the
allocation across debts (the opening ask), a recommendation per debt, and a chart of cumulative payments."""

from __future__ import annotations

import importlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from xieshang.cli.context import CliContext, current, money, rate
from xieshang.cli.stored import django_ready, texts
from xieshang.core.errors import InputError


def _parse_on(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise InputError(
            f"--on: 日期格式应为 YYYY-MM-DD，实际为 {value!r}", f"--on: expected YYYY-MM-DD, got {value!r}"
        ) from exc


def _load_case(ref: str) -> Any:
    """CASE: a case-file path, or the name of a stored case."""
    try:  # the shared resolver, when present
        caseref = importlib.import_module("xieshang.cli.caseref")
    except ImportError:
        caseref = None
    if caseref is not None and hasattr(caseref, "load_case"):
        return caseref.load_case(ref)
    from xieshang.core.casefile import parse_case_text

    path = Path(ref)
    if path.exists() or ref.endswith(".toml"):
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except OSError as exc:
            raise InputError(
                f"无法读取案件文件 {path}：{exc.strerror}",
                f"cannot read the case file {path}: {exc.strerror}",
            ) from exc
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{path}：案件文件必须是 UTF-8 编码", f"{path}: a case file must be UTF-8"
            ) from exc
        return parse_case_text(text)
    django_ready()
    from xieshang.cases.casefile_io import case_file_for_name

    return case_file_for_name(ref)


def build(case: Any, on: date) -> Any:
    from xieshang.figures import plan

    return plan(case, on)


def _opt(value: Any) -> str:
    return "—" if value is None else money(value)


def _pct(value: Any) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"


def render(ctx: CliContext, plan: Any) -> None:
    t = ctx.t
    c = ctx.console
    if not c.is_terminal:  # a pipe or a file: do not cut the side-by-side table at 80 columns
        c.width = max(c.width, 170)
    s = plan.statement
    c.print(
        t(
            f"协商方案（评估日 {plan.as_of.isoformat()}）",
            f"Negotiation plan (as of {plan.as_of.isoformat()})",
        ),
        style="bold",
    )
    budget = Table(title=t("收支表（每月）", "Income & expenditure (monthly)"))
    budget.add_column(t("项目", "Item"))
    budget.add_column(t("金额", "Amount"), justify="right")
    for line in s.income:
        budget.add_row(t("收入：", "Income: ") + line.label(ctx.lang), money(line.amount))
    for line in s.expenditure:
        budget.add_row(t("支出：", "Spending: ") + line.label(ctx.lang), money(line.amount))
    budget.add_row(t("可支配收入", "Disposable income"), money(s.disposable_income), style="bold")
    c.print(budget)
    c.print(s.derivation(ctx.lang))
    for d, rec in zip(plan.debts, plan.recommendations, strict=True):
        p = d.position
        table = Table(
            title=f"{p.lender}（{p.id}）"
            + t(
                f"：基数 {money(p.base)}，现在结清 {money(p.payoff_now)}",
                f": base {money(p.base)}, payoff now {money(p.payoff_now)}",
            )
        )
        for col, justify in (
            (t("方案", "Option"), "left"),
            (t("首期日", "First due"), "right"),
            (t("首期", "First"), "right"),
            (t("之后每期", "Then"), "right"),
            (t("合计", "Total"), "right"),
            (t("还清月数", "Months"), "right"),
            (t("比现在结清省", "vs payoff now"), "right"),
            (t("比拖90天省", "vs waiting 90 d"), "right"),
            (t("年化(单利)", "APR (simple)"), "right"),
            (t("机构政策", "Policy"), "left"),
        ):
            table.add_column(col, justify=justify, no_wrap=justify == "right")  # type: ignore[arg-type]
        for o in d.options:
            verdict = {True: t("之内", "within"), False: t("超出", "beyond"), None: t("未知", "unknown")}[
                o.within_policy
            ]
            table.add_row(
                o.label(ctx.lang),
                o.payments[0].due_date.isoformat() if o.payments else "—",
                money(o.monthly_payment),
                _opt(o.later_payment),
                money(o.total_payable),
                str(o.months_to_debt_free),
                money(o.saving_vs_payoff_now),
                _opt(o.saving_vs_waiting_90),
                _pct(o.apr_simple),
                verdict,
            )
        c.print(table)
        notes = [(o.label(ctx.lang), o.note(ctx.lang)) for o in d.options if o.note(ctx.lang)]
        for label, note in notes:
            c.print(f"  {label}{t('：', ': ')}{note}", markup=False, style="dim")
        if d.policy is not None:
            _print_profile(ctx, d.policy)
        c.print(t("建议：", "Recommendation:"), style="bold")
        for reason in rec.reasons(ctx.lang):
            c.print("· " + reason, markup=False)
        c.print(t("注意：", "Warnings:"), style="bold")
        for w in rec.warnings:
            where = f"{w.source.label()}{t('；', '; ')}{w.confidence_label(ctx.lang)}"
            c.print(f"! {w.hedged_text(ctx.lang)}{t('（', ' (')}{where}{t('）', ')')}", markup=False)
    a = plan.allocation
    if a is None:
        c.print(t("没有未还的欠款：不需要协商方案。", "Nothing is outstanding: no plan is needed."))
    else:
        state = (
            t("可行", "fits the budget")
            if a.feasible
            else t("不可行：这是最低月供组合", "does NOT fit: the least monthly sum")
        )
        c.print(
            t(
                f"全部债务的开价（预算分配，{state}）：每月合计 {money(a.monthly_total)}，共 {money(a.total_payable)}，可支配收入 {money(a.disposable)}",
                f"Opening ask across all debts ({state}): {money(a.monthly_total)} a month, {money(a.total_payable)} in all, "
                f"disposable income {money(a.disposable)}",
            ),
            style="bold",
        )
        for d, o in zip(plan.debts, plan.chosen, strict=True):
            c.print(f"  {d.position.id}: {o.label(ctx.lang)} — {money(o.monthly_payment)}", markup=False)
    if plan.debts:
        c.print(
            t(
                "“比现在结清省”“比拖90天省”为负数时，表示这个方案比那样做多付的钱。",
                "A negative saving means the option costs that much more than paying off now / waiting.",
            )
        )
    c.print(
        t(
            "本工具不构成法律意见；规则后标注了来源和可信度。",
            "Not legal advice; every rule shows its source and confidence.",
        )
    )


def _print_profile(ctx: CliContext, policy: Any) -> None:
    """What is known about the lender, every fact with its source, confidence and date; unknown says so."""
    from xieshang.core.plan.lender import CONFIDENCE_ZH

    t = ctx.t
    c = ctx.console
    name = policy.platform.display_name if policy.platform is not None else None
    kind = name or t("这类机构", "this type of lender")
    c.print(t(f"已知的机构资料（{kind}）：", f"What is known about the lender ({kind}):"), style="bold")
    if ctx.lang == "en":
        c.print("  (facts are quoted in Chinese as found in the sources)", style="dim")
    unknown = []
    for f in policy.facts():
        if f.fact is None:
            unknown.append(f.label(ctx.lang))
            continue
        conf = f.fact.confidence if ctx.lang == "en" else CONFIDENCE_ZH[f.fact.confidence]
        day = f.fact.checked.isoformat()
        where = t(
            f"（来源：{f.fact.source}；{conf}；核对于 {day}）",
            f" (source: {f.fact.source}; {conf}; checked {day})",
        )
        c.print(f"  {f.label(ctx.lang)}{t('：', ': ')}{f.value_text(ctx.lang)}{where}", markup=False)
        if f.fact.note:
            c.print(f"    {f.fact.note}", markup=False, style="dim")
    if unknown:
        c.print(
            t("  未知（没有找到可靠来源，不作猜测）：", "  Unknown (no reliable source found; not guessed): ")
            + t("、", ", ").join(unknown),
            markup=False,
        )
    for profile in (policy.platform, policy.type_profile):
        for note in profile.notes if profile is not None else ():
            c.print(f"  {t('注', 'Note')}{t('：', ': ')}{note}", markup=False, style="dim")


def register(app: typer.Typer, lang: str) -> None:
    t = texts(lang)

    @app.command(
        "plan",
        help=t(
            "协商方案：各种选择并列比较、预算分配（开价）、每笔债务的建议。",
            "Negotiation options side by side, the budget allocation (opening ask), advice per debt.",
        ),
    )
    def plan_cmd(
        case_ref: str = typer.Argument(
            ...,
            metavar="CASE",
            help=t("案件文件路径或已保存的案件名。", "A case-file path or a stored case name."),
        ),
        on: str = typer.Option(
            None,
            "--on",
            help=t(
                "评估日期 YYYY-MM-DD（默认：案件 as_of，否则今天）。",
                "Evaluation date (default: as_of, else today).",
            ),
        ),
        as_json: bool = typer.Option(False, "--json", help=t("输出 JSON。", "Print JSON.")),
        chart_path: str | None = typer.Option(
            None,
            "--chart",
            help=t("把累计还款图写入 FILE（.svg）。", "Write the cumulative-payments chart to FILE (.svg)."),
        ),
    ) -> None:
        ctx = current()
        chart = Path(chart_path) if chart_path else None
        day = _parse_on(on)
        if chart is not None and chart.suffix.lower() != ".svg":
            raise InputError("--chart: 只支持 .svg 文件", "--chart: only .svg is supported")
        case = _load_case(case_ref)
        day = day or case.as_of or ctx.env.today_or_now()
        plan = build(case, day)
        if chart is not None:
            from xieshang.core.plan.chart import render_svg, strategies

            title = ctx.t(
                f"累计还款对比（评估日 {day.isoformat()}）", f"Cumulative payments (as of {day.isoformat()})"
            )
            svg = render_svg(strategies(plan), title, lang=ctx.lang)
            try:
                chart.write_text(svg, encoding="utf-8")
            except OSError as exc:
                raise InputError(
                    f"--chart: 无法写入 {chart}：{exc.strerror}",
                    f"--chart: cannot write {chart}: {exc.strerror}",
                ) from exc
        if as_json:
            from xieshang.core.plan.build import plan_json

            ctx.emit_json(plan_json(plan))
            return
        render(ctx, plan)
        if chart is not None:
            ctx.console.print(ctx.t(f"图已写入 {chart}", f"Chart written to {chart}"))


__all__ = ["build", "rate", "register"]
