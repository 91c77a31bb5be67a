"""`xieshang assess`: the JSON contract of spec cli.md on E1, the Chinese report, and input errors."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal
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


FLAGGED = """
as_of = 2026-11-28
[borrower]
name = "王五"
monthly_income = "3000"
monthly_essential_expenses = "2500"

[[debts]]
id = "p1"
lender = "张三"
lender_type = "private"
principal = "10000"
annual_rate = "0.24"
method = "bullet"
term_days = 90
start_date = 2025-06-01
upfront_fee = "500"
penalty_annual_rate = "0.36"

[[debts]]
id = "cf"
lender = "某消金"
lender_type = "consumer_finance"
principal = "10000"
annual_rate = "0.2"
method = "equal_principal"
term_months = 12
start_date = 2026-01-10
fee_per_installment = "50"
"""
ALL_FLAGS = {
    "upfront_deduction",
    "private_over_4x_lpr",
    "private_penalty_over_4x_lpr",
    "over_36",
    "over_24",
    "consumer_finance_non_interest_fee",
}
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def test_every_flag_in_both_languages_with_title_source_and_confidence(tmp_path: Path) -> None:
    case = tmp_path / "flags.toml"
    case.write_text(FLAGGED, encoding="utf-8")
    status, out, _ = run_cli("assess", str(case), "--json")
    assert status == 0
    flags = [f for d in json.loads(out)["debts"] for f in d["legal_flags"]]
    assert {f["code"] for f in flags} == ALL_FLAGS
    for f in flags:
        assert f["confidence"] in ("verified", "quoted", "unconfirmed") and f["source"] and f["source_en"]
        assert f["title_zh"] and f["title_en"] and f["title_en"] != f["code"]
        if f["confidence"] == "unconfirmed":
            assert f["text_zh"].startswith("可能（未证实）") and f["text_en"].startswith(
                "Possibly (unconfirmed)"
            )
    status, zh, _ = run_cli("assess", str(case))
    assert (
        status == 0
        and "砍头息" in zh
        and "来源：" in zh
        and "可靠程度：未证实" in zh
        and "界限 12.0000%" in zh
    )
    status, en, _ = run_cli("--lang", "en", "assess", str(case))
    assert status == 0 and "Civil Code of the PRC, art. 670" in en and "confidence: verified" in en
    assert "threshold 12.0000%" in en and "in force from 2025-05-20" in en and "Not legal advice" in en


def test_the_english_report_has_no_untranslated_text(tmp_path: Path) -> None:
    """Only what the user wrote (names), the Chinese originals of sources [in brackets] and the 单利 label
    required beside a simple rate may be Chinese in the English report."""
    case = tmp_path / "flags.toml"
    case.write_text(FLAGGED, encoding="utf-8")
    for path in (case, E1):
        status, out, _ = run_cli("--lang", "en", "assess", str(path), "--schedule")
        assert status == 0
        rest = re.sub(r"\[[^\]]*\]", "", out)
        for user_text in ("王五", "张三", "某消金", "李明", "360借条", "单利"):
            rest = rest.replace(user_text, "")
        assert not CJK.findall(rest), [line for line in rest.splitlines() if CJK.search(line)]


def test_a_non_utf8_file_is_an_input_error(tmp_path: Path) -> None:
    case = tmp_path / "gbk.toml"
    case.write_bytes(E1.read_text(encoding="utf-8").encode("gbk"))
    status, out, err = run_cli("assess", str(case))
    assert status == 2 and out == "" and "UTF-8" in err and "Traceback" not in err
    status, _, err = run_cli("--lang", "en", "assess", str(case))
    assert status == 2 and "must be UTF-8" in err


def test_an_evaluation_date_off_the_calendar_is_an_input_error() -> None:
    status, out, err = run_cli("--lang", "en", "assess", str(E1), "--on", "9999-12-31")
    assert status == 2 and out == "" and "between 1900-01-01 and 2199-12-31" in err


def test_a_loan_not_started_on_the_date_is_said(tmp_path: Path) -> None:
    status, out, _ = run_cli("assess", str(E1), "--on", "2026-01-01")
    assert status == 0 and "放款日 2026-01-15 在评估日之后" in out
    status, out, _ = run_cli("assess", str(E1), "--on", "2026-01-01", "--json")
    assert json.loads(out)["debts"][0]["started"] is False


def test_the_case_cost_of_waiting_adds_up_the_debts(tmp_path: Path) -> None:
    case = tmp_path / "flags.toml"
    case.write_text(FLAGGED, encoding="utf-8")
    status, out, _ = run_cli("assess", str(case), "--json")
    doc = json.loads(out)
    for i, days in enumerate((30, 90, 180)):
        total = doc["totals"]["cost_of_waiting"][i]
        assert total["days"] == days
        for key in ("total_due", "payoff", "increase"):
            parts = sum(Decimal(d["cost_of_waiting"][i][key]) for d in doc["debts"])
            assert Decimal(total[key]) == parts
    status, out, _ = run_cli("assess", str(case))
    assert "如果一分不还" in out and doc["totals"]["cost_of_waiting"][2]["payoff"] in out


MONEY = re.compile(r"^-?\d+\.\d{2}$")
RATE = re.compile(r"^-?\d+\.\d{6}$")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DEBT_MONEY = (
    "paid_total",
    "outstanding_principal",
    "overdue_principal",
    "overdue_interest",
    "overdue_fees",
    "penalty_unpaid",
    "late_fees_unpaid",
    "total_due_now",
    "payoff_now",
    "daily_penalty_now",
)


@pytest.mark.parametrize("which", ["e1", "flags"])
def test_json_contract_names_and_formats(tmp_path: Path, which: str) -> None:
    """Every field named by spec cli.md is there, money has two decimals, rates six, dates are ISO."""
    path = E1
    if which == "flags":
        path = tmp_path / "flags.toml"
        path.write_text(FLAGGED, encoding="utf-8")
    status, out, err = run_cli("assess", str(path), "--json")
    assert status == 0 and err == ""
    doc = json.loads(out)
    assert ISO.match(doc["as_of"])
    assert set(doc["totals"]) >= {"total_due_now", "payoff_now", "outstanding_principal", "daily_penalty_now"}
    assert all(MONEY.match(v) for k, v in doc["totals"].items() if k != "cost_of_waiting")
    for debt in doc["debts"]:
        assert (
            isinstance(debt["id"], str)
            and isinstance(debt["dpd"], int)
            and isinstance(debt["in_grace"], bool)
        )
        assert debt["bucket"] in {"M0", "M1", "M2", "M3", "M4", "M5", "M6", "M7+"}
        for key in DEBT_MONEY:
            assert MONEY.match(debt[key]), (key, debt[key])
        assert RATE.match(debt["contract_apr"]["simple"]) and RATE.match(debt["contract_apr"]["compound"])
        assert debt["realised_apr"] is None or RATE.match(debt["realised_apr"])
        for row in debt["schedule"]:
            assert set(row) == {"n", "due_date", "principal", "interest", "fee", "total"}
            assert ISO.match(row["due_date"]) and isinstance(row["n"], int)
            assert all(MONEY.match(row[k]) for k in ("principal", "interest", "fee", "total"))
        for flag in debt["legal_flags"]:
            assert set(flag) >= {"code", "value", "threshold", "source", "confidence"}
            shape = RATE if flag["unit"] == "rate" else MONEY
            assert shape.match(flag["value"]) and shape.match(flag["threshold"])


def test_names_are_shown_as_written_never_as_markup(tmp_path: Path) -> None:
    case = tmp_path / "markup.toml"
    text = E1.read_text(encoding="utf-8")
    text = text.replace('lender = "360借条"', 'lender = "[/]360[bold]借条"').replace('"李明"', '"李[/b]明"')
    case.write_text(text, encoding="utf-8")
    status, out, err = run_cli("assess", str(case))
    assert status == 0, err
    assert "[/]360[bold]借条" in out and "李[/b]明" in out


BASE_DEBT = """[borrower]
name = "x"
monthly_income = "1"
monthly_essential_expenses = "1"

[[debts]]
id = "a"
lender = "L"
lender_type = "bank"
principal = "1000"
method = "equal_installment"
start_date = 2026-01-01
"""
TERMS = 'annual_rate = "0.1"\nterm_months = 3\n'
PAY = "[[debts.payments]]\ndate = {date}\namount = {amount}\n"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("zzz = 1\n" + BASE_DEBT + TERMS, "zzz"),  # unknown key, top level
        (BASE_DEBT + TERMS + "colour = 1\n", "debts[0].colour"),  # unknown key in a debt
        (BASE_DEBT.replace('principal = "1000"\n', "") + TERMS, "debts[0].principal"),  # missing key
        (BASE_DEBT + TERMS.replace("3", '"3"'), "debts[0].term_months"),  # wrong type
        (BASE_DEBT + TERMS + 'daily_rate = "0.0005"\n', "debts[0].daily_rate"),  # both rates
        (BASE_DEBT + "term_months = 3\n", "debts[0].annual_rate"),  # neither rate
        (BASE_DEBT + 'annual_rate = "0.1"\nterm_days = 30\n', "debts[0].term_days"),  # term_days, not bullet
        (
            BASE_DEBT + TERMS + 'penalty_multiplier = "1.5"\npenalty_annual_rate = "0.2"\n',
            "debts[0].penalty_annual_rate",
        ),
        (BASE_DEBT + 'annual_rate = "11"\nterm_months = 3\n', "debts[0].annual_rate"),  # rate > 10
        (BASE_DEBT + 'annual_rate = "-0.01"\nterm_months = 3\n', "debts[0].annual_rate"),  # rate < 0
        (BASE_DEBT + TERMS + PAY.format(date="2026-01-01", amount='"5"'), "debts[0].payments[0].date"),
        (BASE_DEBT + TERMS + PAY.format(date="2025-12-01", amount='"5"'), "debts[0].payments[0].date"),
        (BASE_DEBT + TERMS + PAY.format(date="2026-02-01", amount='"0"'), "debts[0].payments[0].amount"),
        (BASE_DEBT + TERMS + PAY.format(date="2026-02-01", amount='"-5"'), "debts[0].payments[0].amount"),
        (BASE_DEBT + TERMS + BASE_DEBT.split("\n\n")[1] + TERMS, "debts[1].id"),  # duplicate id
        (BASE_DEBT.replace('id = "a"', 'id = "a/b"') + TERMS, "debts[0].id"),  # bad id characters
        (BASE_DEBT.replace("2026-01-01", '"2026-02-30"') + TERMS, "debts[0].start_date"),  # bad date
        (BASE_DEBT + "[[debts]\n", "line 13, column 8"),  # TOML syntax
    ],
)
def test_every_validation_rule_exits_2_naming_the_place_in_both_languages(
    tmp_path: Path, text: str, place: str
) -> None:
    case = tmp_path / "case.toml"
    case.write_text(text, encoding="utf-8")
    status_zh, out_zh, err_zh = run_cli("assess", str(case))
    status_en, out_en, err_en = run_cli("--lang", "en", "assess", str(case))
    assert status_zh == status_en == 2 and out_zh == out_en == ""
    zh_place = place.replace("line 13, column 8", "第 13 行第 8 列")
    assert zh_place in err_zh and place in err_en and err_zh != err_en
    assert CJK.search(err_zh) and "Traceback" not in err_zh + err_en
    assert len(err_en.strip().splitlines()) == 1
