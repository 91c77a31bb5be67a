"""`xieshang worker`: run background workers (imports, dossiers, packets, transcription) on the same
XIESHANG_HOME / DATABASE_URL as `xieshang serve`. `xieshang serve` starts one beside itself by default."""

from __future__ import annotations

import typer

from xieshang.cli.context import current


def register(app: typer.Typer, lang: str) -> None:
    def t(zh: str, en: str) -> str:
        return en if lang == "en" else zh

    @app.command(
        help=t(
            "运行后台任务进程（导入、证据包、材料包、转写）。可运行多个，也可在多台服务器上运行。",
            "Run background workers (imports, dossiers, packets, transcription); run as many as you like, "
            "on as many servers as share the database.",
        )
    )
    def worker(
        processes: int = typer.Option(
            1, "--processes", min=1, max=64, help=t("工作进程数。", "How many worker processes.")
        ),
        batch: bool = typer.Option(
            False, "--batch", help=t("处理完等待中的任务后退出。", "Run the waiting jobs, then exit.")
        ),
        interval: float = typer.Option(
            1.0,
            "--interval",
            min=0.05,
            help=t("空闲时查看新任务的间隔（秒）。", "Seconds between looks when idle."),
        ),
    ) -> None:
        ctx = current()
        if processes > 1:
            from xieshang.jobs.worker import run_workers

            argv = ["--interval", str(interval), *(["--batch"] if batch else [])]
            raise typer.Exit(run_workers(processes=processes, argv=argv))
        from xieshang.web.runtime import prepare_database, setup_django

        setup_django()
        prepare_database()
        from xieshang.jobs.worker import run_worker

        run_worker(interval=interval, batch=batch, say=lambda text: ctx.console.print(text))
