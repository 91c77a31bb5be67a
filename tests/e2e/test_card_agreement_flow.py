"""In a real browser (issue 13): a credit card entered from its bill, an offer accepted into an agreement, one
agreed payment marked — and the assessment, the dashboard, the case page (step 9), the agreement page and
the letters all show the agreed terms instead of the contract's penalties or another plan."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

pytestmark = pytest.mark.e2e


def _submit(page: Any, selector: str) -> None:
    page.click(selector)
    page.wait_for_load_state("domcontentloaded")


def test_card_from_its_bill_offer_accepted_into_an_agreement_one_payment_marked(
    page: Any, make_user: Any, login: Any, url: Any, screenshot: Any
) -> None:
    from xieshang.cases.services import case_create
    from xieshang.negotiation.models import Agreement

    today = timezone.localdate()
    statement, agreed, first_due, paid = (today - timedelta(days=d) for d in (130, 10, 5, 3))
    owner = make_user("card-owner")
    case = case_create(
        owner=owner,
        name="e2e-card",
        borrower_name="张伟",
        monthly_income=Decimal("6800.00"),
        monthly_essential_expenses=Decimal("4200.00"),
        hardships=["income_drop"],
    )
    base = f"/cases/{case.name}"
    login(page, "card-owner")

    # 1. the card, from its bill: the guidance names where each number is
    page.goto(url(f"{base}/"))
    _submit(page, f"a[href='{base}/debts/new/?kind=card']")
    assert "本期应还金额" in page.locator(".bill-guide").inner_text()
    assert page.locator("#id_daily_rate").input_value() == "0.05"  # 万分之五, in percent
    page.fill("#id_id", "cmb")
    page.fill("#id_lender", "招商银行信用卡")
    page.fill("#id_statement_date", statement.isoformat())
    page.fill("#id_statement_balance", "20000.00")
    page.fill("#id_due_days", "20")
    page.fill("#id_min_payment_percent", "10%")
    page.fill("#id_late_fee_percent", "5")
    page.fill("#id_grace_days", "3")
    screenshot(page, "card-form")
    _submit(page, ".card-form button[type=submit]")
    assert page.url.endswith(f"{base}/assessment/"), page.url
    assert "最近账单日" in page.locator(".card-statement").inner_text()
    debt = case.debts.get()
    assert (debt.method, debt.daily_rate, debt.min_payment_percent) == (
        "revolving",
        Decimal("0.0005"),
        Decimal("0.1"),
    )

    # 2. an offer, accepted into an agreement (the form accepts its own pre-fill)
    page.goto(url(f"{base}/offers/"))
    page.select_option("#id_debt", index=1)
    page.select_option("#id_kind", "installments")
    page.fill("#id_amount", "18000.00")
    page.fill("#id_months", "12")
    page.fill("#id_annual_rate_percent", "0")
    _submit(page, "#new-offer button[type=submit]")
    _submit(page, "button[name=action][value=accept]")
    assert "?offer=" in page.url
    assert page.locator("#id_annual_rate_percent").input_value() == "0"
    assert page.locator(".input-unit .unit").first.is_visible()  # the unit beside the rate
    page.fill("#id_agreed_on", agreed.isoformat())
    page.fill("#id_first_due_date", first_due.isoformat())
    page.fill("#id_breaks_after_days", "30")
    _submit(page, "#new-agreement button[type=submit]")
    agreement = Agreement.objects.get()
    assert (agreement.debt, agreement.months, agreement.breaks_after_days) == (debt, 12, 30)

    # 3. one agreed payment marked as paid (it becomes a payment of the card)
    first = agreement.payments.get(n=1)
    row = page.locator(f"#payment-{first.pk}")
    row.locator("summary").click()
    row.locator("input[name=paid_on]").fill(paid.isoformat())
    _submit(page, f"#payment-{first.pk} button[type=submit]")
    assert debt.payments.filter(date=paid, amount=Decimal("1500.00")).exists()
    assert "已还 1 期" in page.locator("[data-engine-figures]").inner_text()
    screenshot(page, "card-agreement")

    # 4. the assessment follows the agreement: its terms, no contract penalty
    page.goto(url(f"{base}/assessment/"))
    text = page.locator("[data-agreement-text]").inner_text()
    assert "协议后：每月 1,500.00 元，共 12 期，已还 1 期" in text and "减免" in text
    assert "若逾期超过 30 天协议失效" in text
    assert page.locator("td[data-figure=daily_penalty_now]").inner_text().strip() == "0.00"
    assert page.locator("[data-agreement=in-force]").count() == 1
    screenshot(page, "card-assessment")

    # 5. the dashboard: nothing more accrues each day
    page.goto(url("/"))
    card = page.locator(f"[data-case={case.name}]")
    assert "¥ 0.00" in card.inner_text()

    # 6. the case page: step 9 is started, not done, after 1 of 12 payments
    page.goto(url(f"{base}/"))
    step = page.locator("[data-step=agreement]")
    assert "step-partial" in (step.get_attribute("class") or "")
    assert "已还 1 期" in step.inner_text()
    screenshot(page, "card-steps")

    # 7. the letters state the agreement and propose no other plan
    for kind in ("installment_request", "waiver_request", "hardship"):
        response = page.request.get(url(f"{base}/documents/letter/{kind}.txt?debt=cmb"))
        assert response.status == 200, kind
        letter = response.text()
        assert "达成还款协议" in letter and "每期1,500.00元" in letter, kind
        assert "现申请：以剩余本金" not in letter and "可以承担的方案是" not in letter, kind
