"""The budget page /cases/<name>/budget/: the statement, the form judged by the case-file parser, access."""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from xieshang.cases.casefile_io import case_export_text, case_file_for_case
from xieshang.cases.models import Case
from xieshang.core.casefile import CaseFileError, parse_case_data, parse_case_text
from xieshang.core.plan.budget import Budget, budget_statement

pytestmark = pytest.mark.django_db


def url(case: Case) -> str:
    return reverse("case-budget", kwargs={"case_name": case.name})


def form_data(**values: str) -> dict[str, str]:
    data = {"monthly_income": "5200", "monthly_essential_expenses": "3600", "note": ""}
    data.update(values)
    return data


def parser_message(budget: dict[str, Any], income: str = "5200", expenses: str = "3600") -> str:
    """What the case-file parser says about this [budget] in a case file of its own (the CLI's words)."""
    data = {
        "borrower": {"name": "x", "monthly_income": income, "monthly_essential_expenses": expenses},
        "budget": budget,
        "debts": [],
    }
    with pytest.raises(CaseFileError) as info:
        parse_case_data(data)
    return info.value.message("zh")


def test_get_shows_the_e1_statement(e1_case: Case, owner_client: Client) -> None:
    response = owner_client.get(url(e1_case))
    assert response.status_code == 200
    html = response.content.decode()
    disposable = Decimal("5200") - Decimal("3600")
    assert f'data-figure="disposable_income">{disposable:,.2f}<' in html
    assert 'data-figure="total_income">5,200.00<' in html
    assert 'data-figure="total_expenditure">3,600.00<' in html
    # how it was derived, in the core's own words and figures
    assert "可支配收入 = 月收入 5,200.00 − 必要支出 3,600.00 = 每月 1,600.00" in html
    # nothing itemised: both totals stand as the "not itemised" remainder
    assert 'data-line="income.unitemised"' in html and 'data-line="expenditure.unitemised"' in html
    assert "未分项部分" in html
    assert reverse("case-plans", kwargs={"case_name": e1_case.name}) in html
    assert 'href="/cases/e1/budget/" aria-current="page"' in html
    assert 'name="expenditure_housing"' in html and 'name="income_wages"' in html


@pytest.mark.postgres
def test_post_itemised_budget_saves_and_changes_the_plans_disposable_income(
    e1_case: Case, owner_client: Client
) -> None:
    from xieshang.cases.figures import case_plans

    before = case_plans(e1_case).result.statement.disposable_income
    response = owner_client.post(
        url(e1_case),
        form_data(
            monthly_income="6000",
            monthly_essential_expenses="3900.50",
            income_wages="5000",
            income_benefits="500.00",
            expenditure_housing="1800",
            expenditure_food_housekeeping="1200.5",
            expenditure_transport="300",
            note="房租明年上涨",
        ),
    )
    assert response.status_code == 302 and response["Location"] == url(e1_case)
    case = Case.objects.get(pk=e1_case.pk)
    assert case.monthly_income == Decimal("6000") and case.monthly_essential_expenses == Decimal("3900.50")
    case_file = case_file_for_case(case)
    assert case_file.budget == Budget(
        income=(("wages", Decimal("5000")), ("benefits", Decimal("500"))),
        expenditure=(
            ("housing", Decimal("1800")),
            ("food_housekeeping", Decimal("1200.50")),
            ("transport", Decimal("300")),
        ),
        note="房租明年上涨",
    )
    statement = budget_statement(
        case_file.borrower.monthly_income, case_file.borrower.monthly_essential_expenses, case_file.budget
    )
    assert statement.disposable_income == Decimal("2099.50") != before
    assert [(line.category, line.amount) for line in statement.income] == [
        ("wages", Decimal("5000")),
        ("benefits", Decimal("500")),
        ("unitemised", Decimal("500")),
    ]
    assert case_plans(case).result.statement.disposable_income == Decimal("2099.50")

    page = owner_client.get(url(case)).content.decode()
    assert 'data-figure="disposable_income">2,099.50<' in page
    assert 'data-line="expenditure.housing"' in page and "房租明年上涨" in page
    assert 'value="1800"' in page  # the form shows what is stored
    # the export carries the [budget] section and reads back the same
    assert parse_case_text(case_export_text(case)).budget == case_file.budget


def test_clearing_the_items_removes_the_budget_section(e1_case: Case, owner_client: Client) -> None:
    owner_client.post(url(e1_case), form_data(expenditure_housing="1000"))
    assert Case.objects.get(pk=e1_case.pk).budget == {"expenditure": {"housing": "1000"}}
    owner_client.post(url(e1_case), form_data())
    case = Case.objects.get(pk=e1_case.pk)
    assert case.budget == {} and case_file_for_case(case).budget is None


INVALID = [
    ({"expenditure_housing": "-5"}, {"expenditure": {"housing": "-5"}}, "expenditure_housing"),
    ({"income_wages": "很多"}, {"income": {"wages": "很多"}}, "income_wages"),
    ({"expenditure_health": "12.345"}, {"expenditure": {"health": "12.345"}}, "expenditure_health"),
    (
        {"expenditure_housing": "2000", "expenditure_food_housekeeping": "1600.01"},
        {"expenditure": {"housing": "2000", "food_housekeeping": "1600.01"}},
        "monthly_essential_expenses",
    ),
    ({"income_wages": "5200.01"}, {"income": {"wages": "5200.01"}}, "monthly_income"),
]


@pytest.mark.postgres
@pytest.mark.parametrize(("values", "budget", "field"), INVALID)
def test_invalid_input_shows_the_parsers_error_and_writes_nothing(
    e1_case: Case, owner_client: Client, values: dict[str, str], budget: dict[str, Any], field: str
) -> None:
    response = owner_client.post(url(e1_case), form_data(**values))
    assert response.status_code == 200
    # the parser's own words (one source of rules) next to the field, no internal place in them
    place, problem = parser_message(budget).split(": ", 1)
    (shown,) = response.context["form"].errors[field]
    assert problem.split(" borrower.")[0] in shown and "budget." not in shown and "borrower." not in shown
    assert shown in html.unescape(response.content.decode())  # a quote is &quot; or &#34; in the page
    case = Case.objects.get(pk=e1_case.pk)
    assert case.budget == {} and case.monthly_income == Decimal("5200")


def test_a_nonsense_total_is_the_parsers_error_on_that_field(e1_case: Case, owner_client: Client) -> None:
    response = owner_client.post(url(e1_case), form_data(monthly_income="lots", income_wages="100"))
    data = {
        "borrower": {"name": "x", "monthly_income": "lots", "monthly_essential_expenses": "3600"},
        "debts": [],
    }
    with pytest.raises(CaseFileError) as info:
        parse_case_data(data)
    (shown,) = response.context["form"].errors["monthly_income"]
    assert info.value.message("zh").split(": ", 1)[1] in shown and "borrower." not in shown
    assert Case.objects.get(pk=e1_case.pk).monthly_income == Decimal("5200")


def test_english_page_uses_english_labels_and_messages(e1_case: Case, owner_client: Client) -> None:
    response = owner_client.post(url(e1_case), form_data(expenditure_housing="-1"), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert "Housing (rent, mortgage, service charges)" in html
    assert "must be a non-negative amount" in html and "budget.expenditure.housing" not in html
    assert "Disposable income = monthly income 5,200.00 − essential expenses 3,600.00 = 1,600.00" in html


def test_income_below_expenses_says_no_plan_fits(e1_case: Case, owner_client: Client) -> None:
    owner_client.post(url(e1_case), form_data(monthly_income="3000"))
    html = owner_client.get(url(e1_case)).content.decode()
    assert 'data-figure="disposable_income">-600.00<' in html
    assert "停息挂账" in html


def test_another_user_gets_404_and_changes_nothing(e1_case: Case, other_client: Client) -> None:
    assert other_client.get(url(e1_case)).status_code == 404
    response = other_client.post(url(e1_case), form_data(monthly_income="9999", income_wages="100"))
    assert response.status_code == 404
    case = Case.objects.get(pk=e1_case.pk)
    assert case.monthly_income == Decimal("5200") and case.budget == {}


def test_anonymous_users_are_sent_to_log_in(e1_case: Case) -> None:
    client = Client()
    for response in (client.get(url(e1_case)), client.post(url(e1_case), form_data(income_wages="1"))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    assert Case.objects.get(pk=e1_case.pk).budget == {}


def test_the_service_checks_with_the_parser_and_writes_nothing_when_invalid(e1_case: Case) -> None:
    from xieshang.cases.services_budget import case_budget_set

    with pytest.raises(CaseFileError) as info:
        case_budget_set(
            case=e1_case,
            monthly_income=Decimal("5200"),
            monthly_essential_expenses=Decimal("3600"),
            budget_data={"expenditure": {"housing": "3000", "health": "700"}},
        )
    assert info.value.place == "budget.expenditure"
    assert Case.objects.get(pk=e1_case.pk).budget == {}
    case_budget_set(
        case=e1_case,
        monthly_income=Decimal("5200"),
        monthly_essential_expenses=Decimal("3600"),
        budget_data={"expenditure": {"housing": "3000.00", "health": "600"}},
    )
    assert Case.objects.get(pk=e1_case.pk).budget == {"expenditure": {"housing": "3000", "health": "600"}}
