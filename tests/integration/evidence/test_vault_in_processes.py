"""The vault in real processes with a fresh XIESHANG_HOME: the progress bar goes to a terminal on stderr
while stdout holds only the JSON; tampering on disk and in the database file ends `verify` with exit 3."""

from __future__ import annotations

import json
import os
import pty
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.fixtures.formats import Sms, write_sms_backup
from xieshang.cli.evidence_cmds import BIG_FILE_BYTES

XIESHANG = Path(sys.executable).parent / "xieshang"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "XIESHANG_"))}
    env["XIESHANG_HOME"] = str(home)
    env["LANG"] = "zh_CN.UTF-8"
    return env


def _run(home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(XIESHANG), *argv], env=_env(home), capture_output=True, text=True, timeout=120, check=False
    )


def _big_backup(path: Path) -> Path:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    body = "【某某消费金融】您的借款已逾期，请尽快还款，否则将上报征信并联系您的紧急联系人。" * 8
    messages = [
        Sms(address="95188", body=f"{body}{i}", when=start + timedelta(minutes=i)) for i in range(3_500)
    ]
    write_sms_backup(path, messages)
    assert path.stat().st_size > BIG_FILE_BYTES
    return path


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_a_big_file_shows_a_bar_on_the_terminal_and_stdout_keeps_only_json(tmp_path):
    src = _big_backup(tmp_path / "sms-big.xml")
    controller, terminal = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(controller, 65536)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    env = _env(tmp_path / "home") | {"TERM": "xterm", "COLUMNS": "100"}
    done = subprocess.run(
        [str(XIESHANG), "import", str(src), "--case", "big", "--json"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=terminal,
        timeout=180,
        check=False,
    )
    os.close(terminal)
    reader.join(timeout=10)
    os.close(controller)
    assert done.returncode == 0
    doc = json.loads(done.stdout)  # nothing but the JSON document
    assert doc["imported"]["sms"] == 3_500
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert "sms-big.xml" in shown and "MB" in shown  # the bar: file name, bytes read of the size


def test_tampering_in_a_real_home_ends_verify_with_exit_3_naming_the_item(tmp_path):
    home = tmp_path / "home"
    src = write_sms_backup(tmp_path / "sms-20240305.xml")
    imported = _run(home, "import", str(src), "--case", "li-ming", "--json")
    assert imported.returncode == 0, imported.stderr
    sha = json.loads(imported.stdout)["files"][0]["sha256"]
    stored = home / "evidence" / "objects" / sha[:2] / sha[2:]
    assert stored.read_bytes() == src.read_bytes()
    assert _run(home, "verify").returncode == 0

    db = sqlite3.connect(home / "xieshang.sqlite3")
    with db:
        db.execute(
            "UPDATE evidence_ledgerentry SET payload = replace(payload, '\"records\":', '\"records\":1')"
        )
    db.close()
    broken = _run(home, "verify", "--json")
    assert broken.returncode == 3
    assert {(p["kind"], p["item"]) for p in json.loads(broken.stdout)["problems"]} >= {
        ("ledger", "ledger #1")
    }
