"""The budget page: the income & expenditure statement of a case (core `plan/budget.py`) and its form."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from xieshang.cases.access import case_get_for_user
from xieshang.cases.forms_budget import BudgetForm
from xieshang.cases.services_budget import case_budget_set, case_budget_statement
from xieshang.cases.views_common import case_context
from xieshang.core.errors import XieshangError
from xieshang.core.plan.budget import UNITEMISED, BudgetLine, BudgetStatement
from xieshang.language import current_lang


def _lines(lines: tuple[BudgetLine, ...], total: Decimal, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "category": line.category,
            "label": line.label(lang),
            "amount": line.amount,
            "unitemised": line.category == UNITEMISED[0],
            "share": (line.amount / total * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            if total
            else None,
        }
        for line in lines
    ]


def statement_context(statement: BudgetStatement) -> dict[str, Any]:
    lang = current_lang()
    return {
        "statement": statement,
        "income_lines": _lines(statement.income, statement.total_income, lang),
        "expenditure_lines": _lines(statement.expenditure, statement.total_income, lang),
        "derivation": statement.derivation(lang),
        "shortfall": statement.disposable_income <= 0,
    }


@login_required
def budget(request: HttpRequest, case_name: str) -> HttpResponse:
    case = case_get_for_user(request.user, name=case_name)
    form = BudgetForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        assert form.case_file is not None
        borrower = form.case_file.borrower
        case_budget_set(
            case=case,
            monthly_income=borrower.monthly_income,
            monthly_essential_expenses=borrower.monthly_essential_expenses,
            budget_data=form.budget_data(),
        )
        messages.success(request, _("The budget is saved. The plans now start from it."))
        return redirect("case-budget", case_name=case.name)
    context: dict[str, Any] = {"form": form, "statement": None, "statement_error": ""}
    try:
        context.update(statement_context(case_budget_statement(case)))
    except XieshangError as error:
        context["statement_error"] = error.message(current_lang())
    return render(request, "cases/budget.html", case_context(case, "budget", **context))
