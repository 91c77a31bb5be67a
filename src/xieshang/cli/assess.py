"""`xieshang assess CASE [--on DATE] [--json] [--schedule]`: how much is really owed, what each day of
delay costs, and whether the charges look lawful — per debt and in total."""

from __future__ import annotations

import typer

from xieshang.cli.caseref import evaluation_date, load_case, parse_date_option
from xieshang.cli.context import current
from xieshang.cli.stored import texts


def register(app: typer.Typer, lang: str) -> None:
    t = texts(lang)

    @app.command(
        help=t(
            "算清每笔欠款：当前应还、一次性结清金额、每拖一天多付多少、年化利率和可能违规的收费。"
            "CASE 是案件文件（TOML）路径或已保存案件的名称。",
            "The true numbers of every debt: due now, payoff, the cost of each day of delay, the APR and "
            "charges that may be unlawful. CASE is a case file (TOML) or the name of a stored case.",
        )
    )
    def assess(
        case: str = typer.Argument(
            ..., metavar="CASE", help=t("案件文件路径或案件名称。", "Case file or case name.")
        ),
        on: str | None = typer.Option(
            None,
            "--on",
            metavar="DATE",
            help=t(
                "评估日期 YYYY-MM-DD（默认：案件的 as_of，否则今天）。",
                "Evaluation date YYYY-MM-DD (default: the case's as_of, else today).",
            ),
        ),
        as_json: bool = typer.Option(False, "--json", help=t("输出 JSON。", "Print JSON.")),
        schedule: bool = typer.Option(
            False,
            "--schedule",
            help=t("同时列出每期还款计划及其状态。", "Also list every instalment and its state."),
        ),
    ) -> None:
        from xieshang.cli.assess_view import render_assessment
        from xieshang.core.assessment_json import assessment_to_json
        from xieshang.figures import assess

        ctx = current()
        day = parse_date_option(on)
        case_file = load_case(case)
        result = assess(case_file, evaluation_date(day, case_file, ctx.env.today_or_now()))
        if as_json:
            ctx.emit_json(assessment_to_json(result))
        else:
            render_assessment(ctx, case_file, result, show_schedule=schedule)
