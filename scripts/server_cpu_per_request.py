"""The server's CPU time per request of the load benchmark's pages: one `xieshang serve --processes 1`, one
client, requests one after another; utime + stime of the server process per request. Unlike latencies under
load, this hardly moves when other programs share the machine.

    .venv/bin/python scripts/server_cpu_per_request.py [N]

Pages: the dashboard and the case page (N requests each), then a writer's loop as in web.load_20_users_10_writers
(the contact log, a contact sent, the log again after the redirect) from 0 to 100 contacts in one case.
Run from a checkout's root; that checkout's `src` is served.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path.cwd()
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from benchmarks.bench_load import _SETUP, PASSWORD  # noqa: E402
from tests.fixtures.workbench_http import Session, start_server, stop  # noqa: E402


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "XIESHANG_", "DATABASE_URL"))
        }
        env.update(
            XIESHANG_HOME=str(work / "home"),
            XIESHANG_JOBS="database",
            PYTHONPATH=f"{ROOT / 'src'}{os.pathsep}{ROOT}",
            XIESHANG_LOGIN_MAX_FAILURES="1000",
        )
        setup = [sys.executable, "-c", _SETUP, "2", str(work), PASSWORD]
        subprocess.run(setup, env=env, check=True, capture_output=True, cwd=ROOT)
        server, base = start_server(env, processes=1)
        try:
            reader, writer = Session(base), Session(base)
            reader.login("user0", PASSWORD)
            writer.login("user1", PASSWORD)
            for page in ("/", "/cases/case-0/"):
                for _ in range(20):
                    reader.get(page)
                cpu, start = _cpu(server.pid), time.perf_counter()
                for _ in range(n):
                    assert reader.get(page)[0] == 200
                per = 1000 * (_cpu(server.pid) - cpu) / n
                wall = 1000 * (time.perf_counter() - start) / n
                print(f"{page:16} server CPU {per:6.2f} ms a request (wall {wall:6.2f} ms)")
            lender = urllib.parse.quote("某银行")
            cpu = _cpu(server.pid)
            for k in range(100):
                _, page = writer.get("/cases/case-1/contacts/")
                token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
                assert token is not None
                body = (
                    f"csrfmiddlewaretoken={token.group(1).decode()}&channel=phone&direction=outgoing"
                    f"&occurred_at=2026-11-20T10:{k % 60:02d}&said=call+{k}&lender={lender}"
                ).encode()
                _, page = writer.post("/cases/case-1/contacts/", body, "application/x-www-form-urlencoded")
                assert b"msg msg-success" in page
            per = 1000 * (_cpu(server.pid) - cpu) / 100
            print(f"writer's loop, 0 to 100 contacts: server CPU {per:6.2f} ms a loop")
        finally:
            stop(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
