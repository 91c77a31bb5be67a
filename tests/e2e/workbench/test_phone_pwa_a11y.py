"""The workbench with a phone in one hand: the case's tabs as a menu, long option tables collapsed to the
best three, installable (manifest, icons, a service worker with an offline page); and an accessibility
check (axe-core) of the main pages at 1280×800 and 390×844 with no serious violation."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e


@pytest.fixture
def e1_case(make_user: Any) -> Any:
    from xieshang.cases.services import case_create, debt_add
    from xieshang.workbench import demo

    owner = make_user("thumb")
    case = case_create(
        owner=owner,
        name="e1",
        borrower_name="李明",
        monthly_income=Decimal("5200"),
        monthly_essential_expenses=Decimal("3600"),
        as_of=date(2026, 11, 28),
    )
    debt_add(case=case, fields=dict(demo.E1_DEBT), payments=demo.E1_PAYMENTS)
    return case


def test_case_tabs_are_a_thumb_menu_on_a_phone(
    page: Any, e1_case: Any, login: Any, url: Any, screenshot: Any
) -> None:
    login(page, "thumb")
    page.set_viewport_size(PHONE)
    page.goto(url("/cases/e1/"))
    toggle = page.locator("button[data-menu-toggle]")
    assert toggle.is_visible() and "步骤" in toggle.inner_text()  # the menu names the page you are on
    assert not page.locator("nav.tabs").is_visible()  # no 13-tab bar that hides its scroll
    assert toggle.get_attribute("aria-expanded") == "false"
    screenshot(page, "phone-menu-closed")
    page.set_viewport_size(PHONE)
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    links = page.locator("nav.tabs a")
    assert links.count() >= 10 and all(links.nth(i).is_visible() for i in range(links.count()))
    box = links.first.bounding_box()
    assert box is not None and box["height"] >= 44  # a thumb-sized target
    page.click("nav.tabs a[href='/cases/e1/plans/']")
    page.wait_for_selector("table.options")
    assert "方案" in page.locator("button[data-menu-toggle]").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    # the desktop keeps the tab bar and no menu button
    page.set_viewport_size(DESKTOP)
    assert page.locator("nav.tabs").is_visible() and not page.locator("button[data-menu-toggle]").is_visible()


def test_plans_show_the_best_three_then_all(
    page: Any, e1_case: Any, login: Any, url: Any, screenshot: Any
) -> None:
    login(page, "thumb")
    page.set_viewport_size(PHONE)
    page.goto(url("/cases/e1/plans/"))
    section = page.locator("section.plan-debt[data-debt=jt360]")
    shown = section.locator("table.options").first.locator("tbody tr")
    assert shown.count() == 3
    assert section.locator("tbody tr.chosen").first.is_visible()  # the opening ask is among them
    more = section.locator("details.more-options")
    assert not more.locator("tbody tr").first.is_visible()
    hidden = more.locator("tbody tr").count()
    assert hidden >= 10 and f"另有 {hidden} 个" in more.locator("summary").inner_text()
    collapsed_height = page.evaluate("document.documentElement.scrollHeight")
    screenshot(page, "plans-collapsed")
    page.set_viewport_size(PHONE)
    more.locator("summary").click()
    assert more.locator("tbody tr").first.is_visible()
    assert page.evaluate("document.documentElement.scrollHeight") > collapsed_height


def test_installable_with_an_offline_page(
    page: Any, e1_case: Any, login: Any, url: Any, screenshot: Any
) -> None:
    login(page, "thumb")
    page.goto(url("/"))
    href = page.locator("link[rel=manifest]").get_attribute("href")
    manifest = json.loads(page.request.get(url(href)).text())
    assert manifest["display"] == "standalone" and manifest["start_url"].startswith("/")
    sizes = {i["sizes"] for i in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert page.request.get(url(icon["src"])).headers["content-type"] == "image/png"
    scope = page.evaluate(
        "navigator.serviceWorker.register('/sw.js').then(() => navigator.serviceWorker.ready).then(r => r.scope)"
    )
    assert scope == url("/")
    page.reload()  # now controlled by the worker
    page.evaluate("navigator.serviceWorker.ready")
    page.context.set_offline(True)
    try:
        page.goto(url("/cases/e1/"))
        assert page.locator("[data-offline]").is_visible()
        assert "现在没有网络连接" in page.content() and "李明" not in page.content()  # nothing of the case
        screenshot(page, "offline")
    finally:
        page.context.set_offline(False)


MAIN_PAGES = [
    "/",
    "/cases/e1/",
    "/cases/e1/assessment/",
    "/cases/e1/budget/",
    "/cases/e1/plans/",
    "/cases/e1/evidence/",
    "/cases/e1/search/?q=逾期",
    "/cases/e1/documents/",
    "/cases/e1/conduct/",
    "/cases/new/",
]


def test_main_pages_have_no_serious_accessibility_violations(
    page: Any, e1_case: Any, login: Any, url: Any
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    login(page, "thumb")
    found: list[str] = []
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        for path in MAIN_PAGES:
            page.goto(url(path))
            page.wait_for_load_state("domcontentloaded")
            result = axe.run(page)
            for v in result.response["violations"]:
                if v["impact"] in ("serious", "critical"):
                    targets = [n["target"] for n in v["nodes"]][:3]
                    found.append(f"{size['width']} {path}: {v['id']} ({v['impact']}) {targets}")
    assert found == [], "\n".join(found)
