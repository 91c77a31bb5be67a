"""Stored cases ↔ case files: import, export, round trip, and the CLI doors."""

from __future__ import annotations

import io
import json
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from xieshang.cases.casefile_io import (
    case_export_text,
    case_file_for_case,
    case_file_for_name,
    case_store_from_file,
)
from xieshang.cases.models import Case
from xieshang.cli.app import run
from xieshang.cli.context import CliEnv
from xieshang.cli.stored import local_user
from xieshang.core.casefile import parse_case_text
from xieshang.core.errors import NotFoundError

E1 = Path(__file__).resolve().parents[2] / "fixtures" / "cases" / "e1_case.toml"

pytestmark = pytest.mark.django_db


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), CliEnv(stdout=out, stderr=err, environ={}, today=date(2026, 11, 28)))
    return status, out.getvalue(), err.getvalue()


@pytest.mark.postgres
def test_store_and_read_back_is_the_same_case_file() -> None:
    case_file = parse_case_text(E1.read_text(encoding="utf-8"))
    case = case_store_from_file(owner=local_user(), name="e1", case_file=case_file)
    assert case.debts.get().payments.count() == 6
    assert case_file_for_case(case) == case_file
    assert case_file_for_name("e1") == case_file
    # The export parses back to the same case (and keeps daily_rate as the way the rate was given).
    text = case_export_text(case)
    assert parse_case_text(text) == case_file
    assert 'daily_rate = "0.0005"' in text and "annual_rate" not in tomllib.loads(text)["debts"][0]


def test_store_again_replaces_debts_and_payments() -> None:
    case_file = parse_case_text(E1.read_text(encoding="utf-8"))
    case_store_from_file(owner=local_user(), name="e1", case_file=case_file)
    fewer = E1.read_text(encoding="utf-8").split("[[debts.payments]]")[0]
    case = case_store_from_file(owner=local_user(), name="e1", case_file=parse_case_text(fewer))
    assert Case.objects.filter(name="e1").count() == 1
    assert case.debts.get().payments.count() == 0


def test_unknown_stored_case_is_not_found() -> None:
    with pytest.raises(NotFoundError):
        case_file_for_name("nobody")


def test_cli_case_import_then_assess_by_name_then_export(tmp_path: Path) -> None:
    status, out, err = cli("case", "import", str(E1), "--name", "li-ming", "--json")
    assert status == 0, err
    assert json.loads(out) == {"case": "li-ming", "debts": ["jt360"]}
    status, out, err = cli("assess", "li-ming", "--json")
    assert status == 0, err
    debt = json.loads(out)["debts"][0]
    assert (debt["total_due_now"], debt["payoff_now"], debt["dpd"]) == ("7660.08", "11269.71", 105)
    target = tmp_path / "out.toml"
    status, out, err = cli("case", "export", "li-ming", "-o", str(target), "--json")
    assert status == 0, err
    assert parse_case_text(target.read_text(encoding="utf-8")).debts[0].principal == Decimal("20000.00")


def test_cli_case_import_rejects_bad_input_without_writing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        E1.read_text(encoding="utf-8").replace('principal = "20000.00"', 'principal = "-5"'), "utf-8"
    )
    status, out, err = cli("case", "import", str(bad), "--name", "bad")
    assert status == 2 and "debts[0].principal" in err and "Traceback" not in err
    assert not Case.objects.filter(name="bad").exists()
    status, _, err = cli("case", "import", str(E1), "--name", "../etc")
    assert status == 2 and "case name" not in err  # message in Chinese by default
    assert not Case.objects.exists()
    status, _, err = cli("case", "export", "missing", "-o", str(tmp_path / "x.toml"))
    assert status == 2 and "missing" in err


def test_a_value_that_cannot_be_stored_exactly_is_refused() -> None:
    from xieshang.core.errors import InputError

    text = E1.read_text(encoding="utf-8").replace('daily_rate = "0.0005"', 'daily_rate = "0.000123456789"')
    with pytest.raises(InputError, match="daily_rate"):
        case_store_from_file(owner=local_user(), name="e1", case_file=parse_case_text(text))
    assert not Case.objects.filter(name="e1").exists()


def test_case_create_checks_the_name_itself() -> None:
    """The service validates (not only the doors): a bad or a used name is an InputError, nothing written."""
    from django.contrib.auth import get_user_model

    from xieshang.cases.services import case_create
    from xieshang.core.errors import InputError

    owner = get_user_model().objects.create_user("names", password="x" * 12)
    fields: dict[str, Any] = {
        "owner": owner,
        "borrower_name": "李明",
        "monthly_income": Decimal("5000"),
        "monthly_essential_expenses": Decimal("3000"),
    }
    case_create(name="taken", **fields)
    for bad in ("taken", "not a name", ""):
        with pytest.raises(InputError):
            case_create(name=bad, **fields)
    assert Case.objects.filter(owner=owner).count() == 1
