"""`xieshang contact add|list|done`, `offer add|list|accept|reject`, `agreement add|list|paid`: the options.

What each does is in negotiation_actions.py (thin over `xieshang.negotiation.services`). NAME is a stored
case (as `xieshang conduct NAME`); DEBT_ID is the case file's debt id; the numbers of contacts, offers,
agreements and payments are those the list commands show.

(No `from __future__ import annotations`: Typer reads the option types at run time.)
"""

from collections.abc import Callable

import typer

from xieshang.cli import negotiation_actions as act
from xieshang.cli.context import current
from xieshang.cli.negotiation_common import AGREED_METHODS, CHANNELS, KINDS, PARTIES
from xieshang.cli.stored import texts

T = Callable[[str, str], str]


def _contact(group: typer.Typer, t: T) -> None:
    json_help = t("输出 JSON。", "Print JSON.")
    name_help = t("已存储的案件名称。", "A stored case name.")

    @group.command("add", help=t("记录一次联系。", "Log one contact with a lender."))
    def add(
        name: str = typer.Argument(..., help=name_help),
        channel: str = typer.Option(..., "--channel", help=t("方式：", "Channel: ") + "|".join(CHANNELS)),
        said: str = typer.Option(..., "--said", help=t("双方说了什么。", "What was said.")),
        debt: str | None = typer.Option(
            None, "--debt", help=t("债务编号（案件文件中的 id）。", "Debt id (the case file's id).")
        ),
        lender: str = typer.Option("", "--lender", help=t("平台名称（无债务编号时）。", "Lender name.")),
        at: str | None = typer.Option(
            None, "--at", help=t('时间 "YYYY-MM-DD HH:MM"（默认现在）。', 'Time "YYYY-MM-DD HH:MM" (now).')
        ),
        incoming: bool = typer.Option(
            False, "--incoming", help=t("对方联系我（默认我联系对方）。", "They contacted me.")
        ),
        person: str = typer.Option("", "--person", help=t("对方人员姓名。", "The lender's person.")),
        staff_number: str = typer.Option("", "--staff-number", help=t("工号。", "Staff number (工号).")),
        promise: str = typer.Option("", "--promise", help=t("承诺内容。", "What was promised.")),
        promise_by: str = typer.Option(
            "", "--promise-by", help=t("承诺方：", "Promised by: ") + "|".join(PARTIES)
        ),
        promise_due: str | None = typer.Option(
            None, "--promise-due", help=t("承诺日期。", "Promised by date.")
        ),
        follow_up: str | None = typer.Option(
            None, "--follow-up", help=t("下次跟进日期。", "Next follow-up.")
        ),
        as_json: bool = typer.Option(False, "--json", help=json_help),
    ) -> None:
        act.contact_add(current(), name, dict(locals()))

    @group.command(
        "list", help=t("列出案件的联系记录（最新在前）。", "List the case's contacts (newest first).")
    )
    def list_(
        name: str = typer.Argument(..., help=name_help),
        as_json: bool = typer.Option(False, "--json", help=json_help),
    ) -> None:
        act.contact_list(current(), name, as_json)

    @group.command("done", help=t("把一次联系的跟进标为已完成。", "Mark a contact's follow-up done."))
    def done(
        name: str = typer.Argument(..., help=name_help),
        contact_id: int = typer.Argument(..., help=t("联系记录编号。", "Contact number.")),
        undo: bool = typer.Option(False, "--undo", help=t("重新打开跟进。", "Reopen the follow-up.")),
        as_json: bool = typer.Option(False, "--json", help=json_help),
    ) -> None:
        act.contact_done(current(), name, contact_id, undo, as_json)


def _offer(group: typer.Typer, t: T) -> None:
    json_help = t("输出 JSON。", "Print JSON.")
    name_help = t("已存储的案件名称。", "A stored case name.")
    on_help = t("日期（默认今天）。", "Date (default today).")

    @group.command(
        "add",
        help=t(
            "记录一个方案或还价（分期方案缺月供、总额时按协议的同一算法补算）。",
            "Record an offer or counter-offer (missing monthly payment and total of an instalment offer "
            "are computed as an agreement's schedule).",
        ),
    )
    def add(
        name: str = typer.Argument(..., help=name_help),
        kind: str = typer.Option(..., "--kind", help=t("类型：", "Kind: ") + "|".join(KINDS)),
        by: str = typer.Option(..., "--by", help=t("提出方：", "Proposed by: ") + "|".join(PARTIES)),
        debt: str | None = typer.Option(None, "--debt", help=t("债务编号。", "Debt id.")),
        on: str | None = typer.Option(None, "--on", help=t("提出日期（默认今天）。", "Proposed on (today).")),
        amount: str | None = typer.Option(None, "--amount", help=t("应还金额。", "Amount to repay.")),
        months: int | None = typer.Option(None, "--months", help=t("期数。", "Number of payments.")),
        rate: str | None = typer.Option(
            None,
            "--rate",
            help=t("年利率，百分数（0 停息，18 即 18%）。", "Yearly rate in percent (18 = 18%)."),
        ),
        monthly: str | None = typer.Option(None, "--monthly", help=t("月供。", "Monthly payment.")),
        total: str | None = typer.Option(None, "--total", help=t("总额。", "Total payable.")),
        waive: str | None = typer.Option(None, "--waive", help=t("减免金额。", "Amount waived.")),
        first_due: str | None = typer.Option(
            None, "--first-due", help=t("首期还款日。", "First payment due.")
        ),
        terms: str = typer.Option("", "--terms", help=t("文字写明的条件。", "The terms in words.")),
        valid_until: str | None = typer.Option(None, "--valid-until", help=t("有效期至。", "Valid until.")),
        counter: int | None = typer.Option(
            None, "--counter", help=t("对这个方案编号还价。", "Counter the offer with this number.")
        ),
        contact: int | None = typer.Option(
            None, "--contact", help=t("在这次联系中提出（编号）。", "Made during this contact (number).")
        ),
        as_json: bool = typer.Option(False, "--json", help=json_help),
    ) -> None:
        act.offer_add(current(), name, dict(locals()))

    @group.command("list", help=t("列出案件的方案（最新在前）。", "List the case's offers (newest first)."))
    def list_(
        name: str = typer.Argument(..., help=name_help),
        on: str | None = typer.Option(None, "--on", help=on_help),
        as_json: bool = typer.Option(False, "--json", help=json_help),
    ) -> None:
        act.offer_list(current(), name, on, as_json)

    @group.command("accept", help=t("接受一个仍有效的方案。", "Accept an open offer."))
    def accept(
        name: str = typer.Argument(..., help=name_help),
        offer_id: int = typer.Argument(..., help=t("方案编号。", "Offer number.")),
        on: str | None = typer.Option(None, "--on", help=on_help),
        as_json: bool = typer.Option(False, "--json", help=json_help),
    ) -> None:
        act.offer_answer(current(), name, offer_id, True, on, as_json)

    @group.command("reject", help=t("拒绝一个仍有效的方案。", "Reject an open offer."))
    def reject(
        name: str = typer.Argument(..., help=name_help),
        offer_id: int = typer.Argument(..., help=t("方案编号。", "Offer number.")),
        on: str | None = typer.Option(None, "--on", help=on_help),
        as_json: bool = typer.Option(False, "--json", help=json_help),
    ) -> None:
        act.offer_answer(current(), name, offer_id, False, on, as_json)


def _agreement(group: typer.Typer, t: T) -> None:
    json_help = t("输出 JSON。", "Print JSON.")
    name_help = t("已存储的案件名称。", "A stored case name.")

    @group.command(
        "add",
        help=t(
            "记录协议并生成还款计划；用 --offer 从方案带入条件（其余选项可覆盖）。关于某笔债务（--debt）的协议"
            "写入案件文件：从协议日起 assess、plan 与网页都按协议计算。",
            "Record an agreement and its schedule; --offer takes the terms from an offer (options override). "
            "An agreement about a debt (--debt) goes into the case file: from its date assess, plan and the "
            "web follow it.",
        ),
    )
    def add(
        name: str = typer.Argument(..., help=name_help),
        offer: int | None = typer.Option(
            None, "--offer", help=t("来自这个方案（编号）。", "From this offer.")
        ),
        on: str | None = typer.Option(None, "--on", help=t("协议日期（默认今天）。", "Agreed on (today).")),
        kind: str | None = typer.Option(None, "--kind", help=t("类型：", "Kind: ") + "|".join(KINDS)),
        debt: str | None = typer.Option(None, "--debt", help=t("债务编号。", "Debt id.")),
        lender: str = typer.Option("", "--lender", help=t("平台名称（无债务编号时）。", "Lender name.")),
        amount: str | None = typer.Option(None, "--amount", help=t("应还金额。", "Amount to repay.")),
        months: int | None = typer.Option(None, "--months", help=t("期数。", "Number of payments.")),
        rate: str | None = typer.Option(
            None, "--rate", help=t("年利率，百分数。", "Yearly rate in percent.")
        ),
        first_due: str | None = typer.Option(
            None, "--first-due", help=t("首期还款日。", "First payment due.")
        ),
        method: str = typer.Option(
            "equal_installment",
            "--method",
            help=t("分期算法：", "How instalments are computed: ") + "|".join(AGREED_METHODS),
        ),
        penalty_rate: str | None = typer.Option(
            None,
            "--penalty-rate",
            help=t(
                "逾期一期协议还款的罚息年利率，百分数（默认 0）。",
                "Penalty yearly rate in percent on a missed agreed payment (default 0).",
            ),
        ),
        breaks_after: int = typer.Option(
            0,
            "--breaks-after",
            help=t(
                "逾期超过这么多天协议失效、减免恢复（0 = 不失效）。",
                "The agreement breaks (waived amounts revive) after this many days late (0 = never).",
            ),
        ),
        waive: str | None = typer.Option(None, "--waive", help=t("减免金额。", "Amount waived.")),
        terms: str = typer.Option("", "--terms", help=t("文字写明的条件。", "The terms in words.")),
        confirmation: str = typer.Option(
            "",
            "--confirmation",
            help=t("书面确认在哪里（如 5 月 12 日 95xxx 短信）。", "Where it was confirmed in writing."),
        ),
        as_json: bool = typer.Option(False, "--json", help=json_help),
    ) -> None:
        act.agreement_add(current(), name, dict(locals()))

    @group.command(
        "list",
        help=t(
            "列出协议及每期状态：已还、逾期、即将到期、未到期。",
            "List agreements with each payment's status: paid, late, due soon, upcoming.",
        ),
    )
    def list_(
        name: str = typer.Argument(..., help=name_help),
        on: str | None = typer.Option(None, "--on", help=t("按此日期判断（默认今天）。", "As of (today).")),
        as_json: bool = typer.Option(False, "--json", help=json_help),
    ) -> None:
        act.agreement_list(current(), name, on, as_json)

    @group.command("paid", help=t("把一期协议还款记为已还。", "Mark an agreed payment as paid."))
    def paid(
        name: str = typer.Argument(..., help=name_help),
        payment_id: int = typer.Argument(..., help=t("还款编号（见 agreement list）。", "Payment id.")),
        on: str | None = typer.Option(None, "--on", help=t("还款日期（默认今天）。", "Paid on (today).")),
        amount: str | None = typer.Option(
            None, "--amount", help=t("实还金额（默认应还金额）。", "Amount paid (default: the amount due).")
        ),
        proof: str = typer.Option("", "--proof", help=t("凭证（如转账单号）。", "Proof (e.g. receipt no.).")),
        not_on_debt: bool = typer.Option(
            False,
            "--not-on-debt",
            help=t("不同时记入该债务的还款记录。", "Do not also record it as a payment of the debt."),
        ),
        as_json: bool = typer.Option(False, "--json", help=json_help),
    ) -> None:
        act.agreement_paid(current(), name, payment_id, dict(locals()))


def register(app: typer.Typer, lang: str) -> None:
    t = texts(lang)

    groups: dict[str, tuple[str, str, Callable[[typer.Typer, T], None]]] = {
        "contact": (
            "与平台的联系记录：谁、何时、怎么联系、说了什么、承诺了什么、何时跟进。",
            "Contacts with lenders: who, when, how, what was said and promised, when to follow up.",
            _contact,
        ),
        "offer": (
            "方案与还价：记录、接受、拒绝。",
            "Offers and counter-offers: record, accept, reject.",
            _offer,
        ),
        "agreement": (
            "协议及其还款计划：每期状态、记录已还。",
            "Agreements and their payment schedules: each payment's status; record a payment.",
            _agreement,
        ),
    }
    for name, (zh, en, declare) in groups.items():
        group = typer.Typer(help=t(zh, en), no_args_is_help=True)
        declare(group, t)
        app.add_typer(group, name=name)
