"""The budget page in a browser, on a phone-sized screen too: fill the form, save, read the statement."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}


def test_budget_on_a_phone(page: Any, make_user: Any, login: Any, url: Any, screenshot: Any) -> None:
    from xieshang.cases.models import Case
    from xieshang.cases.services import case_create, debt_add
    from xieshang.workbench import demo

    owner = make_user("budgeter")
    case = case_create(
        owner=owner,
        name="e1",
        borrower_name="李明",
        monthly_income=Decimal("5200"),
        monthly_essential_expenses=Decimal("3600"),
        as_of=date(2026, 11, 28),
    )
    debt_add(case=case, fields=dict(demo.E1_DEBT), payments=demo.E1_PAYMENTS)
    login(page, "budgeter")
    page.set_viewport_size(PHONE)
    page.goto(url("/cases/e1/"))
    page.click("button[data-menu-toggle]")  # on a phone the case's tabs are a menu
    page.click("nav.tabs a[href='/cases/e1/budget/']")
    assert page.locator("[data-figure=disposable_income]").inner_text() == "1,600.00"

    page.fill("#id_income_wages", "5000")
    page.fill("#id_expenditure_housing", "1800")
    page.fill("#id_expenditure_food_housekeeping", "2000")  # 3800 > 3600 declared
    page.click("#budget-form button[type=submit]")
    assert "超过" in page.locator("#budget-form .errorlist").first.inner_text()
    assert Case.objects.get(pk=case.pk).budget == {}

    page.fill("#id_expenditure_food_housekeeping", "1200")
    page.click("#budget-form button[type=submit]")
    page.wait_for_selector(".msg")
    assert page.locator("[data-line='expenditure.housing'] .num").first.inner_text() == "1,800.00"
    assert page.locator("[data-line='expenditure.unitemised'] .num").first.inner_text() == "600.00"
    # nothing wider than the phone's screen: the page never scrolls sideways
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(page, "budget")
    assert Case.objects.get(pk=case.pk).budget == {
        "income": {"wages": "5000"},
        "expenditure": {"housing": "1800", "food_housekeeping": "1200"},
    }
