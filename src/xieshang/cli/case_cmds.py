"""`xieshang case import FILE --name NAME` and `xieshang case export NAME -o FILE`."""

from __future__ import annotations

from pathlib import Path

import typer

from xieshang.cli.context import current
from xieshang.cli.stored import django_ready, local_user, stored_case, texts
from xieshang.core.case_name import case_name_check
from xieshang.core.errors import InputError


def register(app: typer.Typer, lang: str) -> None:
    t = texts(lang)

    case_app = typer.Typer(
        help=t("保存或导出案件文件。", "Store or export case files."), no_args_is_help=True
    )
    app.add_typer(case_app, name="case")

    @case_app.command(
        "import", help=t("把案件文件保存为案件 NAME（新建或更新）。", "Store a case file as case NAME.")
    )
    def case_import(
        file: Path = typer.Argument(..., help=t("案件文件（TOML）。", "The case file (TOML).")),
        name: str = typer.Option(..., "--name", help=t("案件名称。", "Case name.")),
        as_json: bool = typer.Option(False, "--json", help=t("输出 JSON。", "Print JSON.")),
    ) -> None:
        from xieshang.cli.caseref import read_case_file

        ctx = current()
        case_name_check(name)
        case_file = read_case_file(file)
        django_ready()
        from xieshang.cases.casefile_io import case_store_from_file

        case = case_store_from_file(owner=local_user(), name=name, case_file=case_file)
        ids = [d.id for d in case_file.debts]
        if as_json:
            ctx.emit_json({"case": case.name, "debts": ids})
        else:
            ctx.console.print(
                ctx.t(
                    f"已保存案件 {case.name}：{len(ids)} 笔债务。",
                    f"Stored case {case.name}: {len(ids)} debts.",
                )
            )

    @case_app.command(
        "export", help=t("把案件 NAME 写回案件文件。", "Write stored case NAME out as a case file.")
    )
    def case_export(
        name: str = typer.Argument(..., help=t("案件名称。", "Case name.")),
        out: Path = typer.Option(..., "-o", "--output", help=t("输出文件。", "Output file.")),
        as_json: bool = typer.Option(False, "--json", help=t("输出 JSON。", "Print JSON.")),
    ) -> None:
        ctx = current()
        django_ready()
        from xieshang.cases.casefile_io import case_export_text

        case = stored_case(name)
        text = case_export_text(case)
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise InputError(
                f"无法写入 {out}：{exc.strerror}", f"cannot write {out}: {exc.strerror}"
            ) from exc
        keys = list(case.debts.order_by("position", "id").values_list("key", flat=True))
        if as_json:
            ctx.emit_json({"case": case.name, "debts": keys})
        else:
            ctx.console.print(ctx.t(f"已导出到 {out}", f"Exported to {out}"))
