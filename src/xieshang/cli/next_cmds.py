"""`xieshang next NAME`, `xieshang reminders NAME -o FILE.ics`, `xieshang budget NAME`: read-only views of a
stored case — what to do next (as the dashboard), the reminders for the phone's calendar, the budget.

`next` lists `negotiation.progress.next_actions` (overdue first), falling back to the steps' next actions as
the dashboard does, plus the agreed payments due within 7 days (`negotiation.selectors.upcoming_payments`).

(No `from __future__ import annotations`: Typer reads the option types at run time.)
"""

from datetime import date
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from xieshang.cli import negotiation_common as nc
from xieshang.cli.context import CliContext, current, money
from xieshang.cli.stored import texts
from xieshang.core.errors import InputError

DUE_SOON_DAYS = 7  # as the dashboard's "due soon"


def _actions(case: Any, today: date) -> list[dict[str, Any]]:
    from xieshang.negotiation.progress import next_actions

    found = [
        {"kind": a.kind, "text": a.text, "due": a.due, "overdue": a.overdue}
        for a in next_actions(case, today=today)
    ]
    if found:
        return found
    from xieshang.cases.figures import case_assessment
    from xieshang.workbench.steps import case_steps
    from xieshang.workbench.steps import next_actions as step_actions

    steps = case_steps(case, case_assessment(case), today)
    return [
        {"kind": f"step:{s.key}", "text": s.next_action, "due": None, "overdue": False}
        for s in step_actions(steps, limit=2)
    ]


def _due_soon(case: Any, today: date) -> list[dict[str, Any]]:
    from xieshang.negotiation.selectors import upcoming_payments

    # The selector reads the cases a user sees; the case's owner sees this one.
    return [
        {
            "payment": p.pk,
            "agreement": p.agreement_id,
            "n": p.n,
            "lender": p.agreement.lender_name,
            "due_date": p.due_date,
            "amount": money(p.amount),
            "days": (p.due_date - today).days,
        }
        for p in upcoming_payments(case.owner, days=DUE_SOON_DAYS, today=today)
        if p.agreement.case_id == case.pk
    ]


def _next(ctx: CliContext, name: str, on: str | None, as_json: bool) -> None:
    with nc.stored(ctx):
        case = nc.case_named(name)
        today = nc.today(ctx, on)
        actions, due = _actions(case, today), _due_soon(case, today)
    if as_json:
        ctx.emit_json({"case": case.name, "today": today, "actions": actions, "due_soon": due})
        return
    ctx.console.print(
        ctx.t(f"案件 {case.name} 的下一步（{today}）：", f"Next steps in case {case.name} ({today}):")
    )
    if not actions:
        ctx.console.print(ctx.t("  暂无待办。", "  Nothing to do right now."))
    for n, a in enumerate(actions, 1):
        mark = ctx.t("【已逾期】", "[OVERDUE] ") if a["overdue"] else ""
        when = f"{a['due']}  " if a["due"] else ""
        ctx.console.print(f"{n:>2}. {mark}{when}{a['text']}", markup=False)
    if due:
        ctx.console.print(
            ctx.t(
                f"{DUE_SOON_DAYS} 天内到期的协议还款：", f"Agreed payments due within {DUE_SOON_DAYS} days:"
            )
        )
        for d in due:
            days = (
                ctx.t(f"还有 {d['days']} 天", f"in {d['days']} days") if d["days"] else ctx.t("今天", "today")
            )
            ctx.console.print(
                f"  {d['due_date']}  {d['lender']}  {d['amount']}  (#{d['payment']}, {days})", markup=False
            )


def _reminders(ctx: CliContext, name: str, out: Path, on: str | None, as_json: bool) -> None:
    with nc.stored(ctx):
        from django.utils.translation import gettext

        from xieshang.negotiation.reminders import case_reminders, reminders_ics

        case = nc.case_named(name)
        reminders = case_reminders(case, today=nc.today(ctx, on))
        calendar = gettext("Xieshang reminders: %(case)s") % {"case": case.name}
        data = reminders_ics(case, reminders, calendar_name=calendar)
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise InputError(f"无法写入 {out}：{exc.strerror}", f"cannot write {out}: {exc.strerror}") from exc
    if as_json:
        rows = [
            {"uid": r.uid, "kind": r.kind, "day": r.day, "summary": r.summary, "overdue": r.overdue}
            for r in reminders
        ]
        ctx.emit_json({"case": case.name, "file": str(out), "reminders": rows})
        return
    ctx.console.print(
        ctx.t(
            f"已写入 {out}：{len(reminders)} 条提醒（导入手机日历；再次导出会更新而不是重复）。",
            f"Wrote {out}: {len(reminders)} reminders (import it into your phone's calendar; "
            "a later export updates them instead of duplicating).",
        ),
        markup=False,
    )
    for r in reminders:
        mark = ctx.t("【已逾期】", "[OVERDUE] ") if r.overdue else ""
        ctx.console.print(f"  {r.day}  {mark}{r.summary}", markup=False)


def _budget(ctx: CliContext, name: str, as_json: bool) -> None:
    with nc.stored(ctx):
        from xieshang.cases.services_budget import case_budget_statement

        case = nc.case_named(name)
        statement = case_budget_statement(case)
    if as_json:
        doc = {
            "case": case.name,
            **statement.as_json(),
            "dependents": statement.dependents,
            "note": statement.note,
        }
        ctx.emit_json(doc)
        return
    lang = ctx.lang
    table = Table(
        title=ctx.t(
            f"案件 {case.name} 的收支表（每月）", f"Income & expenditure of case {case.name} (monthly)"
        )
    )
    table.add_column(ctx.t("项目", "item"))
    table.add_column(ctx.t("金额", "amount"), justify="right")
    table.add_column(ctx.t("占收入", "of income"), justify="right")
    total = statement.total_income

    def share(amount: Any) -> str:
        from xieshang.core.money import fmt_percent

        return f"{fmt_percent(amount / total, 0)}%" if total else "—"

    for title, lines, line_total in (
        (ctx.t("收入", "Income"), statement.income, statement.total_income),
        (ctx.t("必要支出", "Essential expenditure"), statement.expenditure, statement.total_expenditure),
    ):
        table.add_row(title, "", "")
        for line in lines:
            table.add_row(nc.cell("  " + line.label(lang)), money(line.amount), share(line.amount))
        table.add_row(ctx.t("  合计", "  Total"), money(line_total), share(line_total))
    table.add_row(
        ctx.t("可支配收入", "Disposable income"),
        money(statement.disposable_income),
        share(statement.disposable_income),
    )
    ctx.console.print(table)
    ctx.console.print(statement.derivation(lang), markup=False)
    if statement.dependents:
        ctx.console.print(ctx.t(f"受抚养人：{statement.dependents}", f"Dependents: {statement.dependents}"))
    if statement.note:
        ctx.console.print(ctx.t("备注：", "Note: ") + statement.note, markup=False)
    if not statement.itemised:
        ctx.console.print(
            ctx.t(
                "案件文件没有 [budget] 分项：在案件文件中填写后用 xieshang case import 更新。",
                "The case file has no [budget] breakdown: add one to the case file and run xieshang case import.",
            ),
            markup=False,
        )


def register(app: typer.Typer, lang: str) -> None:
    t = texts(lang)

    json_help = t("输出 JSON。", "Print JSON.")
    name_help = t("已存储的案件名称。", "A stored case name.")

    @app.command(
        "next",
        help=t(
            "案件的下一步：待办事项（逾期在前，含日期），以及 7 天内到期的协议还款。",
            "The case's next steps: actions (overdue first, with dates) and agreed payments due within 7 days.",
        ),
    )
    def next_cmd(
        name: str = typer.Argument(..., help=name_help),
        on: str | None = typer.Option(
            None, "--on", help=t("按此日期（默认今天）。", "As of this date (today).")
        ),
        as_json: bool = typer.Option(False, "--json", help=json_help),
    ) -> None:
        _next(current(), name, on, as_json)

    @app.command(
        "reminders",
        help=t(
            "把案件的提醒（跟进、承诺、方案期限、协议还款）写成 iCalendar 文件，导入手机日历。",
            "Write the case's reminders (follow-ups, promises, offer deadlines, agreed payments) as an "
            "iCalendar file for the phone's calendar.",
        ),
    )
    def reminders_cmd(
        name: str = typer.Argument(..., help=name_help),
        out: Path = typer.Option(..., "-o", "--output", help=t("输出文件（.ics）。", "Output file (.ics).")),
        on: str | None = typer.Option(
            None, "--on", help=t("按此日期（默认今天）。", "As of this date (today).")
        ),
        as_json: bool = typer.Option(False, "--json", help=json_help),
    ) -> None:
        _reminders(current(), name, out, on, as_json)

    @app.command(
        "budget",
        help=t(
            "案件的收支表与可支配收入（只读；预算在案件文件 [budget] 中设置）。",
            "The case's income & expenditure and disposable income (read-only; set it in the case file's [budget]).",
        ),
    )
    def budget_cmd(
        name: str = typer.Argument(..., help=name_help),
        as_json: bool = typer.Option(False, "--json", help=json_help),
    ) -> None:
        _budget(current(), name, as_json)
