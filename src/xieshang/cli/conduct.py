"""`xieshang conduct NAME`: collection-conduct findings over a stored case's evidence."""

import re
from pathlib import Path
from typing import Annotated, Any

import typer

from xieshang.cli.context import CliContext, current
from xieshang.cli.stored import django_ready, stored_case, texts
from xieshang.core.errors import InputError
from xieshang.core.rules import CONFIDENCE_SHORT

SEVERITY = {"high": ("高", "high"), "medium": ("中", "medium"), "low": ("低", "low")}
CONFIDENCE = CONFIDENCE_SHORT
CERTAINTY = {"likely": ("很可能", "likely"), "possible": ("可能", "possible")}
WEEKDAYS = (
    ("一", "Mon"),
    ("二", "Tue"),
    ("三", "Wed"),
    ("四", "Thu"),
    ("五", "Fri"),
    ("六", "Sat"),
    ("日", "Sun"),
)
SHADES = " ░▒▓█"
_NUMBER = re.compile(r"^\+?\d[\d\s-]{4,19}$")  # as the web report's numbers field (digits, +, spaces, -)


def _word(ctx: CliContext, table: dict[str, tuple[str, str]], key: str) -> str:
    zh, en = table.get(key, (key, key))
    return ctx.t(zh, en)


def _render(ctx: CliContext, report: Any) -> None:
    from rich.table import Table

    lang = ctx.lang
    console = ctx.console
    console.print(
        ctx.t(
            f"案件 {report.case}：检查了 {report.records_checked} 条消息/通话，发现 {len(report.findings)} 项可能的不当催收。",
            f"Case {report.case}: {report.records_checked} messages/calls checked, "
            f"{len(report.findings)} possible improper-collection findings.",
        ),
        markup=False,
    )
    if report.records_checked == 0:
        console.print(
            ctx.t(
                f"该案件还没有导入短信、通话记录或聊天记录：先运行 xieshang import 文件… --case {report.case}",
                f"No messages, call logs or chats imported in this case yet: run "
                f"xieshang import FILE… --case {report.case} first",
            ),
            markup=False,
        )
    for n, f in enumerate(report.findings, 1):
        marks = " · ".join(
            (
                _word(ctx, SEVERITY, f.severity),
                ctx.t("规则", "rule ") + _word(ctx, CONFIDENCE, f.confidence),
                _word(ctx, CERTAINTY, f.certainty),
            )
        )
        who = f.lender or (
            ctx.t(f"未标记 {f.counterpart}", f"untagged {f.counterpart}") if f.counterpart else "—"
        )
        console.print(f"{n}. [{marks}] {f.when:%Y-%m-%d %H:%M} {who}", markup=False)
        console.print(f"   {f.detail(lang)}", markup=False)
        if report.machine_transcript(f):
            console.print(f"   ⚠ {report.note(f, lang)}", markup=False)
        console.print(f"   {ctx.t('依据', 'source')}: {f.source}", markup=False)
        ids = ", ".join(f.evidence_ids[:20]) + (" …" if len(f.evidence_ids) > 20 else "")
        console.print(f"   {ctx.t('证据编号', 'evidence ids')}: {ids}", markup=False)
    if report.summary.per_lender:
        counts = Table(title=ctx.t("各机构联系次数", "Contacts per lender"))
        for title in (
            ctx.t("机构", "lender"),
            ctx.t("来电", "calls"),
            ctx.t("消息", "messages"),
            ctx.t("夜间联系", "night contacts"),
            ctx.t("发现", "findings"),
        ):
            counts.add_column(title)
        for row in report.summary.per_lender:
            counts.add_row(
                row.lender, str(row.calls), str(row.messages), str(row.night_contacts), str(row.findings)
            )
        console.print(counts)
        _heatmap(ctx, report.summary.heatmap)
    console.print(report.disclaimer(lang), markup=False)


def _heatmap(ctx: CliContext, grid: tuple[tuple[int, ...], ...]) -> None:
    peak = max((v for row in grid for v in row), default=0)
    if peak == 0:
        return
    ctx.console.print(
        ctx.t("联系时段热力图（星期 × 小时，北京时间）", "Contact hours (weekday × hour, Beijing time)")
    )
    ctx.console.print(
        "     " + "".join(f"{h:<3d}"[:3] if h % 3 == 0 else "   " for h in range(24)), markup=False
    )
    for (zh, en), row in zip(WEEKDAYS, grid, strict=True):
        cells = "".join(SHADES[0 if v == 0 else 1 + min(3, (v * 4 - 1) // peak)] * 3 for v in row)
        label = f"周{zh} " if ctx.lang != "en" else f"{en:<4} "  # five columns either way
        ctx.console.print(f"{label}{cells}", markup=False)


def register(app: typer.Typer, lang: str) -> None:
    t = texts(lang)

    @app.command(
        help=t(
            "检查案件证据中可能的不当催收：深夜联系、频繁来电、联系第三人、威胁、辱骂、冒充公检法、要求转账到个人账户。不构成法律意见。",
            "Find possible improper collection in a case's evidence: night contact, frequent calls, third "
            "parties, threats, insults, posing as courts or police, personal accounts. Not legal advice.",
        )
    )
    def conduct(
        name: Annotated[str, typer.Argument(help=t("已存储的案件名称。", "A stored case name."))],
        as_json: bool = typer.Option(False, "--json", help=t("输出 JSON。", "Print JSON.")),
        own_number: Annotated[
            list[str] | None,
            typer.Option(
                "--own-number",
                help=t(
                    "借款人自己的号码（可重复）；用于发现发给他人号码的群发消息。案件中已保存的号码总会使用，这里的号码是追加的。",
                    "The borrower's own number (repeatable): finds group messages that reached others. "
                    "Numbers saved with the case are always used; these are added.",
                ),
            ),
        ] = None,
        court_case: bool = typer.Option(
            False,
            "--court-case",
            help=t(
                "已有真实诉讼：不再标记“虚假法律程序”。",
                "A real lawsuit exists: no false-legal-process flags.",
            ),
        ),
        calls_per_day: int | None = typer.Option(
            None, "--calls-per-day", help=t("每日来电阈值（默认见规则文件）。", "Calls-per-day threshold.")
        ),
        calls_per_week: int | None = typer.Option(
            None, "--calls-per-week", help=t("每周来电阈值。", "Calls-per-week threshold.")
        ),
        messages_per_day: int | None = typer.Option(
            None, "--messages-per-day", help=t("每日消息阈值。", "Messages-per-day threshold.")
        ),
        rules_file: Annotated[
            Path | None,
            typer.Option("--rules", help=t("使用另一份规则文件（TOML）。", "Use another rules file (TOML).")),
        ] = None,
    ) -> None:
        ctx = current()
        thresholds = {
            rule_id: value
            for rule_id, value in (
                ("frequency.calls_per_day", calls_per_day),
                ("frequency.calls_per_week", calls_per_week),
                ("frequency.messages_per_day", messages_per_day),
            )
            if value is not None
        }
        rules = None
        if rules_file is not None:
            from xieshang.knowledge.conduct import load_conduct_rules_file

            rules = load_conduct_rules_file(rules_file)
        bad = [n for n in own_number or () if not _NUMBER.match(n.strip())]
        if bad:
            raise InputError(f"不是电话号码：{bad[0]!r}", f"not a phone number: {bad[0]!r}")
        if any(v < 1 for v in thresholds.values()):
            raise InputError("阈值必须是 ≥ 1 的整数", "thresholds must be integers >= 1")
        django_ready()
        case = stored_case(name)
        from xieshang.conduct.service import conduct_report

        report = conduct_report(
            case=case,
            rules=rules,
            borrower_numbers=own_number or (),
            court_case_exists=court_case,
            thresholds=thresholds or None,
        )
        if as_json:
            ctx.emit_json(report.as_json(ctx.lang))
        else:
            _render(ctx, report)
