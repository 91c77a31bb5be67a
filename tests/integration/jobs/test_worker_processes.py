"""Real `xieshang worker` processes on a fresh XIESHANG_HOME (embedded SQLite): a queued import is done by a
worker; a worker killed in the middle of an import leaves a job that the next worker runs again, and the
case then holds every message exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.formats import Sms, write_sms_backup

pytestmark = pytest.mark.slow
XIESHANG = Path(sys.executable).parent / "xieshang"
ROOT = Path(__file__).resolve().parents[3]
WAIT_SECONDS = 240  # generous: the machine may be busy


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "XIESHANG_"))}
    env.pop("DATABASE_URL", None)
    env.update(XIESHANG_HOME=str(home), XIESHANG_JOBS="database", PYTHONPATH=str(ROOT))
    return env


def _helper(env: dict[str, str], *argv: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "tests.integration.jobs.procs", *argv],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout.strip()


def _status(env: dict[str, str], job: str) -> dict[str, Any]:
    return dict(json.loads(_helper(env, "status", job)))


def _worker(env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(XIESHANG), "worker", "--interval", "0.2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _wait(env: dict[str, str], job: str, until: Any) -> dict[str, Any]:
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        status = _status(env, job)
        if until(status):
            return status
        assert time.monotonic() < deadline, status
        time.sleep(0.3)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _backup(path: Path, n: int) -> Path:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    messages = [
        Sms(
            address="95188",
            body=f"【某某消费金融】您的借款已逾期，请尽快还款 {i}",
            when=start + timedelta(minutes=i),
        )
        for i in range(n)
    ]
    return write_sms_backup(path, messages)


def test_a_worker_runs_a_queued_import(tmp_path: Path) -> None:
    env = _env(tmp_path / "home")
    job = _helper(env, "enqueue", "w1", str(write_sms_backup(tmp_path / "sms.xml")))
    assert _status(env, job)["status"] == "queued"  # nothing runs it inside the "request"
    worker = _worker(env)
    try:
        done = _wait(env, job, lambda s: s["status"] in ("done", "failed"))
    finally:
        _stop(worker)
    assert done["status"] == "done" and done["sms"] == 3 and done["attempts"] == 1, done


def test_a_killed_workers_import_is_run_again_and_kept_once(tmp_path: Path) -> None:
    env = _env(tmp_path / "home")
    n = 100_000
    job = _helper(env, "enqueue", "w2", str(_backup(tmp_path / "sms-big.xml", n)))
    first = _worker(env)
    try:
        running = _wait(env, job, lambda s: s["status"] == "running")
        time.sleep(1.0)  # into the file's transaction (a whole import of it takes several seconds)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=60)
    finally:
        _stop(first)
    killed = _status(env, job)
    assert killed["status"] == "running" and killed["sms"] == 0, killed  # killed before the file committed
    second = _worker(env)
    try:
        done = _wait(env, job, lambda s: s["status"] in ("done", "failed"))
    finally:
        _stop(second)
    assert done["status"] == "done", done
    assert done["attempts"] == 2 and done["worker"] != running["worker"]
    assert done["sms"] == n and done["files"] == 1 and done["fingerprints"] == n
    assert done["result"]["imported"]["sms"] == n
