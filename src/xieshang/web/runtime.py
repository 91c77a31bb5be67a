"""Start-up of the workbench: settings, migrations, the demo (demo mode only), the WSGI server."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

Say = Callable[[str, str], None]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xieshang.web.settings")
    import django

    django.setup()
    from django.conf import settings

    from xieshang.web.private import make_private

    make_private(Path(settings.HOME), Path(settings.XIESHANG_EVIDENCE_ROOT))


def prepare_database() -> None:
    """Apply migrations (quietly; a second start finds nothing to do)."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def serve_workbench(*, host: str, port: int, demo: bool, say: Say) -> None:
    if demo:
        os.environ["XIESHANG_DEMO"] = "1"
    setup_django()
    from django.conf import settings

    prepare_database()
    say(f"数据目录：{settings.HOME}", f"Data directory: {settings.HOME}")
    if demo:
        if not settings.DEMO:
            say("生产配置下不创建演示账户。", "No demo account in a production configuration.")
        else:
            from xieshang.workbench.demo import DEMO_PASSWORD, DEMO_USERNAME, demo_ensure

            demo_ensure()
            say(
                f"演示登录：用户名 {DEMO_USERNAME}  密码 {DEMO_PASSWORD}",
                f"Demo login: user {DEMO_USERNAME}  password {DEMO_PASSWORD}",
            )
    from waitress import serve

    from xieshang.web.wsgi import application

    say(
        f"协商工作台已启动：http://{host}:{port}/  （Ctrl+C 退出）",
        f"Xieshang is running: http://{host}:{port}/",
    )
    serve(
        application,
        host=host,
        port=port,
        threads=8,
        ident="xieshang",
        max_request_body_size=server_body_limit(int(settings.XIESHANG_UPLOAD_MAX_BYTES)),
    )


def server_body_limit(upload_limit: int) -> int:
    """The server's own cap on a request body (waitress refuses above it from the Content-Length alone, before
    buffering anything). Twice the upload limit: an upload a little too big still reaches the workbench, which
    refuses it with a clear message (xieshang.web.upload_limit) without reading it; an absurd one is cut here."""
    return 2 * upload_limit + 1024 * 1024
