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
