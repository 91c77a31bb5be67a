"""`xieshang assess NAME`: a stored case gives exactly the figures of the case file it came from."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from xieshang.cli.app import run
from xieshang.cli.context import CliEnv
from xieshang.core.casefile import parse_case_text

E1 = Path(__file__).resolve().parents[2] / "fixtures" / "cases" / "e1_case.toml"


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), CliEnv(stdout=out, stderr=err, environ={}, today=date(2026, 12, 1)))
    return status, out.getvalue(), err.getvalue()


@pytest.mark.postgres
@pytest.mark.django_db
def test_stored_case_assesses_like_its_file() -> None:
    from xieshang.cases.casefile_io import case_store_from_file
    from xieshang.cli.stored import local_user

    case_store_from_file(owner=local_user(), name="li-ming", case_file=parse_case_text(E1.read_text("utf-8")))
    status, stored, err = run_cli("assess", "li-ming", "--json")
    assert status == 0, err
    _, from_file, _ = run_cli("assess", str(E1), "--json")
    assert json.loads(stored) == json.loads(from_file)
    assert json.loads(stored)["debts"][0]["payoff_now"] == "11269.71"


@pytest.mark.django_db
def test_unknown_name_is_an_input_error() -> None:
    status, out, err = run_cli("--lang", "en", "assess", "no-such-case")
    assert status == 2 and out == "" and "no-such-case" in err and "Traceback" not in err
