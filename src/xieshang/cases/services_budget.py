"""The budget of a case (income & expenditure by category, core `plan/budget.py`): validated and saved.

One validation path, as everywhere in the app: the stored case with the new totals and `[budget]` section is
turned into case-file data and parsed by `xieshang.core.casefile.parse_case_data`, so the web says exactly
what the CLI says about the same case file (`budget.expenditure.housing: 必须是非负金额 …`).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction

from xieshang.cases.casefile_io import case_data_for_case
from xieshang.cases.models import Case
from xieshang.core.casefile import CaseFile, parse_case_data
from xieshang.core.errors import InputError
from xieshang.core.plan.budget import BudgetStatement, budget_statement, budget_to_data

# Case.monthly_income / monthly_essential_expenses: 14 digits, 2 of them decimals.
_MONEY_LIMIT = Decimal(10) ** 12


def budget_case_data(
    case: Case, *, monthly_income: object, monthly_essential_expenses: object, budget_data: Mapping[str, Any]
) -> dict[str, Any]:
    """The case as case-file data, with the two declared totals and the `[budget]` section replaced
    (an empty section is left out, as a case file without `[budget]`)."""
    data = case_data_for_case(case)
    borrower = dict(data["borrower"])
    borrower["monthly_income"] = monthly_income
    borrower["monthly_essential_expenses"] = monthly_essential_expenses
    data["borrower"] = borrower
    data.pop("budget", None)
    if budget_data:
        data["budget"] = dict(budget_data)
    return data


def budget_check(
    case: Case, *, monthly_income: object, monthly_essential_expenses: object, budget_data: Mapping[str, Any]
) -> CaseFile:
    """Parse the case with these totals and this budget; raises the parser's `CaseFileError` if invalid."""
    case_file = parse_case_data(
        budget_case_data(
            case,
            monthly_income=monthly_income,
            monthly_essential_expenses=monthly_essential_expenses,
            budget_data=budget_data,
        )
    )
    for place, value in (
        ("borrower.monthly_income", case_file.borrower.monthly_income),
        ("borrower.monthly_essential_expenses", case_file.borrower.monthly_essential_expenses),
    ):
        if value >= _MONEY_LIMIT:
            raise InputError(
                f"{place}：金额过大，无法保存",
                f"{place}: the amount is too large to be stored",
                data={"place": place},
            )
    return case_file


@transaction.atomic
def case_budget_set(
    *,
    case: Case,
    monthly_income: Decimal,
    monthly_essential_expenses: Decimal,
    budget_data: Mapping[str, Any],
) -> Case:
    """Set the two declared totals and the `[budget]` section (case-file data: amounts as strings).

    Checked by the case-file parser first: an invalid budget raises `CaseFileError`/`InputError` and writes
    nothing. The section is stored as the parser reads it back (`budget_to_data`: normalised amounts)."""
    case_file = budget_check(
        case,
        monthly_income=str(monthly_income),
        monthly_essential_expenses=str(monthly_essential_expenses),
        budget_data=budget_data,
    )
    locked = Case.objects.select_for_update().get(pk=case.pk)
    locked.monthly_income = case_file.borrower.monthly_income
    locked.monthly_essential_expenses = case_file.borrower.monthly_essential_expenses
    locked.budget = budget_to_data(case_file.budget) if case_file.budget else {}
    locked.save(update_fields=["monthly_income", "monthly_essential_expenses", "budget", "updated_at"])
    case.monthly_income = locked.monthly_income
    case.monthly_essential_expenses = locked.monthly_essential_expenses
    case.budget = locked.budget
    return case


def case_budget_statement(case: Case) -> BudgetStatement:
    """The stored case's statement (raises the parser's error if the stored case cannot be read)."""
    from xieshang.cases.casefile_io import case_file_for_case

    case_file = case_file_for_case(case)
    borrower = case_file.borrower
    return budget_statement(
        borrower.monthly_income, borrower.monthly_essential_expenses, case_file.budget, borrower.dependents
    )
