"""The income & expenditure statement: the declared totals rule, the [budget] section breaks them down."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xieshang.core.casefile_fields import CaseFileError, Fields
from xieshang.core.plan.budget import Budget, budget_statement, budget_to_data, read_budget_section

D = Decimal


def test_without_a_budget_the_two_numbers_are_the_statement() -> None:
    s = budget_statement(D("5200.00"), D("3600.00"))
    assert s.disposable_income == D("1600.00") and not s.itemised
    assert [line.category for line in s.income] == ["unitemised"]
    assert s.derivation("zh") == "可支配收入 = 月收入 5,200.00 − 必要支出 3,600.00 = 每月 1,600.00"
    assert "1,600.00" in s.derivation("en")


def test_itemised_budget_with_a_remainder() -> None:
    budget = read_budget_section(
        Fields(
            {
                "budget": {
                    "income": {"wages": "5000", "benefits": "200"},
                    "expenditure": {"housing": "1500", "food_housekeeping": "1200.50"},
                    "note": "房租与父母分摊",
                }
            },
            "",
        )
    )
    assert budget is not None
    s = budget_statement(D("5200.00"), D("3600.00"), budget, dependents=1)
    assert [(x.category, x.amount) for x in s.income] == [("wages", D("5000")), ("benefits", D("200"))]
    assert s.expenditure[-1].category == "unitemised" and s.expenditure[-1].amount == D("899.50")
    assert sum(x.amount for x in s.expenditure) == s.total_expenditure == D("3600.00")
    assert s.as_json()["disposable_income"] == "1600.00"
    assert read_budget_section(Fields({"budget": budget_to_data(budget)}, "")) == budget


def test_items_above_the_declared_total_are_an_error_naming_the_place() -> None:
    budget = Budget(expenditure=(("housing", D("4000")),))
    with pytest.raises(CaseFileError) as exc:
        budget_statement(D("5200"), D("3600"), budget)
    assert "budget.expenditure" in exc.value.message_en and "3600.00" in exc.value.message_en


def test_unknown_categories_are_typos() -> None:
    with pytest.raises(CaseFileError, match=r"budget\.expenditure\.rentt"):
        read_budget_section(Fields({"budget": {"expenditure": {"rentt": "1"}}}, ""))
    with pytest.raises(CaseFileError):
        read_budget_section(Fields({"budget": {"income": {"wages": "-5"}}}, ""))


def test_negative_disposable_income_is_explained() -> None:
    s = budget_statement(D("3000"), D("3600"))
    assert s.disposable_income == D("-600") and "不够" in s.derivation("zh")


BUDGET_SECTION = """
[budget]
note = "与父母同住"
[budget.income]
wages = "5000.00"
[budget.expenditure]
housing = "1200.00"
food_housekeeping = "1500.00"
"""


def _e1_text() -> str:
    from pathlib import Path

    return (Path(__file__).resolve().parents[2] / "fixtures" / "cases" / "e1_case.toml").read_text(
        encoding="utf-8"
    )


def test_case_file_budget_section_parses_and_round_trips() -> None:
    from xieshang.core.casefile import case_file_to_data, parse_case_data, parse_case_text

    text = _e1_text().replace("[[debts]]", BUDGET_SECTION + "\n[[debts]]", 1)
    case = parse_case_text(text)
    assert case.budget is not None and case.budget.note == "与父母同住"
    assert dict(case.budget.expenditure) == {"housing": D("1200.00"), "food_housekeeping": D("1500.00")}
    assert parse_case_data(case_file_to_data(case)) == case
    assert parse_case_text(_e1_text()).budget is None


def test_case_file_budget_above_the_declared_total_is_rejected_at_reading() -> None:
    from xieshang.core.casefile import parse_case_text

    text = _e1_text().replace("[[debts]]", '[budget.expenditure]\nhousing = "4000"\n\n[[debts]]', 1)
    with pytest.raises(CaseFileError, match="budget.expenditure"):
        parse_case_text(text)
