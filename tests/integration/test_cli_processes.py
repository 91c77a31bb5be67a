"""The console script in real processes, as a user runs it: no pytest-django set-up to lean on.

In-process tests share Django's set-up with the test run, which hides a command that imports a model
before Django is configured; these runs start from nothing, with a fresh XIESHANG_HOME.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
E1 = ROOT / "tests" / "fixtures" / "cases" / "e1_case.toml"
DEMO_SMS = ROOT / "src" / "xieshang" / "workbench" / "demo_data" / "sms-demo.xml"
XIESHANG = Path(sys.executable).parent / "xieshang"


@pytest.fixture
def cli(tmp_path: Path):  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "XIESHANG_"))}
    env["XIESHANG_HOME"] = str(tmp_path / "home")
    env["LANG"] = "zh_CN.UTF-8"

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(XIESHANG), *argv], env=env, capture_output=True, text=True, timeout=120, check=False
        )

    return run


def test_every_stored_case_command_runs_from_a_fresh_home(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    steps = [
        ("case", "import", str(E1), "--name", "li-ming"),
        ("assess", "li-ming", "--json"),
        ("plan", "li-ming", "--json"),
        ("import", str(DEMO_SMS), "--case", "li-ming", "--json"),
        ("search", "上门", "--json"),
        ("verify", "--json"),
        ("conduct", "li-ming", "--json"),
        ("letter", "hardship", "li-ming", "--format", "txt", "-o", str(tmp_path / "letter.txt")),
        ("dossier", "li-ming", "-o", str(tmp_path / "dossier.zip")),
        ("case", "export", "li-ming", "-o", str(tmp_path / "out.toml")),
    ]
    outputs = {}
    for argv in steps:
        done = cli(*argv)
        assert done.returncode == 0, f"{' '.join(argv)} → {done.returncode}: {done.stderr}"
        assert "Traceback" not in done.stderr and "内部错误" not in done.stderr
        outputs[argv[0] + ("-" + argv[1] if argv[0] == "case" else "")] = done.stdout
    assert json.loads(outputs["assess"])["debts"][0]["total_due_now"] == "7660.08"
    assert json.loads(outputs["search"])["total"] == 1
    assert json.loads(outputs["verify"])["ok"] is True
    assert json.loads(outputs["conduct"])["findings"]
    assert "李明" in (tmp_path / "letter.txt").read_text(encoding="utf-8")
    assert (tmp_path / "dossier.zip").stat().st_size > 0


def test_bad_input_in_a_real_process_is_one_clear_line(cli) -> None:  # type: ignore[no-untyped-def]
    for argv in (("assess", "nope.toml"), ("conduct", "nobody"), ("dossier", "nobody", "-o", "x.zip")):
        done = cli(*argv)
        assert done.returncode == 2, (argv, done.stderr)
        assert "Traceback" not in done.stderr and done.stderr.strip()


def test_a_reader_that_goes_away_ends_the_output_quietly(tmp_path: Path) -> None:
    """`xieshang assess CASE | head -1`: no internal error, no traceback."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "XIESHANG_"))}
    env["XIESHANG_HOME"] = str(tmp_path / "home")
    for argv in (["assess", str(E1), "--schedule"], ["plan", str(E1)]):
        done = subprocess.run(
            f"'{XIESHANG}' {' '.join(argv)} 2>'{tmp_path / 'err'}' | head -1",
            shell=True,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.stdout.strip(), argv
        err = (tmp_path / "err").read_text(encoding="utf-8")
        assert err == "", err


def test_manage_creates_the_first_administrator(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    done = cli("manage", "migrate", "-v", "0")
    assert done.returncode == 0, done.stderr
    env_done = subprocess.run(
        [str(XIESHANG), "manage", "createsuperuser", "--noinput", "--username", "boss", "--email", "b@x.org"],
        env={
            **{
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("DJANGO_", "DATABASE_URL", "XIESHANG_"))
            },
            "XIESHANG_HOME": str(tmp_path / "home"),
            "DJANGO_SUPERUSER_PASSWORD": "a-long-pass-123",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert env_done.returncode == 0, env_done.stderr
    with sqlite3.connect(tmp_path / "home" / "xieshang.sqlite3") as db:
        assert db.execute("select is_superuser from auth_user where username='boss'").fetchone() == (1,)
    assert cli("manage", "no-such-command").returncode == 2
