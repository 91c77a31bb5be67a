"""Case files: every spec rule, errors naming the exact place in zh and en, export → import round-trip."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import tomli_w

from xieshang.core.casefile import (
    CaseFile,
    CaseFileError,
    case_file_to_data,
    parse_case_data,
    parse_case_text,
)

DEBT = """
[[debts]]
id = "a"
lender = "L"
lender_type = "bank"
principal = "1000.00"
annual_rate = "0.12"
method = "equal_installment"
term_months = 6
start_date = 2026-01-31
"""
HEAD = """
[borrower]
name = "张三"
monthly_income = "5000"
monthly_essential_expenses = "3000"
"""


def parse(extra_debt: str = "", head: str = HEAD, debt: str = DEBT) -> CaseFile:
    return parse_case_text(head + debt + extra_debt)


def test_e1_is_read_exactly(e1: CaseFile) -> None:
    debt = e1.debts[0]
    assert e1.as_of == date(2026, 11, 28)
    assert debt.annual_rate == Decimal("0.18") and debt.daily_rate == Decimal("0.0005")
    assert debt.penalty_annual_rate == Decimal("0.27") and debt.penalty_multiplier == Decimal("1.5")
    assert len(debt.payments) == 6 and debt.payments[0].amount == Decimal("1833.60")
    assert e1.borrower.hardships == ("unemployment",)


def test_defaults() -> None:
    debt = parse().debts[0]
    assert (debt.day_basis, debt.grace_days, debt.penalty_base, debt.acceleration_after_days) == (
        360,
        0,
        "installment",
        0,
    )
    assert debt.penalty_multiplier == Decimal("1.5") and debt.penalty_annual_rate == Decimal("0.18")
    assert debt.upfront_fee == 0 and debt.payments == ()


def test_zero_debts_is_a_case() -> None:
    assert parse(debt="").debts == ()


@pytest.mark.parametrize(
    ("line", "place", "en"),
    [
        (
            'principal = "-5"',
            "debts[0].principal",
            'must be a positive amount (at most 2 decimals), got "-5"',
        ),
        ('principal = "abc"', "debts[0].principal", "must be a positive amount"),
        ('principal = "1.005"', "debts[0].principal", "at most 2 decimals"),
        ("annual_rate = 11", "debts[0].annual_rate", "between 0 and 10"),
        ('annual_rate = "-0.1"', "debts[0].annual_rate", "between 0 and 10"),
        ('method = "balloon"', "debts[0].method", "must be one of"),
        ('lender_type = "shark"', "debts[0].lender_type", "must be one of"),
        ("term_months = 0", "debts[0].term_months", "between 1 and 600"),
        ('term_months = "6"', "debts[0].term_months", "must be an integer"),
        ("grace_days = true", "debts[0].grace_days", "must be an integer"),
        ("day_basis = 366", "debts[0].day_basis", "one of: 360 | 365"),
        ('start_date = "2026/01/31"', "debts[0].start_date", "must be a date"),
        ('id = "a b"', "debts[0].id", "must match"),
        ('upfront_fee = "1000"', "debts[0].upfront_fee", "less than the principal"),
        ('colour = "red"', "debts[0].colour", "unknown key"),
    ],
)
def test_bad_debt_values_name_their_place(line: str, place: str, en: str) -> None:
    key = line.split(" = ")[0]
    debt = "\n".join(row for row in DEBT.splitlines() if not row.startswith(key + " ")) + "\n" + line + "\n"
    with pytest.raises(CaseFileError) as info:
        parse(debt=debt)
    assert info.value.place == place
    assert info.value.message_en.startswith(place + ": ") and en in info.value.message_en
    assert info.value.message_zh.startswith(place + ": ") and info.value.message_zh != info.value.message_en
    assert info.value.exit_status == 2


def test_placed_message_matches_the_spec_example() -> None:
    debt = DEBT.replace('principal = "1000.00"', 'principal = "-5"')
    with pytest.raises(CaseFileError) as info:
        parse(debt=debt)
    assert info.value.message_zh.startswith("debts[0].principal: 必须是正数金额")
    assert info.value.message_zh.endswith('"-5"')


@pytest.mark.parametrize(
    ("extra", "place"),
    [
        ('daily_rate = "0.0005"', "debts[0].daily_rate"),  # both rates
        ("term_days = 30", "debts[0].term_days"),  # both terms
        ('penalty_multiplier = "1.5"\npenalty_annual_rate = "0.2"', "debts[0].penalty_annual_rate"),
        ('[[debts.payments]]\ndate = 2026-01-31\namount = "10"', "debts[0].payments[0].date"),
        ('[[debts.payments]]\ndate = 2026-02-01\namount = "0"', "debts[0].payments[0].amount"),
        ('[[debts.payments]]\ndate = 2026-02-01\namount = "5"\nnote = "x"', "debts[0].payments[0].note"),
        ('[[debts.payments]]\namount = "5"', "debts[0].payments[0].date"),
    ],
)
def test_combinations_and_payments(extra: str, place: str) -> None:
    with pytest.raises(CaseFileError) as info:
        parse(extra_debt=extra)
    assert info.value.place == place


def test_missing_and_duplicate() -> None:
    with pytest.raises(CaseFileError) as info:
        parse(debt=DEBT.replace('annual_rate = "0.12"\n', ""))
    assert info.value.place == "debts[0].annual_rate" and "missing" in info.value.message_en
    with pytest.raises(CaseFileError) as info:
        parse(debt=DEBT + DEBT)
    assert info.value.place == "debts[1].id" and "duplicate" in info.value.message_en
    with pytest.raises(CaseFileError) as info:
        parse(head="")
    assert info.value.place == "borrower"
    with pytest.raises(CaseFileError) as info:
        parse_case_text(HEAD + "colour = 1\n")
    assert info.value.place == "borrower.colour"
    with pytest.raises(CaseFileError) as info:
        parse_case_text("surprise = 1\n" + HEAD)
    assert info.value.place == "surprise"


def test_term_days_only_with_bullet() -> None:
    debt = DEBT.replace("term_months = 6", "term_days = 30")
    with pytest.raises(CaseFileError) as info:
        parse(debt=debt)
    assert info.value.place == "debts[0].term_days"
    bullet = parse(debt=debt.replace("equal_installment", "bullet")).debts[0]
    assert bullet.term_days == 30 and bullet.term_months is None


def test_bad_toml_names_line_and_column() -> None:
    with pytest.raises(CaseFileError) as info:
        parse_case_text(HEAD + "[[debts]\n")
    assert "line" in info.value.message_en and "TOML" in info.value.message_en


def test_floats_are_read_exactly() -> None:
    debt = parse(debt=DEBT.replace('annual_rate = "0.12"', "annual_rate = 0.1")).debts[0]
    assert debt.annual_rate == Decimal("0.1")


def test_export_import_round_trip(e1: CaseFile) -> None:
    explicit = parse(debt=DEBT + 'penalty_annual_rate = "0.24"\n')
    for case in (e1, explicit, parse(debt="")):
        data = case_file_to_data(case)
        assert parse_case_data(data) == case
        assert parse_case_text(tomli_w.dumps(data)) == case
    assert "daily_rate" in case_file_to_data(e1)["debts"][0]
    assert "penalty_annual_rate" in case_file_to_data(explicit)["debts"][0]
    assert explicit.debts[0].penalty_multiplier is None


def test_data_form_accepts_iso_strings_and_numbers() -> None:
    data = case_file_to_data(parse())
    data["debts"][0]["start_date"] = "2026-01-31"
    data["debts"][0]["principal"] = 1000
    assert parse_case_data(data) == parse()


@pytest.mark.parametrize(
    ("line", "place", "en", "zh"),
    [
        ('principal = "1e30"', "debts[0].principal", "too large", "金额过大"),
        ('principal = "1000000000000.01"', "debts[0].principal", "too large", "金额过大"),
        ("start_date = 9990-01-01", "debts[0].start_date", "between 1900-01-01 and 2199-12-31", "1900-01-01"),
        ("start_date = 0001-01-01", "debts[0].start_date", "between 1900-01-01", "2199-12-31"),
    ],
)
def test_absurd_amounts_and_dates_are_input_errors(line: str, place: str, en: str, zh: str) -> None:
    key = line.split(" = ")[0]
    debt = "\n".join(row for row in DEBT.splitlines() if not row.startswith(key + " ")) + "\n" + line + "\n"
    with pytest.raises(CaseFileError) as info:
        parse(debt=debt)
    assert info.value.place == place and en in info.value.message_en and zh in info.value.message_zh


def test_the_largest_amount_and_the_calendar_edges_are_accepted() -> None:
    debt = DEBT.replace('principal = "1000.00"', 'principal = "1000000000000"').replace(
        "start_date = 2026-01-31", "start_date = 2199-12-31"
    )
    assert parse(debt=debt).debts[0].principal == Decimal("1000000000000")


def test_a_derived_penalty_rate_may_exceed_ten() -> None:
    """The 0..10 limit guards the rates *written* in the file (a typo like 18 for 0.18); the penalty rate
    derived from a lawful annual rate × the default multiplier is a calculation, not an input."""
    debt = parse(debt=DEBT.replace('annual_rate = "0.12"', 'annual_rate = "8"')).debts[0]
    assert debt.penalty_annual_rate == Decimal("12.0")
    data = case_file_to_data(parse(debt=DEBT.replace('annual_rate = "0.12"', 'annual_rate = "8"')))
    assert parse_case_data(data).debts[0] == debt


@pytest.mark.parametrize(
    ("text", "place_en", "place_zh"),
    [
        (HEAD + "[[debts]\n", "line 6, column 8", "第 6 行第 8 列"),
        ('[borrower]\nname = "x\n', "line 2, column 10", "第 2 行第 10 列"),
        ('a = "x', "end of file", "文件末尾"),
    ],
)
def test_toml_syntax_errors_name_line_and_column_in_both_languages(
    text: str, place_en: str, place_zh: str
) -> None:
    with pytest.raises(CaseFileError) as info:
        parse_case_text(text)
    assert info.value.message_en.startswith(place_en + ": TOML syntax error")
    assert info.value.message_zh.startswith(place_zh + "：TOML 语法错误")
    assert info.value.exit_status == 2


def test_minus_zero_is_read_as_zero() -> None:
    debt = parse(debt=DEBT + 'upfront_fee = "-0"\nlate_fee_fixed = "-0.00"\n').debts[0]
    assert str(debt.upfront_fee) == "0.00" and str(debt.late_fee_fixed) == "0.00"
