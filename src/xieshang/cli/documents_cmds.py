"""`xieshang letter KIND CASE [--format docx|pdf|txt] -o OUT`, `xieshang packet CASE -o OUT.pdf` and
`xieshang dossier NAME -o OUT.zip` (spec cli.md)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import typer

from xieshang.cli.context import CliContext, current
from xieshang.cli.stored import django_ready, stored_case, texts
from xieshang.core.errors import InputError
from xieshang.documents.render import FORMATS


def _format(fmt: str | None, out: str) -> str:
    if fmt is None:
        suffix = Path(out).suffix.lower().lstrip(".")
        fmt = suffix if suffix in FORMATS else ("txt" if out == "-" else "")
    if fmt not in FORMATS:
        raise InputError(
            f"--format 必须是 docx、pdf 或 txt（也可由 -o 的扩展名推断），实际为 {fmt or out!r}",
            f"--format must be docx, pdf or txt (or implied by the -o suffix), got {fmt or out!r}",
        )
    return fmt


def _write(ctx: CliContext, out: str, data: bytes) -> None:
    """Write atomically: a failed run leaves no half-written file."""
    if out == "-":
        ctx.env.stdout.write(data.decode("utf-8"))
        return
    target = Path(out)
    if target.is_dir():
        raise InputError(f"-o 需要文件名，而 {target} 是目录", f"-o needs a file name; {target} is a folder")
    if not target.parent.exists():
        raise InputError(
            f"输出目录不存在：{target.parent}", f"the output folder does not exist: {target.parent}"
        )
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".xieshang-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _stored_case(name: str) -> Any:
    django_ready()
    return stored_case(name)


def _facts(case_ref: str, on: str | None, today: Any, timeline: bool = False) -> tuple[Any, bool]:
    """CASE as a case file (facts from the engine alone) or a stored case (plus its evidence)."""
    from xieshang.cli.caseref import evaluation_date, load_case, parse_date_option

    on_date = parse_date_option(on)
    path = Path(case_ref)
    if path.exists() or case_ref.endswith(".toml") or "/" in case_ref:
        from xieshang.documents.engine import case_facts

        case_file = load_case(case_ref)
        return case_facts(case_file, evaluation_date(on_date, case_file, today), case_name=path.stem), False
    stored_case = _stored_case(case_ref)  # sets Django up: import the database side only after it
    from xieshang.documents.stored import stored_case_facts

    return stored_case_facts(stored_case, on=on_date, today=today, timeline=timeline), True


def _read_text(path: Path | None, what: str) -> str:
    if path is None:
        return ""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError(
            f"无法读取{what} {path}：{exc.strerror}", f"cannot read {path}: {exc.strerror}"
        ) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}：必须是 UTF-8 文本", f"{path}: must be UTF-8 text") from exc


def register(app: typer.Typer, lang: str) -> None:
    t = texts(lang)

    from xieshang.documents.templates import LETTER_KINDS, LETTER_NAMES

    kinds_help = "；".join(f"{k}={LETTER_NAMES[k][0 if lang != 'en' else 1]}" for k in LETTER_KINDS)

    @app.command(
        help=t(
            "根据案件生成信函或电话话术（DOCX、PDF 或可粘贴到聊天的纯文本）。KIND：",
            "A letter or call script filled from the case (DOCX, PDF or plain text for a chat). KIND: ",
        )
        + kinds_help
    )
    def letter(
        kind: str = typer.Argument(..., metavar="KIND", help=t("文书类型。", "Letter kind.")),
        case: str = typer.Argument(
            ..., metavar="CASE", help=t("案件文件路径或案件名称。", "Case file or case name.")
        ),
        out: str = typer.Option(
            ...,
            "-o",
            "--output",
            metavar="OUT",
            help=t("输出文件（txt 可用 - 表示标准输出）。", "Output file (- for stdout with txt)."),
        ),
        fmt: str | None = typer.Option(
            None,
            "--format",
            help=t("docx、pdf 或 txt（默认按扩展名）。", "docx, pdf or txt (default: from the suffix)."),
        ),
        debt: str | None = typer.Option(
            None,
            "--debt",
            help=t(
                "针对哪笔债务（默认第一笔未结清的）。",
                "Which debt (default: the first with anything outstanding).",
            ),
        ),
        on: str | None = typer.Option(
            None, "--on", metavar="DATE", help=t("评估日期 YYYY-MM-DD。", "Evaluation date YYYY-MM-DD.")
        ),
        agreement: Path | None = typer.Option(
            None,
            "--agreement",
            help=t(
                "机构发来的协议文本（agreement_confirmation 用于核对条款）。",
                "The lender's agreement text (agreement_confirmation checks its clauses).",
            ),
        ),
        item: str | None = typer.Option(
            None,
            "--item",
            help=t(
                "征信异议的具体记录（credit_objection）。",
                "The disputed credit-report record (credit_objection).",
            ),
        ),
    ) -> None:
        from xieshang.documents.fill import fill
        from xieshang.documents.render import render
        from xieshang.documents.templates import load_file_template

        ctx = current()
        if kind not in LETTER_KINDS:
            raise InputError(
                f"未知的文书类型 {kind!r}；可选：{', '.join(LETTER_KINDS)}",
                f"unknown letter kind {kind!r}; choose one of: {', '.join(LETTER_KINDS)}",
            )
        out_format = _format(fmt, out)
        if out == "-" and out_format != "txt":
            raise InputError(
                "只有 txt 格式可以输出到标准输出（-o -）", "only txt can be written to stdout (-o -)"
            )
        facts, stored = _facts(case, on, ctx.env.today_or_now())
        extra = {"agreement_text": _read_text(agreement, "协议文本"), "objection_item": (item or "").strip()}
        if stored:
            from xieshang.documents.loader import template_for

            spec = template_for(kind)
        else:
            spec = load_file_template(kind)
        doc = fill(spec, facts, today=ctx.env.today_or_now(), debt_id=debt, extra=extra)
        data = render(doc, out_format)
        _write(ctx, out, data)
        if out != "-":
            debt_id = doc.metadata.get("debt", "")
            ctx.err_console.print(
                t(
                    f"已生成 {LETTER_NAMES[kind][0]}（{debt_id}）：{out}",
                    f"Wrote {LETTER_NAMES[kind][1]} ({debt_id}): {out}",
                ),
                markup=False,
            )
            if kind in ("installment_request", "agreement_confirmation", "call_script"):
                ctx.err_console.print(
                    t(
                        "提示：同意分期或部分还款会使诉讼时效重新计算；对很久以前的欠款，先咨询律师或法律援助（12348）。",
                        "Note: agreeing a plan or paying part restarts the limitation period; for old debts ask a "
                        "lawyer or legal aid (12348) first.",
                    ),
                    markup=False,
                )

    @app.command(
        help=t(
            "困难情况材料包（一个 PDF）：收支表及每项的证明材料、欠款、还款方案、证据目录。",
            "The hardship packet (one PDF): income & expenditure with each figure's proof, the debts, the "
            "proposed plan, the evidence index.",
        )
    )
    def packet(
        case: str = typer.Argument(
            ..., metavar="CASE", help=t("案件文件路径或案件名称。", "Case file or case name.")
        ),
        out: str = typer.Option(
            ..., "-o", "--output", metavar="OUT.pdf", help=t("输出 PDF。", "Output PDF.")
        ),
        on: str | None = typer.Option(
            None, "--on", metavar="DATE", help=t("评估日期 YYYY-MM-DD。", "Evaluation date YYYY-MM-DD.")
        ),
    ) -> None:
        from xieshang.documents.packet import hardship_packet
        from xieshang.documents.render_pdf import render_pdf

        ctx = current()
        facts, _stored = _facts(case, on, ctx.env.today_or_now())
        _write(ctx, out, render_pdf(hardship_packet(facts, today=ctx.env.today_or_now())))
        ctx.err_console.print(t(f"已生成材料包：{out}", f"Wrote the hardship packet: {out}"), markup=False)

    @app.command(
        help=t(
            "已保存案件 NAME 的证据包（ZIP）：原件、manifest.json（SHA-256、来源、导入时间、记录链哈希）、"
            "PDF 证据目录和联系时间线。",
            "The evidence dossier of stored case NAME (ZIP): originals, manifest.json (SHA-256, source, import "
            "time, ledger head hash), a PDF index and timeline.",
        )
    )
    def dossier(
        name: str = typer.Argument(..., metavar="NAME", help=t("已保存案件的名称。", "Stored case name.")),
        out: str = typer.Option(
            ..., "-o", "--output", metavar="OUT.zip", help=t("输出 ZIP。", "Output ZIP.")
        ),
    ) -> None:
        import io

        ctx = current()
        if out == "-":
            raise InputError("证据包必须写入文件", "the dossier must be written to a file")
        case = _stored_case(name)  # sets Django up: import the database side only after it
        from xieshang.documents.stored import write_case_dossier

        buffer = io.BytesIO()
        manifest = write_case_dossier(case, buffer, today=ctx.env.today_or_now())
        _write(ctx, out, buffer.getvalue())
        ctx.err_console.print(
            t(
                f"已生成证据包：{out}（{len(manifest['files'])} 个原件）",
                f"Wrote the dossier: {out} ({len(manifest['files'])} originals)",
            ),
            markup=False,
        )
