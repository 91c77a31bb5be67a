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
    assert s.derivation("zh") == "可支配收入 = 月收入 5200.00 − 必要支出 3600.00 = 每月 1600.00"
    assert "1600.00" in s.derivation("en")


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
