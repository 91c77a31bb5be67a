"""`xieshang next` and `contact add` in real processes (as tests/integration/test_cli_processes.py): no
pytest-django set-up to lean on, so a model imported before Django is configured shows here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
E1 = ROOT / "tests" / "fixtures" / "cases" / "e1_case.toml"
XIESHANG = Path(sys.executable).parent / "xieshang"


def test_next_from_a_fresh_home(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "XIESHANG_"))}
    env["XIESHANG_HOME"] = str(tmp_path / "home")
    env["LANG"] = "zh_CN.UTF-8"

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(XIESHANG), *argv], env=env, capture_output=True, text=True, timeout=120, check=False
        )
        assert "Traceback" not in done.stderr and "内部错误" not in done.stderr, done.stderr
        return done

    assert run("case", "import", str(E1), "--name", "li-ming").returncode == 0
    first = json.loads(run("next", "li-ming", "--json").stdout)
    assert [a["kind"] for a in first["actions"]][0] == "first_contact"
    added = run(
        "contact", "add", "li-ming", "--channel", "phone", "--said", "请求分期", "--debt", "jt360",
        "--follow-up", "2099-01-01", "--json",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert json.loads(added.stdout)["at"][-6:] == "+08:00"  # the workbench's time zone
    text = run("next", "li-ming")
    assert text.returncode == 0 and "下一步" in text.stdout
    assert "尽早联系" in json.dumps(first, ensure_ascii=False) and "尽早联系" not in text.stdout
    bad = run("next", "nobody")
    assert bad.returncode == 2 and "nobody" in bad.stderr
