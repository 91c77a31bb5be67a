"""In a real browser: a long contact log a page at a time — the older page behind its link, an open follow-up
on page 2 listed on page 1 and reached by its link, and an edit of an old contact bringing the user back to
its own page and entry."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from tests.fixtures.contacts import hourly_contacts

pytestmark = pytest.mark.e2e


def test_a_long_contact_log_pages_and_keeps_open_follow_ups_in_sight(
    page: Any, make_user: Any, login: Any, url: Any, screenshot: Any
) -> None:
    from django.utils import timezone

    from xieshang.cases.services import case_create
    from xieshang.negotiation import services

    owner = make_user("log-owner")
    case = case_create(
        owner=owner,
        name="e2e-log",
        borrower_name="李明",
        monthly_income=Decimal("5200.00"),
        monthly_essential_expenses=Decimal("3600.00"),
    )
    made = hourly_contacts(case, 27)
    old = made[24]  # on page 2
    services.contact_update(contact=old, fields={"follow_up_on": timezone.localdate() + timedelta(days=2)})
    login(page, "log-owner")

    page.goto(url(f"/cases/{case.name}/contacts/"))
    assert page.locator(".neg-entry").count() == 20
    assert "第 1–20 条，共 27 条" in page.locator("main").inner_text()
    follow = page.locator("#open-follow-ups a")
    assert follow.count() == 1
    screenshot(page, "contact-log-page-1")

    follow.click()  # to the contact on page 2
    page.wait_for_load_state("domcontentloaded")
    assert page.url.endswith(f"?page=2#contact-{old.pk}")
    assert page.locator(f"#contact-{old.pk}").is_visible()
    assert page.locator(".neg-entry").count() == 7
    page.locator("a[rel=prev]").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator(".neg-entry").count() == 20
    page.locator("a[rel=next]").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator(".neg-entry").count() == 7

    page.locator(f"#contact-{old.pk} a", has_text="编辑").click()  # edit it: back to its page and entry
    page.wait_for_load_state("domcontentloaded")
    page.fill("#id_said", "补记：对方同意下周回电")
    page.locator("form.form button.primary").click()  # save (the header has the log-out form)
    page.wait_for_load_state("domcontentloaded")
    assert page.url.endswith(f"?page=2#contact-{old.pk}")
    assert "补记：对方同意下周回电" in page.locator(f"#contact-{old.pk}").inner_text()
    screenshot(page, "contact-log-page-2")
