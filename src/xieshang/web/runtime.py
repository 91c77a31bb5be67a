"""Start-up of the workbench: settings, migrations, the demo (demo mode only), the WSGI server."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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
    retire_demo_in_production()


def retire_demo_in_production() -> None:
    """XIESHANG_ENV=production: a demo account found in the data is disabled, its password invalidated."""
    from django.conf import settings

    if settings.PRODUCTION:
        from xieshang.workbench.demo import demo_retire

        demo_retire()


@contextmanager
def worker_beside(*, start: bool, say: Say) -> Iterator[None]:
    """A background worker (`xieshang worker`) for as long as the server runs, so that the embedded default
    needs no setup; none when the jobs run in-process (immediate backend) or `start` is False."""
    from django.conf import settings

    if not start or str(settings.TASKS["default"]["BACKEND"]).endswith("ImmediateBackend"):
        yield
        return
    env = {**os.environ, "XIESHANG_WORKER_PARENT": str(os.getpid())}  # it stops if this server goes
    child = subprocess.Popen([sys.executable, "-m", "xieshang", "worker"], stdout=subprocess.DEVNULL, env=env)
    say("后台任务进程已启动。", "A background worker is running beside the server.")
    try:
        yield
    finally:
        child.terminate()
        try:
            child.wait(timeout=30)
        except subprocess.TimeoutExpired:
            child.kill()


def serve_workbench(
    *, host: str, port: int, demo: bool, say: Say, worker: bool = True, processes: int = 1
) -> None:
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
    options = waitress_options(int(settings.XIESHANG_UPLOAD_MAX_BYTES))
    import signal

    # SIGTERM (systemd, docker, kill) ends the server like Ctrl+C: the worker beside it is stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with worker_beside(start=worker, say=say):
        if processes <= 1:
            serve(application, host=host, port=port, **options)
        else:
            serve_processes(application, host=host, port=port, processes=processes, options=options)


def serve_processes(
    application: object, *, host: str, port: int, processes: int, options: dict[str, object]
) -> None:
    """Several waitress processes on one listening socket (pre-fork; the kernel hands each connection to one of
    them): Python runs one thread at a time per process, so a single process uses one core however many
    threads it has. Each child opens its own database connections (closed before the fork)."""
    import signal
    import socket

    from django.db import connections
    from waitress import serve

    listener = socket.create_server((host, port), reuse_port=False, backlog=1024)
    connections.close_all()
    children: list[int] = []
    for _ in range(processes):
        pid = os.fork()
        if pid == 0:  # a child: serve until terminated
            signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
            serve(application, sockets=[listener], **options)
            os._exit(0)
        children.append(pid)
    listener.close()

    def stop(*_: object) -> None:
        for child in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGTERM)

    signal.signal(signal.SIGTERM, lambda *_: stop())
    try:
        for child in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(child, 0)
    except KeyboardInterrupt:
        stop()


def waitress_options(upload_limit: int) -> dict[str, object]:
    """How `xieshang serve` runs waitress. Its `max_request_body_size` is the workbench's own early refusal
    (the upload limit plus the multipart envelope): waitress answers 413 from the Content-Length alone and
    never reads or buffers such a body; anything it lets through the workbench may still refuse with its
    message (xieshang.web.upload_limit). Proxy headers are dealt with by web.proxy, not here."""
    return {"threads": 8, "ident": "xieshang", "max_request_body_size": server_body_limit(upload_limit)}


def server_body_limit(upload_limit: int) -> int:
    """The server's cap on a request body: above the upload limit plus the envelope allowance, waitress
    refuses before reading (it refuses a Content-Length >= this value)."""
    from xieshang.web.upload_limit import ENVELOPE_BYTES

    return upload_limit + ENVELOPE_BYTES + 1
