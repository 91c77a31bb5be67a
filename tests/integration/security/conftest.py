"""Fixtures of the security tests (issue 14): each test gets its own evidence store, no timestamp authority."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from xieshang.cli.app import run
from xieshang.cli.context import CliEnv

E1_CASE = Path(__file__).resolve().parents[2] / "fixtures" / "documents" / "e1_case.toml"


@pytest.fixture(autouse=True)
def vault(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    settings.XIESHANG_EVIDENCE_ROOT = root
    settings.XIESHANG_TSA_URL = ""
    settings.XIESHANG_TSA_CA_FILE = ""
    return root


def cli(*argv: str, lang: str = "zh_CN.UTF-8") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), CliEnv(stdout=out, stderr=err, environ={"LANG": lang}, today=date(2026, 11, 28)))
    return status, out.getvalue(), err.getvalue()
