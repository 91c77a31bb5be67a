"""`xieshang lender-tag | lender-untag | lender-tags | received-by`: say which lender a number speaks for,
see the tags and the suggested ones, and mark a file as what a third party received.

Each is a ledger entry (who, when): no record changes. Registered by `app.COMMAND_MODULES`.

(No `from __future__ import annotations`: Typer reads the Annotated help texts at run time.)
"""

from typing import Annotated, Any

import typer

from xieshang.cli.context import CliContext, current
from xieshang.core.errors import InputError


def _case(name: str) -> Any:
    from xieshang.web.runtime import prepare_database, setup_django

    setup_django()
    prepare_database()
    from xieshang.cases.models import Case

    case = Case.objects.filter(name=name).first()
    if case is None:
        raise InputError(f"没有名为 {name!r} 的案件", f"no case named {name!r}")
    return case


def _logged(ctx: CliContext, entry: Any, as_json: bool, zh: str, en: str) -> None:
    if as_json:
        ctx.emit_json({"ledger_seq": entry.seq, "hash": entry.hash, "at": entry.created_at.isoformat()})
    else:
        ctx.console.print(f"{ctx.t(zh, en)} " + ctx.t("台账 ", "ledger ") + f"#{entry.seq}", markup=False)


def _show_tags(ctx: CliContext, case: Any, as_json: bool) -> None:
    from xieshang.conduct.service import conduct_report
    from xieshang.conduct.tags import received_by_files, user_lender_tags

    tags = user_lender_tags(case=case)
    received = received_by_files(case=case)
    report = conduct_report(case=case)
    if as_json:
        ctx.emit_json(
            {
                "case": case.name,
                "tags": [t.as_json() for t in tags.values()],
                "received_by": [r.as_json() for r in received.values()],
                "suggestions": [s.as_json(ctx.lang) for s in report.suggestions],
            }
        )
        return
    console = ctx.console
    console.print(ctx.t(f"案件 {case.name} 的机构标记：", f"Lender tags of case {case.name}:"), markup=False)
    if not tags:
        console.print(ctx.t("  （无）", "  (none)"), markup=False)
    for t in tags.values():
        console.print(
            f"  {t.counterpart} → {t.lender}  ({ctx.t('台账', 'ledger')} #{t.seq}, {t.at:%Y-%m-%d %H:%M} {t.by})",
            markup=False,
        )
    for r in received.values():
        console.print(
            ctx.t(
                f"  文件 {r.sha256[:12]}… 为第三人收到：{r.holder}",
                f"  file {r.sha256[:12]}… received by: {r.holder}",
            ),
            markup=False,
        )
    if report.suggestions:
        console.print(
            ctx.t(
                "建议标记（请核对后用 lender-tag 确认）：",
                "Suggested tags (check, then confirm with lender-tag):",
            ),
            markup=False,
        )
        for s in report.suggestions:
            lender = s.lender or ctx.t("？（未提到机构）", "? (no lender named)")
            reason = s.reason_en() if ctx.lang == "en" else s.reason_zh()
            ids = ", ".join(s.evidence_ids[:10])
            console.print(
                f"  {s.counterpart} → {lender}：{reason}（{ctx.t('证据编号', 'evidence ids')} {ids}）",
                markup=False,
            )


def register(app: typer.Typer, lang: str) -> None:
    def t(zh: str, en: str) -> str:
        return en if lang == "en" else zh

    case_arg = Annotated[str, typer.Argument(help=t("已存储的案件名称。", "A stored case name."))]
    number_arg = Annotated[
        str, typer.Argument(help=t("号码或发送方（如 17712345678）。", "A number or sender."))
    ]
    json_opt = typer.Option(False, "--json", help=t("输出 JSON。", "Print JSON."))

    @app.command(
        "lender-tag",
        help=t(
            "标记一个号码或发送方属于某机构（记入台账，不修改证据）。之后该号码的通话和消息都归入该机构检查。",
            "Tag a number or sender as a lender's (a ledger entry; the evidence is not changed). Its calls "
            "and messages are then checked under that lender.",
        ),
    )
    def lender_tag(
        name: case_arg,
        number: number_arg,
        lender: Annotated[
            str, typer.Argument(help=t("机构名称（如 360借条）。", "The lender (e.g. 360借条)."))
        ],
        note: str = typer.Option("", "--note", help=t("备注。", "A note.")),
        as_json: bool = json_opt,
    ) -> None:
        ctx = current()
        case = _case(name)
        from xieshang.conduct.tags import lender_tag_add

        entry = lender_tag_add(case=case, counterpart=number, lender=lender, note=note)
        _logged(
            ctx,
            entry,
            as_json,
            f"已标记 {number.strip()} → {lender.strip()}。",
            f"Tagged {number.strip()} → {lender.strip()}.",
        )

    @app.command(
        "lender-untag",
        help=t("撤销用户对号码的机构标记（记入台账）。", "Withdraw a lender tag (a ledger entry)."),
    )
    def lender_untag(name: case_arg, number: number_arg, as_json: bool = json_opt) -> None:
        ctx = current()
        case = _case(name)
        from xieshang.conduct.tags import lender_tag_remove

        entry = lender_tag_remove(case=case, counterpart=number)
        _logged(
            ctx, entry, as_json, f"已撤销 {number.strip()} 的标记。", f"Tag of {number.strip()} withdrawn."
        )

    @app.command(
        "lender-tags",
        help=t(
            "列出用户的机构标记、第三人收到的文件，以及建议的标记。",
            "List lender tags, third-party files and suggested tags.",
        ),
    )
    def lender_tags(name: case_arg, as_json: bool = json_opt) -> None:
        _show_tags(current(), _case(name), as_json)

    @app.command(
        "received-by",
        help=t(
            "说明某个证据文件是第三人（如家人）收到的：其中催收方的联系算作联系第三人（记入台账）。",
            "Say that an evidence file is what a third party (a relative) received: the collectors' "
            "contacts in it count as third-party contact (a ledger entry).",
        ),
    )
    def received_by(
        name: case_arg,
        sha256: Annotated[
            str, typer.Argument(help=t("文件的 SHA-256（见 evidence files）。", "The file's SHA-256."))
        ],
        holder: Annotated[str, typer.Argument(help=t("收到者，如“母亲 13800138000”。", "Who received it."))],
        as_json: bool = json_opt,
    ) -> None:
        ctx = current()
        case = _case(name)
        from xieshang.conduct.tags import evidence_received_by

        entry = evidence_received_by(case=case, sha256=sha256, holder=holder)
        _logged(
            ctx,
            entry,
            as_json,
            f"已记录：该文件由 {holder.strip()} 收到。",
            f"Logged: received by {holder.strip()}.",
        )
