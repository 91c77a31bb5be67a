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


def test_json_lists_every_lender_fact_known_or_not() -> None:
    status, out, err = run_cli("plan", str(E1), "--json")
    assert status == 0, err
    debt = json.loads(out)["debts"][0]
    facts = {f["field"]: f for f in debt["lender_facts"]}
    assert set(facts) == {
        "operator",
        "customer_service",
        "sms_senders",
        "contact_channels",
        "grace_days",
        "penalty_practice",
        "options_offered",
        "max_installment_months",
        "extension_interest",
        "evidence_requested",
    }
    # 360借条: nothing sourced about the platform — unknown stays unknown, no value invented.
    assert facts["customer_service"] == {"field": "customer_service", "known": False}
    assert facts["max_installment_months"]["known"] is False
    known = [f for f in facts.values() if f["known"]]
    assert known and all(f["source"] and f["confidence"] and f["checked"] for f in known)
    assert debt["recommendation"]["reasons_en"][0].startswith("Opening ask")
    assert all(w["text_en"] for w in debt["recommendation"]["warnings"])


def test_english_output_is_complete(tmp_path: Path) -> None:
    chart = tmp_path / "en.svg"
    status, out, err = run_cli("--lang", "en", "plan", str(E1), "--chart", str(chart))
    assert status == 0, err
    for needle in (
        "Negotiation plan (as of 2026-11-28)",
        "Disposable income = monthly income 5,200.00",
        "Principal only (interest stopped), 12 instalments",
        "Recommendation:",
        "Walk away from any plan above 1,600.00 a month",
        "Warnings:",
        "the limitation period starts again",
        "Unknown (no reliable source found; not guessed)",
        "Not legal advice",
    ):
        assert needle in out, needle
    # The program's own words are English; lender facts stay in the Chinese of their sources (said so).
    assert "开价" not in out and "底线" not in out and "未知（" not in out and "建议" not in out
    assert "quoted in Chinese as found in the sources" in out
    assert "Paid so far (yuan)" in chart.read_text(encoding="utf-8")


def test_case_with_nothing_outstanding(tmp_path: Path) -> None:
    head = E1.read_text(encoding="utf-8").split("[[debts]]")[0]
    case = tmp_path / "none.toml"
    case.write_text(head, encoding="utf-8")
    status, out, _ = run_cli("plan", str(case))
    assert status == 0 and "没有未还的欠款" in out
    status, out, _ = run_cli("plan", str(case), "--json")
    assert status == 0 and json.loads(out)["debts"] == []


def test_credit_card_profile_shows_the_five_year_limit_with_its_source(tmp_path: Path) -> None:
    text = E1.read_text(encoding="utf-8").replace('lender = "360借条"', 'lender = "某银行信用卡"')
    text = text.replace('lender_type = "online_lender"', 'lender_type = "credit_card"')
    case = tmp_path / "card.toml"
    case.write_text(text, encoding="utf-8")
    status, out, err = run_cli("plan", str(case))
    assert status == 0, err
    assert "最长分期（月）：60（来源：商业银行信用卡业务监督管理办法（2011）第七十条；已核实原文" in out
    status, out, _ = run_cli("plan", str(case), "--json")
    debt = json.loads(out)["debts"][0]
    longest = next(f for f in debt["lender_facts"] if f["field"] == "max_installment_months")
    assert (
        longest["value"] == 60
        and longest["confidence"] == "verified"
        and longest["from"] == "type:credit_card"
    )
    assert all(o["months_to_debt_free"] <= 60 or o["within_policy"] is False for o in debt["options"])
    codes = {w["code"] for w in debt["recommendation"]["warnings"]}
    assert "card_plan_stops_collection" in codes
