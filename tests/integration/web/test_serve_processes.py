"""`xieshang serve --processes 2`: two web processes on one port answer, and stopping the server stops both."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest

from tests.fixtures.workbench_http import Session, start_server, stop

pytestmark = pytest.mark.slow


def test_two_processes_serve_one_port_and_stop_together(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "XIESHANG_", "DATABASE_URL"))}
    env.update(XIESHANG_HOME=str(tmp_path / "home"), XIESHANG_JOBS="database")
    server, base = start_server(env, processes=2)
    try:
        session = Session(base)
        assert all(session.get("/accounts/login/")[0] == 200 for _ in range(20))
    finally:
        stop(server)
    port = int(base.rsplit(":", 1)[1])
    deadline = time.monotonic() + 60
    while True:  # nothing listens any more: the children went with the parent
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                break
        assert time.monotonic() < deadline, "a web process outlived the server"
        time.sleep(0.2)


def _workers_of(home: Path) -> list[int]:
    """The `xieshang worker` processes whose XIESHANG_HOME is `home` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"worker" in cmdline and f"XIESHANG_HOME={home}".encode() in environ:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_serve_runs_a_worker_beside_itself_and_stops_it(tmp_path: Path) -> None:
    """`make run`'s embedded default: an upload is imported with no worker started by hand."""
    from tests.fixtures.formats import write_sms_backup

    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "XIESHANG_", "DATABASE_URL"))}
    env.update(XIESHANG_HOME=str(home), XIESHANG_DEMO="1")
    server, base = start_server(env, worker=True, extra=("--demo",))  # as `make run` starts it
    try:
        subprocess_demo = Session(base)
        subprocess_demo.login("demo", "xieshang-demo")
        answer = subprocess_demo.upload(
            "demo", [("sms.xml", write_sms_backup(tmp_path / "sms.xml").read_bytes())]
        )
        assert answer["http_status"] == 202
        assert subprocess_demo.wait_job(answer["status_url"], timeout=180)["status"] == "done"
        assert _workers_of(home)
    finally:
        stop(server)
    deadline = time.monotonic() + 60
    while _workers_of(home):
        assert time.monotonic() < deadline, "the worker outlived its server"
        time.sleep(0.3)
