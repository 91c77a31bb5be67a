"""Two web servers and two workers on one database and one evidence store: uploads into one case through
both servers at once, the same file through both, and every file and message is there exactly once.

On the configured database: in CI's PostgreSQL pass a database of its own is made on that server (and
dropped); otherwise one SQLite file shared by the four processes. The evidence store is one shared folder, or
a bucket (a local moto server, a test double of S3): then, on PostgreSQL, each process has a home of its own —
nothing is shared but the database and the bucket, as on separate machines."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.formats import Sms, write_sms_backup
from tests.fixtures.workbench_http import Session, start_server, stop

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[3]
XIESHANG = Path(sys.executable).parent / "xieshang"
PASSWORD = "a-long-password-1"
PER_FILE = 1_500


@contextlib.contextmanager
def _database() -> Iterator[str]:
    """'' (SQLite under the shared home) or the URL of a fresh PostgreSQL database, dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        yield ""
        return
    import psycopg

    name = f"xieshang_multi_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _env(home: Path, database: str, bucket: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "XIESHANG_", "DATABASE_URL"))}
    env.update(XIESHANG_HOME=str(home), XIESHANG_JOBS="database", PYTHONPATH=str(ROOT), **bucket)
    env["XIESHANG_SECRET_KEY"] = "multi-server-test-key-" + "x" * 40  # one key for every server, as deployed
    if database:
        env["DATABASE_URL"] = database
    return env


@contextlib.contextmanager
def _store(kind: str) -> Iterator[tuple[dict[str, str], Any]]:
    if kind == "folder":
        yield {}, None
        return
    from tests.fixtures.s3_server import s3_server

    with s3_server() as s3:
        name = s3.bucket(f"vault-{uuid.uuid4().hex[:8]}")
        yield s3.environment(name), (s3, name)


def _run(env: dict[str, str], *argv: str) -> str:
    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _backup(path: Path, tag: str) -> Path:
    start = datetime(2024, 3, 1, tzinfo=UTC)
    messages = [
        Sms(address="95188", body=f"【{tag}】逾期提醒 第 {i} 条", when=start + timedelta(minutes=i))
        for i in range(PER_FILE)
    ]
    return write_sms_backup(path, messages)


@pytest.mark.parametrize("store", ["folder", "bucket"])
def test_two_servers_and_two_workers_keep_everything_once(tmp_path: Path, store: str) -> None:
    files = {
        tag: _backup(tmp_path / f"sms-{tag}.xml", tag).read_bytes() for tag in ("a1", "a2", "b1", "b2", "ab")
    }
    with _database() as database, _store(store) as (bucket_env, bucket):
        separate = bool(database) and bucket is not None  # nothing shared but the database and the bucket
        homes = [tmp_path / (f"home-{i}" if separate else "shared-home") for i in range(4)]
        envs = [_env(home, database, bucket_env) for home in homes]
        env = envs[0]
        _run(env, str(XIESHANG), "manage", "migrate", "--noinput")  # once, before the servers start
        _run(
            env, sys.executable, "-m", "tests.integration.jobs.procs", "user", "counselor", PASSWORD, "shared"
        )
        procs: list[subprocess.Popen[bytes]] = []
        logs: list[Path] = []
        try:
            web_a, base_a = start_server(envs[0])
            procs.append(web_a)
            web_b, base_b = start_server(envs[1])
            procs.append(web_b)
            for index, worker_env in enumerate(envs[2:]):
                log = tmp_path / f"worker-{index}.log"  # read back when a job fails: the traceback is there
                logs.append(log)
                with log.open("wb") as err:
                    procs.append(
                        subprocess.Popen(
                            [str(XIESHANG), "worker", "--interval", "0.2"],
                            env=worker_env,
                            stdout=subprocess.DEVNULL,
                            stderr=err,
                        )
                    )
            sessions = {"a": Session(base_a), "b": Session(base_b)}
            for session in sessions.values():
                session.login("counselor", PASSWORD)
            answers: dict[str, list[dict[str, Any]]] = {"a": [], "b": []}

            def upload_through(server: str) -> None:
                for tag in (f"{server}1", f"{server}2", "ab"):  # "ab" goes through both servers
                    answers[server].append(
                        sessions[server].upload("shared", [(f"sms-{tag}.xml", files[tag])])
                    )

            threads = [threading.Thread(target=upload_through, args=(s,)) for s in sessions]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=600)
            ended = []
            for server, other in (("a", "b"), ("b", "a")):
                for answer in answers[server]:
                    assert answer["http_status"] == 202, answer
                    # A job started on one server is followed on the other: one database.
                    ended.append(sessions[other].wait_job(answer["status_url"]))
        finally:
            for proc in reversed(procs):
                stop(proc)
        if not all(job["status"] == "done" for job in ended):
            tails = "\n".join(f"== {log.name}\n{log.read_text(errors='replace')[-4000:]}" for log in logs)
            pytest.fail(f"{[j['error'] for j in ended]}\n{tails}")
        if bucket is not None:  # every original in the bucket under its hash, once; no staged upload left
            s3, name = bucket
            listed = s3.client().list_objects_v2(Bucket=name).get("Contents", [])
            keys = [str(item["Key"]) for item in listed]
            assert len([k for k in keys if "/objects/" in k]) == 5, keys
            assert not [k for k in keys if "/staging/" in k], keys
        holdings = json.loads(
            _run(env, sys.executable, "-m", "tests.integration.jobs.procs", "holdings", "shared")
        )
    assert holdings["files"] == sorted(f"sms-{tag}.xml" for tag in files), holdings
    assert holdings["shas"] == 5 and holdings["repeated_fingerprints"] == 0
    assert holdings["sms"] == 5 * PER_FILE  # "ab" twice, kept once
    imported = sorted(job["result"]["imported"]["sms"] for job in ended)
    assert imported == [0] + [PER_FILE] * 5  # the second "ab" found it already in the case
    assert holdings["jobs"] == {"done": 6}
