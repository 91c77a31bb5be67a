"""The web workbench under load, through a real `xieshang serve` (waitress, 8 threads) on SQLite.

- web.load_20_users: 20 logged-in sessions, each its own counselor with a case (E1: one debt with its
  payments, the demo SMS backup imported), each reading the dashboard and its case page in a loop for 60 s,
  bounded (each session waits for its answer). Goal from the issue: p95 <= 300 ms, 0 errors; requests/s in
  the note. Baseline in the same run: the same pages read by one session alone (its p95).
- web.load_20_users_10_writers: the same with 10 more sessions adding a contact to their case in a loop (the
  contact page, the form sent, the contact page again after the redirect); a write the form refused counts as
  an error.

The server runs `xieshang serve --processes 2` (one waitress process per core: Python runs one thread at a
time per process, so one process, however many threads, serves from one core).

The load comes from threads of this process (urllib), on the same 2 cores as the server: a pessimistic
figure. `--quick`: 10 s instead of 60.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from benchmarks.framework import BenchResult

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "a-long-password-1"
USERS = 20
WRITERS = 10
PROCESSES = 2  # xieshang serve --processes: one per core of this 2-core machine
LENDER = urllib.parse.quote("某银行")  # a contact names its lender (or one of the case's debts)

_SETUP = """
from xieshang.web.runtime import setup_django, prepare_database
setup_django(); prepare_database()
import sys
from datetime import date
from decimal import Decimal
from django.contrib.auth import get_user_model
from tests.fixtures.formats import write_sms_backup
from pathlib import Path
from xieshang.cases.services import case_create, debt_add
from xieshang.evidence.services import evidence_import
from xieshang.workbench import demo
n = int(sys.argv[1]); folder = Path(sys.argv[2])
for i in range(n):
    user = get_user_model().objects.create_user(f"user{i}", password=sys.argv[3])
    case = case_create(owner=user, name=f"case-{i}", borrower_name="李明", monthly_income=Decimal("5200.00"),
                       monthly_essential_expenses=Decimal("3600.00"), hardships=["unemployment"],
                       as_of=date(2026, 11, 28))
    debt_add(case=case, fields=dict(demo.E1_DEBT), payments=demo.E1_PAYMENTS)
    evidence_import(case=case, paths=[write_sms_backup(folder / f"sms-{i}.xml")])
"""


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def _load(base: str, users: list[int], seconds: float, writers: list[int]) -> dict[str, float]:
    from tests.fixtures.workbench_http import Session

    sessions = {i: Session(base) for i in set(users) | set(writers)}
    for i, session in sessions.items():
        session.login(f"user{i}", PASSWORD)
    latencies: list[float] = []
    errors = [0]
    writes = [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def reader(i: int) -> None:
        session = sessions[i]
        pages = ("/", f"/cases/case-{i}/")
        n = 0
        while time.monotonic() < stop_at:
            start = time.perf_counter()
            status, _ = session.get(pages[n % 2])
            elapsed = time.perf_counter() - start
            n += 1
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors[0] += 1

    def writer(i: int) -> None:
        session = sessions[i]
        n = 0
        while time.monotonic() < stop_at:
            status, page = session.get(f"/cases/case-{i}/contacts/")
            token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            body = (
                f"csrfmiddlewaretoken={token.group(1).decode() if token else ''}&channel=phone&direction=outgoing"
                f"&occurred_at=2026-11-20T10:{n % 60:02d}&said=call+{n}&lender={LENDER}"
            ).encode()
            status, page = session.post(
                f"/cases/case-{i}/contacts/", body, "application/x-www-form-urlencoded"
            )
            n += 1
            with lock:
                writes[0] += 1
                # The redirect after a recorded contact is followed: its page says so. A form sent back with
                # its errors (200 too) is a write that did not happen: an error.
                if status != 200 or b"msg msg-success" not in page:
                    errors[0] += 1

    threads = [threading.Thread(target=reader, args=(i,)) for i in users]
    threads += [threading.Thread(target=writer, args=(i,)) for i in writers]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "p50": statistics.median(latencies) if latencies else float("nan"),
        "p95": _percentile(latencies, 0.95),
        "p99": _percentile(latencies, 0.99),
        "rps": len(latencies) / elapsed,
        "errors": float(errors[0]),
        "writes_per_s": writes[0] / elapsed,
        "requests": float(len(latencies)),
    }


def run(quick: bool) -> list[BenchResult]:
    sys.path.insert(0, str(ROOT))
    from tests.fixtures.workbench_http import start_server, stop

    seconds = 10.0 if quick else 60.0
    with tempfile.TemporaryDirectory(prefix="xs-bench-load-") as tmp:
        work = Path(tmp)
        env = {
            k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "XIESHANG_", "DATABASE_URL"))
        }
        env.update(XIESHANG_HOME=str(work / "home"), XIESHANG_JOBS="database", PYTHONPATH=str(ROOT))
        env["XIESHANG_LOGIN_MAX_FAILURES"] = "1000"
        subprocess.run(
            [sys.executable, "-c", _SETUP, str(USERS + WRITERS), str(work), PASSWORD],
            env=env, check=True, capture_output=True, cwd=ROOT,
        )  # fmt: skip
        server, base = start_server(env, processes=PROCESSES)
        try:
            _load(base, [0], 3.0, [])  # warm the server's caches and templates
            alone = _load(base, [0], seconds / 4, [])
            crowd = _load(base, list(range(USERS)), seconds, [])
            mixed = _load(base, list(range(USERS)), seconds, list(range(USERS, USERS + WRITERS)))
        finally:
            stop(server)
            shutil.rmtree(work / "home", ignore_errors=True)

    def note(r: dict[str, float]) -> str:
        return (
            f"{r['rps']:.0f} requests/s, p50 {1000 * r['p50']:.0f} ms, p95 {1000 * r['p95']:.0f} ms, "
            f"p99 {1000 * r['p99']:.0f} ms, {int(r['errors'])} errors"
        )

    return [
        BenchResult(
            "web.load_20_users",
            crowd["p95"],
            "s",
            "p95 of one session alone",
            alone["p95"],
            "value <= 0.3",
            f"{USERS} sessions × {seconds:.0f} s, dashboard + case page: {note(crowd)}",
        ),
        BenchResult(
            "web.load_20_users_errors",
            crowd["errors"],
            "count",
            "none",
            0.0,
            "value <= 0",
            "errors (non-200 answers) under the 20-session load",
        ),
        BenchResult(
            "web.load_20_users_10_writers",
            mixed["p95"],
            "s",
            "p95 of one session alone",
            alone["p95"],
            "value <= 0.3",
            f"{USERS} readers + {WRITERS} writers (a contact each, {mixed['writes_per_s']:.0f}/s): {note(mixed)}",
        ),
        BenchResult(
            "web.load_20_users_10_writers_errors",
            mixed["errors"],
            "count",
            "none",
            0.0,
            "value <= 0",
            "errors (non-200 answers, writes not recorded) under the mixed load",
        ),
    ]
