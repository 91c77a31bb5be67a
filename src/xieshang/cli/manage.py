"""`xieshang manage ARGS...`: Django's management commands on the workbench's own settings.

For the people who run a server: the first administrator (`xieshang manage createsuperuser`), a password
reset (`changepassword NAME`), migrations (`migrate`). It uses the same XIESHANG_HOME / DATABASE_URL as
`xieshang serve`, so nobody has to know the settings module's name.
"""

from __future__ import annotations

import typer

from xieshang.cli.stored import texts


def register(app: typer.Typer, lang: str) -> None:
    t = texts(lang)

    @app.command(
        "manage",
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
        help=t(
            "运行 Django 管理命令（如 createsuperuser 创建第一个管理员、changepassword 重设密码、migrate）。",
            "Run a Django management command (createsuperuser for the first administrator, changepassword, "
            "migrate).",
        ),
    )
    def manage(ctx: typer.Context) -> None:
        from django.core.management import execute_from_command_line

        from xieshang.web.runtime import setup_django

        setup_django()
        try:
            execute_from_command_line(["xieshang manage", *ctx.args])
        except SystemExit as exc:
            # Django exits 1 for an unknown command or a CommandError: for us that is bad usage (2).
            if exc.code not in (None, 0):
                raise typer.Exit(2) from None
