"""In a real browser: record a contact, an offer, a counter-offer accepted into an agreement, mark a payment;
the tone helper highlights a harsh draft; another user is refused. Screenshots of every negotiation page."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e


def _case(owner: Any) -> Any:
    from xieshang.cases.services import case_create, debt_add
    from xieshang.workbench import demo

    case = case_create(
        owner=owner,
        name="e2e-neg",
        borrower_name="李明",
        monthly_income=Decimal("5200.00"),
        monthly_essential_expenses=Decimal("3600.00"),
        hardships=["unemployment"],
    )
    debt_add(case=case, fields=dict(demo.E1_DEBT), payments=demo.E1_PAYMENTS)
    return case


def test_contact_offer_agreement_payment(
    page: Any, make_user: Any, login: Any, url: Any, screenshot: Any
) -> None:
    from xieshang.negotiation.models import AgreedPayment, Agreement, Contact, Offer

    owner = make_user("neg-owner")
    case = _case(owner)
    base = f"/cases/{case.name}"
    login(page, "neg-owner")

    # 1. the contact log
    page.goto(url(f"{base}/contacts/"))
    assert page.locator("h1").first.inner_text() == "联系记录"
    page.select_option("#id_debt", index=1)
    page.select_option("#id_channel", "phone")
    page.fill("#id_occurred_at", "2026-11-28T10:30")
    page.fill("#id_person", "王女士")
    page.fill("#id_staff_number", "A1024")
    page.fill("#id_said", "说明失业情况，请求停息分期 12 期")
    page.fill("#id_promise", "三个工作日内回电")
    page.select_option("#id_promise_by", "lender")
    page.fill("#id_promise_due", "2026-12-02")
    page.fill("#id_follow_up_on", "2026-12-03")
    page.click("#new-contact button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    entry = page.locator(".neg-entry").first
    assert "王女士" in entry.inner_text() and "A1024" in entry.inner_text()
    assert Contact.objects.get().staff_number == "A1024"
    screenshot(page, "negotiation-contacts")

    # 2. our offer, then the lender's counter-offer, accepted
    page.goto(url(f"{base}/offers/"))
    page.select_option("#id_debt", index=1)
    page.select_option("#id_kind", "installments")
    page.fill("#id_amount", "10920.72")
    page.fill("#id_months", "12")
    page.fill("#id_annual_rate_percent", "0")
    page.fill("#id_first_due_date", "2026-12-28")
    page.click("#new-offer button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    assert "910.06" in page.locator("table.neg-table").inner_text()
    page.click("a[href*='?counter=']")
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("#id_proposed_by").input_value() == "lender"
    page.fill("#id_months", "6")
    page.click("#new-offer button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    assert Offer.objects.filter(status="countered").count() == 1
    screenshot(page, "negotiation-offers")
    page.click("button[name=action][value=accept]")
    page.wait_for_load_state("domcontentloaded")
    assert "?offer=" in page.url

    # 3. the agreement, prefilled from the accepted offer
    assert page.locator("#id_amount").input_value() == "10920.72"
    assert page.locator("#id_months").input_value() == "6"
    page.fill("#id_confirmation_note", "95xxx 短信确认")
    page.click("#new-agreement button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    agreement = Agreement.objects.get()
    assert agreement.payments.count() == 6
    assert "1,820.12" in page.locator(".neg-agreement").inner_text()

    # 4. mark the first payment as paid, with its proof
    first = agreement.payments.get(n=1)
    row = page.locator(f"#payment-{first.pk}")
    row.locator("summary").click()
    # Paid on its due date: a payment on the agreement's own day would count toward the debt before it.
    row.locator("input[name=paid_on]").fill(first.due_date.isoformat())
    row.locator("input[name=proof_note]").fill("转账回单 0042")
    row.locator("button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    first = AgreedPayment.objects.get(pk=first.pk)
    assert first.paid_on is not None and first.proof_note == "转账回单 0042"
    assert "转账回单 0042" in page.locator(f"#payment-{first.pk}").inner_text()
    screenshot(page, "negotiation-agreement")

    # 5. the checklist and the tone helper
    page.goto(url(f"{base}/checklist/"))
    assert "失业证明" in page.content()
    page.locator("form:has(input[value=resignation_certificate]) button").click()
    page.wait_for_load_state("domcontentloaded")
    assert case.checklist_ticks.filter(doc_key="resignation_certificate").exists()
    screenshot(page, "negotiation-checklist")
    page.goto(url(f"{base}/tone/"))
    page.fill("#id_draft", "你们就是骗子！！！再打电话我就曝光你们，一分钱都不还")
    page.click("form[hx-post] button[type=submit]")
    page.locator("#tone-result mark").first.wait_for()
    assert page.locator("#tone-result .tone-flag").count() >= 3
    assert "<html" not in page.locator("#tone-result").inner_html()  # swapped in by htmx
    screenshot(page, "negotiation-tone")

    # 6. the reminders calendar downloads
    with page.expect_download() as download_info:
        page.goto(url(f"{base}/contacts/"))
        page.click("a[href$='calendar.ics']")
    path = download_info.value.path()
    assert path is not None and b"BEGIN:VEVENT" in Path(path).read_bytes()


def test_another_user_is_refused(page: Any, make_user: Any, login: Any, url: Any) -> None:
    owner = make_user("neg-owner2")
    case = _case(owner)
    make_user("neg-other")
    login(page, "neg-other")
    for path in ("contacts/", "offers/", "agreement/", "checklist/", "tone/"):
        response = page.goto(url(f"/cases/{case.name}/{path}"))
        assert response is not None and response.status == 404, path
        assert "李明" not in page.content()
    response = page.request.get(url(f"/cases/{case.name}/calendar.ics"))
    assert response.status == 404
