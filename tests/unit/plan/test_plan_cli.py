"""`xieshang plan` in-process: E1's JSON contract, the Chinese tables, the chart, bad input."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from xieshang.cli.app import run
from xieshang.cli.context import CliEnv

E1 = Path(__file__).resolve().parents[2] / "fixtures" / "cases" / "e1_case.toml"


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), CliEnv(stdout=out, stderr=err, environ={}, today=date(2026, 12, 1)))
    return status, out.getvalue(), err.getvalue()


def test_e1_json_contract() -> None:
    status, out, err = run_cli("plan", str(E1), "--json")
    assert status == 0, err
    data = json.loads(out)
    assert data["as_of"] == "2026-11-28"
    debt = data["debts"][0]
    assert debt["id"] == "jt360" and debt["settlement_waiving_penalties"] == "10944.03"
    grid = {(o["months"], o["annual_rate"]): o for o in debt["options"] if o["kind"] == "installments"}
    assert len(grid) == 12
    assert grid[(12, "0.000000")]["monthly_payment"] == "910.06"
    assert grid[(12, "0.000000")]["total_payable"] == "10920.72"
    assert grid[(12, "0.180000")]["monthly_payment"] == "1001.21"
    assert grid[(12, "0.180000")]["total_payable"] == "12014.55"
    assert all(o["base"] == "10920.72" for o in grid.values())
    allocation = data["allocation"]
    assert allocation == {
        "disposable_income": "1600.00",
        "feasible": True,
        "monthly_total": "910.06",
        "total_payable": "10920.72",
        "months_total": 12,
        "choices": [{"id": "jt360", "months": 12, "annual_rate": "0.000000"}],
    }
    rec = debt["recommendation"]
    assert rec["walk_away_monthly"] == "1600.00"
    codes = {w["code"] for w in rec["warnings"]}
    assert {"limitation_restart", "no_paid_intermediary", "credit_record_five_years"} <= codes
    assert all(w["source"] and w["confidence"] for w in rec["warnings"])


def test_on_overrides_as_of_and_tables_are_chinese(tmp_path: Path) -> None:
    chart = tmp_path / "plan.svg"
    status, out, err = run_cli("plan", str(E1), "--on", "2026-12-28", "--chart", str(chart))
    assert status == 0, err
    assert "评估日 2026-12-28" in out and "开价" in out and "底线" in out and "不构成法律意见" in out
    svg = chart.read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "累计还款" in svg and svg.count("<path") == 4


def test_infeasible_budget_is_reported_with_the_least_monthly_sum(tmp_path: Path) -> None:
    text = E1.read_text(encoding="utf-8").replace(
        'monthly_essential_expenses = "3600.00"', 'monthly_essential_expenses = "5100.00"'
    )
    case = tmp_path / "tight.toml"
    case.write_text(text, encoding="utf-8")
    status, out, _ = run_cli("plan", str(case), "--json")
    allocation = json.loads(out)["allocation"]
    assert status == 0 and allocation["feasible"] is False
    assert allocation["monthly_total"] == "182.01"  # 60 months at 0 %: the least monthly payment
    assert allocation["choices"] == [{"id": "jt360", "months": 60, "annual_rate": "0.000000"}]


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (("plan", "missing.toml"), "missing.toml"),
        (("plan", str(E1), "--on", "28/11/2026"), "--on"),
        (("plan", str(E1), "--chart", "x.png"), "--chart"),
    ],
)
def test_bad_input_exits_2_without_traceback(argv: tuple[str, ...], needle: str) -> None:
    status, out, err = run_cli(*argv)
    assert status == 2 and needle in err and "Traceback" not in err and out == ""


def test_help_lists_plan() -> None:
    status, out, _ = run_cli("--help")
    assert status == 0 and "plan" in out
