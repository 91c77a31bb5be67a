"""The human output of `xieshang contact|offer|agreement`: Rich tables, the user's text never read as markup.

Labels of channels, kinds and parties are the models' own (translated by the app's catalog, in the language
`negotiation_common.stored` activates).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.table import Table

from xieshang.cli.context import CliContext, money
from xieshang.cli.negotiation_common import label, word
from xieshang.core.money import fmt_percent


def saved(ctx: CliContext, what: str, pk: int) -> None:
    ctx.console.print(f"{what}：#{pk}" if ctx.lang != "en" else f"{what}: #{pk}", markup=False)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def contacts(ctx: CliContext, case: Any, rows: list[Any], today: date) -> None:
    from django.utils import timezone

    from xieshang.negotiation.models import Channel, Contact, Party

    if not rows:
        ctx.console.print(
            ctx.t(
                f"案件 {case.name} 还没有联系记录：xieshang contact add {case.name} --channel phone --said …",
                f"No contacts logged in case {case.name} yet: xieshang contact add {case.name} "
                "--channel phone --said …",
            ),
            markup=False,
        )
        return
    out = ctx.console
    for c in rows:
        who = " ".join(
            x
            for x in (c.person, ctx.t("工号 ", "staff no. ") + c.staff_number if c.staff_number else "")
            if x
        )
        head = [
            f"#{c.pk}",
            timezone.localtime(c.occurred_at).strftime("%Y-%m-%d %H:%M"),
            c.lender_name,
            label(Channel, c.channel),
            label(Contact.Direction, c.direction),
        ]
        out.print("  ".join([*head, who] if who else head), markup=False)
        out.print(ctx.t("    说：", "    said: ") + c.said, markup=False)
        if c.promise:
            due = f", {c.promise_due}" if c.promise_due else ""
            out.print(
                ctx.t("    承诺（", "    promise (")
                + label(Party, c.promise_by)
                + due
                + ctx.t("）：", "): ")
                + c.promise,
                markup=False,
            )
        if c.follow_up_on:
            if c.follow_up_done:
                mark = ctx.t("（已完成）", " (done)")
            else:
                mark = ctx.t("【已逾期】", " [OVERDUE]") if c.follow_up_on < today else ""
            out.print(ctx.t("    跟进：", "    follow-up: ") + f"{c.follow_up_on}{mark}", markup=False)


def _terms(ctx: CliContext, o: Any) -> str:
    parts = []
    if o.amount is not None:
        parts.append(ctx.t("金额 ", "amount ") + money(o.amount))
    if o.months:
        parts.append(ctx.t(f"{o.months} 期", f"{o.months} payments"))
    if o.annual_rate is not None:
        parts.append(ctx.t("年利率 ", "rate ") + fmt_percent(o.annual_rate) + "%")
    if o.monthly_payment is not None:
        parts.append(ctx.t("月供 ", "monthly ") + money(o.monthly_payment))
    if o.total_payable is not None:
        parts.append(ctx.t("总额 ", "total ") + money(o.total_payable))
    if o.waived_amount is not None:
        parts.append(ctx.t("减免 ", "waived ") + money(o.waived_amount))
    if o.first_due_date is not None:
        parts.append(ctx.t("首期 ", "first due ") + o.first_due_date.isoformat())
    if o.terms:
        parts.append(o.terms)
    return " · ".join(parts)


def offers(ctx: CliContext, rows: list[Any], today: date) -> None:
    from xieshang.negotiation.models import Offer, Party, TermsKind

    if not rows:
        ctx.console.print(ctx.t("还没有方案。", "No offers yet."))
        return
    for o in rows:
        head = [
            f"#{o.pk}",
            o.proposed_on.isoformat(),
            ctx.t("提出方：", "by ") + label(Party, o.proposed_by),
            o.lender_name or "—",
            label(TermsKind, o.kind),
            f"[{label(Offer.Status, o.status_on(today))}]",
        ]
        if o.valid_until:
            head.append(ctx.t("有效期至 ", "valid until ") + o.valid_until.isoformat())
        if o.responds_to_id:
            head.append(ctx.t(f"还价 #{o.responds_to_id}", f"counter to #{o.responds_to_id}"))
        ctx.console.print("  ".join(head), markup=False)
        ctx.console.print("    " + _terms(ctx, o), markup=False)


def agreements(ctx: CliContext, overviews: list[Any]) -> None:
    from xieshang.negotiation.models import TermsKind

    if not overviews:
        ctx.console.print(ctx.t("还没有协议。", "No agreements yet."))
        return
    for ov in overviews:
        a = ov.agreement
        head = ctx.t(
            f"协议 #{a.pk}  {a.agreed_on}  {a.lender_name}  {label(TermsKind, a.kind)}  "
            f"金额 {money(a.amount)}，{a.months} 期，年利率 {fmt_percent(a.annual_rate)}%",
            f"Agreement #{a.pk}  {a.agreed_on}  {a.lender_name}  {label(TermsKind, a.kind)}  "
            f"amount {money(a.amount)}, {a.months} payments, rate {fmt_percent(a.annual_rate)}%",
        )
        ctx.console.print(head, markup=False)
        ctx.console.print(
            ctx.t(
                f"  {word(ctx, ov.state)}：应还 {money(ov.total_due)}，已还 {money(ov.paid_total)}，"
                f"剩余 {money(ov.remaining)}",
                f"  {word(ctx, ov.state)}: due {money(ov.total_due)}, paid {money(ov.paid_total)}, "
                f"remaining {money(ov.remaining)}",
            ),
            markup=False,
        )
        if a.confirmation_note:
            ctx.console.print(ctx.t("  书面确认：", "  In writing: ") + a.confirmation_note, markup=False)
        table = Table()
        for title in (
            ctx.t("编号", "id"),
            ctx.t("期", "no."),
            ctx.t("到期日", "due"),
            ctx.t("应还", "amount"),
        ):
            table.add_column(title)
        for title in (ctx.t("还款日", "paid on"), ctx.t("已还", "paid"), ctx.t("状态", "status")):
            table.add_column(title)
        for r in ov.rows:
            p = r.payment
            table.add_row(
                str(p.pk),
                str(p.n),
                p.due_date.isoformat(),
                money(p.amount),
                p.paid_on.isoformat() if p.paid_on else "—",
                money(p.paid_amount) if p.paid_amount is not None else "—",
                word(ctx, str(r.status)),
            )
        ctx.console.print(table)
    ctx.console.print(
        ctx.t(
            "记录已还：xieshang agreement paid 案件名 编号 --on 日期",
            "Record a payment: xieshang agreement paid CASE ID --on DATE",
        ),
        markup=False,
    )


def paid(ctx: CliContext, p: Any, status: str) -> None:
    ctx.console.print(
        ctx.t(
            f"协议还款 #{p.pk}（第 {p.n} 期，{p.due_date} 到期）已记为已还：{p.paid_on} {money(p.paid_amount)}"
            f"（{word(ctx, status)}）",
            f"Agreed payment #{p.pk} (no. {p.n}, due {p.due_date}) marked paid: {p.paid_on} "
            f"{money(p.paid_amount)} ({word(ctx, status)})",
        ),
        markup=False,
    )
    if p.debt_payment_id:
        ctx.console.print(
            ctx.t(
                "同时记入该债务的还款记录（xieshang assess 会计入）。",
                "Also recorded as a payment of the debt (xieshang assess counts it).",
            ),
            markup=False,
        )
