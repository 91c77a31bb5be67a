"""Issue 19's smaller items in a real browser, at 1280×800 and 390×844: English counts of one in the singular,
Chinese that says 您 throughout, money with thousands separators, an offer to a lender that is not one of the
debts (its name field shown with that choice), and the record number the agreement form asks for, taken
from the Search page. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e

UNGROUPED = re.compile(r"(?<![\d,.])\d{4,}\.\d{2}(?![\d.])")
ONE_PLURAL = re.compile(r"(?<![\d.,])1 (contacts|agreements|debts|offers|payments|days|months)\b|\(s\)")
SIZES = [pytest.param(DESKTOP, id="desktop"), pytest.param(PHONE, id="phone")]


@pytest.fixture
def case(make_user: Any, tmp_path: Path) -> Any:
    """E1 (20,000 borrowed) with one SMS backup, one contact, one offer of 12,345.67 and one agreement."""
    from tests.fixtures.formats import write_sms_backup
    from xieshang.cases.services import case_create, debt_add
    from xieshang.evidence.services import evidence_import
    from xieshang.negotiation import services as neg
    from xieshang.workbench import demo

    owner = make_user("wording")
    case = case_create(
        owner=owner,
        name="e1",
        borrower_name="李明",
        monthly_income=Decimal("5200"),
        monthly_essential_expenses=Decimal("3600"),
        hardships=["unemployment"],
        as_of=date(2026, 11, 28),
    )
    debt = debt_add(case=case, fields=dict(demo.E1_DEBT), payments=demo.E1_PAYMENTS)
    evidence_import(case=case, paths=[write_sms_backup(tmp_path / "sms-1.xml")], user=owner)
    neg.contact_record(
        case=case,
        channel="phone",
        occurred_at=datetime(2026, 11, 20, 2, 0, tzinfo=UTC),
        said="说明失业",
        debt=debt,
        person="王女士",
        staff_number="A1024",
    )
    neg.offer_record(
        case=case,
        proposed_by="borrower",
        proposed_on=date(2026, 11, 21),
        kind="installments",
        debt=debt,
        amount=Decimal("12345.67"),
        months=12,
        first_due_date=date(2026, 12, 28),
        today=date(2026, 11, 28),
    )
    neg.agreement_record(
        case=case,
        agreed_on=date(2026, 11, 22),
        kind="installments",
        amount=Decimal("10000"),
        first_due_date=date(2026, 11, 25),
        months=6,
        debt=debt,
    )
    return case


def _english(page: Any, url: Any) -> None:
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": url("/")}])


@pytest.mark.parametrize("size", SIZES)
def test_english_counts_of_one_are_singular(
    page: Any, case: Any, login: Any, url: Any, screenshot: Any, size: dict[str, int]
) -> None:
    login(page, "wording")
    _english(page, url)
    page.set_viewport_size(size)
    page.goto(url("/cases/e1/"))
    text = " ".join((page.locator("main").text_content() or "").split())  # also the steps folded on a phone
    assert "1 contact logged" in text and "1 agreement:" in text and "1 debt entered" in text
    assert ONE_PLURAL.findall(text) == []
    page.goto(url("/cases/e1/agreement/"))
    assert ONE_PLURAL.findall(" ".join((page.locator("main").text_content() or "").split())) == []
    if size == DESKTOP:
        page.goto(url("/cases/e1/"))
        screenshot(page, "issue19-plurals-en")


@pytest.mark.parametrize("size", SIZES)
def test_chinese_pages_say_nin(
    page: Any, case: Any, login: Any, url: Any, screenshot: Any, size: dict[str, int]
) -> None:
    page.set_viewport_size(size)
    page.goto(url("/accounts/login/"))
    assert "您" in page.locator("body").inner_text()
    login(page, "wording")
    page.set_viewport_size(size)
    for path in ("/", "/cases/e1/", "/cases/e1/contacts/", "/cases/e1/offers/", "/cases/e1/plans/"):
        page.goto(url(path))
        text = page.locator("body").inner_text()
        assert "你" not in text, path
    page.goto(url("/cases/e1/offers/"))
    assert "您" in page.locator("body").inner_text()
    if size == DESKTOP:
        screenshot(page, "issue19-address-zh")


@pytest.mark.parametrize("size", SIZES)
def test_money_is_grouped_on_the_pages_and_plain_in_the_inputs(
    page: Any, case: Any, login: Any, url: Any, screenshot: Any, size: dict[str, int]
) -> None:
    login(page, "wording")
    page.set_viewport_size(size)
    for path in ("/", "/cases/e1/", "/cases/e1/assessment/", "/cases/e1/plans/", "/cases/e1/budget/"):
        page.goto(url(path))
        assert UNGROUPED.findall(page.locator("main").inner_text()) == [], path
    page.goto(url("/cases/e1/offers/"))
    offers = page.locator("table.neg-table").inner_text()
    assert "12,345.67" in offers and UNGROUPED.findall(offers) == []
    page.goto(url("/cases/e1/agreement/"))
    agreement = " ".join((page.locator("main").text_content() or "").split())  # the schedule folds on a phone
    assert "10,000.00" in agreement and "1,666.67" in agreement
    assert UNGROUPED.findall(agreement) == []
    # what a form sends back stays plain digits
    assert page.locator("input[name=amount]").first.input_value() == "1666.67"
    if size == DESKTOP:
        screenshot(page, "issue19-separators-agreement")
        page.goto(url("/cases/e1/offers/"))
        screenshot(page, "issue19-separators-offers")


@pytest.mark.parametrize("size", SIZES)
def test_an_offer_to_another_lender_names_it(
    page: Any, case: Any, login: Any, url: Any, screenshot: Any, size: dict[str, int]
) -> None:
    from xieshang.negotiation.models import Offer

    login(page, "wording")
    page.set_viewport_size(size)
    page.goto(url("/cases/e1/offers/"))
    lender = page.locator("#id_lender")
    assert page.locator("#id_debt option").first.inner_text().startswith("— 其他平台")
    assert lender.is_visible()  # the "other lender" choice is the default: its name field is shown
    page.select_option("#id_debt", index=1)
    assert not lender.is_visible()  # one of the case's debts: no name needed
    page.select_option("#id_debt", index=0)
    assert lender.is_visible()
    lender.fill("招联金融")
    page.select_option("#id_kind", "installments")
    page.fill("#id_amount", "8000")
    page.fill("#id_months", "10")
    page.fill("#id_annual_rate_percent", "0")
    page.fill("#id_first_due_date", "2026-12-20")
    if size == DESKTOP:  # the fixture saves both sizes
        screenshot(page, "issue19-other-lender-form")
    page.set_viewport_size(size)
    page.click("#new-offer button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    offer = Offer.objects.get(lender="招联金融")
    assert offer.debt is None
    row = page.locator(f"#offer-{offer.pk}")
    assert "招联金融" in row.inner_text() and "8,000.00" in row.inner_text()
    if size == DESKTOP:  # the fixture saves both sizes
        screenshot(page, "issue19-other-lender-listed")
    # the contact and agreement forms name another lender the same way
    for path in ("/cases/e1/contacts/", "/cases/e1/agreement/"):
        page.set_viewport_size(size)
        page.goto(url(path))
        assert page.locator("#id_lender").is_visible(), path
        page.select_option("#id_debt", index=1)
        assert not page.locator("#id_lender").is_visible(), path


@pytest.mark.parametrize("size", SIZES)
def test_the_search_page_gives_the_record_number_to_the_agreement_form(
    page: Any, case: Any, login: Any, url: Any, screenshot: Any, size: dict[str, int]
) -> None:
    from xieshang.evidence.models import EvidenceRecord

    login(page, "wording")
    page.set_viewport_size(size)
    page.goto(url("/cases/e1/search/?q=律师"))
    number = page.locator("code.record-id").first
    assert number.is_visible()
    record_id = int(number.inner_text())
    assert EvidenceRecord.objects.filter(case=case, pk=record_id, text__contains="律师").exists()
    assert "编号" in page.locator(".hit-meta").first.inner_text()
    if size == DESKTOP:  # the fixture saves both sizes
        screenshot(page, "issue19-search-number")
    page.set_viewport_size(size)
    page.locator("a.use-as-confirmation").first.click()
    page.wait_for_load_state("domcontentloaded")
    assert "/cases/e1/agreement/" in page.url
    field = page.locator("#new-agreement input[name=confirmation_record]")
    assert field.input_value() == str(record_id)
    assert "搜索" in page.locator("#new-agreement").inner_text()  # the help says where the number is
