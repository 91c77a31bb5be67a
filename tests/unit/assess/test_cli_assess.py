"""`xieshang assess`: the JSON contract of spec cli.md on E1, the Chinese report, and input errors."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from xieshang.cli.app import run
from xieshang.cli.context import CliEnv

E1 = Path(__file__).resolve().parents[2] / "fixtures" / "cases" / "e1_case.toml"


def run_cli(*argv: str, today: date = date(2026, 12, 1)) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), CliEnv(stdout=out, stderr=err, environ={}, today=today))
    return status, out.getvalue(), err.getvalue()


def test_json_of_e1() -> None:
    status, out, err = run_cli("assess", str(E1), "--json")
    assert status == 0, err
    doc = json.loads(out)
    assert doc["as_of"] == "2026-11-28"
    debt = doc["debts"][0]
    expected = {
        "id": "jt360",
        "overdue_principal": "6860.05",
        "overdue_interest": "474.35",
        "overdue_fees": "0.00",
        "penalty_unpaid": "325.68",
        "late_fees_unpaid": "0.00",
        "total_due_now": "7660.08",
        "outstanding_principal": "10446.37",
        "payoff_now": "11269.71",
        "paid_total": "11001.60",
        "dpd": 105,
        "bucket": "M4",
        "in_grace": False,
        "daily_penalty_now": "5.52",
        "legal_flags": [],
    }
    assert {k: debt[k] for k in expected} == expected
    assert debt["contract_apr"]["simple"] == "0.180001" and len(debt["contract_apr"]["compound"]) == 8
    assert debt["schedule"][0] == {
        "n": 1,
        "due_date": "2026-02-15",
        "principal": "1533.60",
        "interest": "300.00",
        "fee": "0.00",
        "total": "1833.60",
    }
    assert debt["schedule"][-1]["principal"] == "1806.51" and debt["schedule"][-1]["interest"] == "27.10"
    assert doc["totals"] == doc["totals"] | {
        "total_due_now": "7660.08",
        "payoff_now": "11269.71",
        "outstanding_principal": "10446.37",
        "daily_penalty_now": "5.52",
    }
    assert [w["days"] for w in debt["cost_of_waiting"]] == [30, 90, 180]


def test_on_overrides_as_of_and_reports_ignored_payments() -> None:
    status, out, _ = run_cli("assess", str(E1), "--json", "--on", "2026-05-20")
    doc = json.loads(out)
    assert status == 0 and doc["as_of"] == "2026-05-20"
    assert [p["date"] for p in doc["debts"][0]["ignored_payments"]] == ["2026-06-17", "2026-07-15"]


def test_default_date_is_today_without_as_of(tmp_path: Path) -> None:
    case = tmp_path / "c.toml"
    case.write_text(E1.read_text(encoding="utf-8").replace("as_of = 2026-11-28\n", ""), encoding="utf-8")
    status, out, _ = run_cli("assess", str(case), "--json", today=date(2026, 12, 1))
    assert status == 0 and json.loads(out)["as_of"] == "2026-12-01"


def test_chinese_report() -> None:
    status, out, _ = run_cli("assess", str(E1))
    assert status == 0
    for text in ("每拖一天多付", "5.52", "7660.08", "11269.71", "105 / M4", "不构成法律意见", "2026-04-30"):
        assert text in out
    status, out, _ = run_cli("--lang", "en", "assess", str(E1), "--schedule")
    assert status == 0 and "each more day costs" in out and "Not legal advice" in out and "2027-01-15" in out


def test_flags_show_source_and_confidence(tmp_path: Path) -> None:
    case = tmp_path / "c.toml"
    text = E1.read_text(encoding="utf-8").replace('lender_type = "online_lender"', 'lender_type = "private"')
    case.write_text(text, encoding="utf-8")
    status, out, _ = run_cli("assess", str(case))
    assert status == 0
    assert "private_over_4x_lpr" in out and "第二十五条" in out and "已核实" in out
    status, out, _ = run_cli("assess", str(case), "--json")
    flag = json.loads(out)["debts"][0]["legal_flags"][0]
    assert flag["code"] == "private_over_4x_lpr" and flag["threshold"] == "0.120000"
    assert flag["confidence"] == "verified" and "民间借贷" in flag["source"]


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (None, "no such case file"),
        ("[[debts]\n", "line 1"),
        (
            '[borrower]\nname = "x"\nmonthly_income = "1"\nmonthly_essential_expenses = "-1"\n',
            "borrower.monthly_essential_expenses",
        ),
    ],
)
def test_input_errors_exit_2_without_traceback(tmp_path: Path, content: str | None, needle: str) -> None:
    case = tmp_path / "case.toml"
    if content is not None:
        case.write_text(content, encoding="utf-8")
    status, out, err = run_cli("--lang", "en", "assess", str(case))
    assert status == 2 and out == ""
    assert needle in err and "Traceback" not in err


def test_bad_date_option() -> None:
    status, _, err = run_cli("assess", str(E1), "--on", "2026-13-01")
    assert status == 2 and "--on" in err and "YYYY-MM-DD" in err
