"""Finding 4: with umask 022 the database, the ledger head, the vault and the secret key are the user's only:
files 0600 (objects 0400), folders 0700 — for a fresh home and for an older one made open to others."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
E1 = ROOT / "tests" / "fixtures" / "cases" / "e1_case.toml"
DEMO_SMS = ROOT / "src" / "xieshang" / "workbench" / "demo_data" / "sms-demo.xml"
XIESHANG = Path(sys.executable).parent / "xieshang"


def _run(home: Path, *argv: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "XIESHANG_"))}
    env |= {"XIESHANG_HOME": str(home), "LANG": "en_US.UTF-8"}
    done = subprocess.run(
        [str(XIESHANG), *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        preexec_fn=lambda: os.umask(0o022),  # what a desktop session usually has
    )
    assert done.returncode == 0, done.stderr


def _open_to_others(home: Path) -> list[str]:
    found = []
    for folder, dirs, files in os.walk(home):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            mode = stat.S_IMODE(path.lstat().st_mode)
            if mode & 0o077:
                found.append(f"{path.relative_to(home)} {oct(mode)}")
    if stat.S_IMODE(home.stat().st_mode) & 0o077:
        found.append(f". {oct(stat.S_IMODE(home.stat().st_mode))}")
    return found


def test_a_fresh_home_is_private_whatever_the_umask(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _run(home, "case", "import", str(E1), "--name", "li-ming")
    _run(home, "import", str(DEMO_SMS), "--case", "li-ming")
    names = {p.name for p in home.rglob("*")}
    assert {"xieshang.sqlite3", "ledger-head.json", "secret_key"} <= names
    assert _open_to_others(home) == []
    objects = [p for p in (home / "evidence" / "objects").rglob("*") if p.is_file()]
    assert objects and all(stat.S_IMODE(p.stat().st_mode) == 0o400 for p in objects)


def test_an_older_home_open_to_others_is_closed_at_the_next_start(tmp_path: Path) -> None:
    home = tmp_path / "home"
    _run(home, "case", "import", str(E1), "--name", "li-ming")
    _run(home, "import", str(DEMO_SMS), "--case", "li-ming")
    for folder, dirs, files in os.walk(home):  # what an install before the fix left behind
        for name in dirs:
            (Path(folder) / name).chmod(0o755)
        for name in files:
            (Path(folder) / name).chmod(0o644)
    home.chmod(0o755)
    _run(home, "verify")
    assert _open_to_others(home) == []
