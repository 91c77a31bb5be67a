"""`xieshang serve`: prepare the embedded database and serve the web workbench."""

from __future__ import annotations

import typer

from xieshang.cli.context import current
from xieshang.cli.stored import texts


def register(app: typer.Typer, lang: str) -> None:
    t = texts(lang)

    @app.command(help=t("启动网页工作台（默认 http://127.0.0.1:8000）。", "Serve the web workbench."))
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help=t("监听地址。", "Address to listen on.")),
        port: int = typer.Option(8000, "--port", help=t("端口。", "Port.")),
        demo: bool = typer.Option(
            False,
            "--demo",
            help=t("演示模式：创建演示账户和演示案件。", "Demo mode: create the demo account and case."),
        ),
        processes: int = typer.Option(
            1,
            "--processes",
            min=1,
            max=64,
            help=t(
                "网页服务进程数（每个进程只用一个 CPU 核；服务器上设为核数）。",
                "Web server processes (each uses one CPU core; on a server, the number of cores).",
            ),
        ),
        worker: bool = typer.Option(
            True,
            "--worker/--no-worker",
            help=t(
                "同时启动一个后台任务进程（默认）；生产环境中另行运行 xieshang worker。",
                "Start a background worker beside the server (default); in production run `xieshang worker` "
                "on its own.",
            ),
        ),
    ) -> None:
        from xieshang.web.runtime import serve_workbench

        ctx = current()
        serve_workbench(
            host=host,
            port=port,
            demo=demo,
            worker=worker,
            processes=processes,
            say=lambda zh, en: ctx.console.print(ctx.t(zh, en)),
        )
