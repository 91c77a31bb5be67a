"""The main flows in a real browser: log in, create a case, add a debt, see the assessment figures (E1),
compare plans, upload an SMS backup and find a message in it — and a second user denied every page and
file of the first one's case. Screenshots of the main pages at desktop and phone width."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e

E1_PAYMENTS = "\n".join(
    f"{d} 1833.60"
    for d in ("2026-02-15", "2026-03-15", "2026-04-14", "2026-05-15", "2026-06-17", "2026-07-15")
)


def _status(page: Any, url: str) -> int:
    from playwright.sync_api import Error

    try:
        response = page.goto(url)
    except Error:  # an error status with an empty body (405 of a POST-only view): Chromium shows no page
        return int(page.request.get(url).status)
    return int(response.status) if response is not None else 0


def test_borrower_main_flow(
    page: Any, make_user: Any, login: Any, url: Any, screenshot: Any, tmp_path: Path
) -> None:
    from tests.fixtures.formats import write_sms_backup

    make_user("liming")
    login(page, "liming")
    screenshot(page, "dashboard-empty")

    # Create the case.
    page.click("text=新建案件")
    page.fill("#id_name", "li-ming")
    page.fill("#id_borrower_name", "李明")
    page.fill("#id_monthly_income", "5200.00")
    page.fill("#id_monthly_essential_expenses", "3600.00")
    page.check("input[name=hardships][value=unemployment]")
    page.fill("#id_as_of", "2026-11-28")
    screenshot(page, "case-new")
    page.click("form.form button.primary >> nth=0")
    page.wait_for_url(url("/cases/li-ming/"))
    assert page.locator(".steps > li").count() == 9

    # Add the E1 debt; a mistake first, named exactly as the case-file parser names it.
    page.click("text=添加欠款 >> nth=0")
    page.fill("#id_id", "jt360")
    page.fill("#id_lender", "360借条")
    page.select_option("#id_lender_type", "online_lender")
    page.fill("#id_principal", "-5")
    page.fill("#id_daily_rate", "0.05")  # percent a day (万分之五)
    page.select_option("#id_method", "equal_installment")
    page.fill("#id_term_months", "12")
    page.fill("#id_start_date", "2026-01-15")
    page.click("summary")
    page.fill("#id_grace_days", "3")
    page.fill("#id_penalty_multiplier", "1.5")
    page.fill("#id_payments", E1_PAYMENTS)
    page.click("button:has-text('保存欠款')")
    error = page.locator("#id_principal_error").inner_text()  # next to its field, no internal place name
    assert "必须是正数金额" in error and "debts[0]" not in error
    screenshot(page, "debt-form-error")
    page.fill("#id_principal", "20000.00")
    page.click("button:has-text('保存欠款')")
    page.wait_for_url(url("/cases/li-ming/assessment/"))

    # The assessment: E1 figures of spec calculations.md.
    assert page.locator("[data-figure=total_due_now]").first.inner_text() == "¥ 7,660.08"
    assert page.locator("[data-figure=daily_penalty_now]").first.inner_text() == "¥ 5.52"
    assert page.locator("[data-figure=payoff_now]").first.inner_text() == "¥ 11,269.71"
    debt = page.locator("[data-debt=jt360]")
    assert debt.locator("[data-figure=penalty_unpaid]").inner_text() == "325.68"
    assert debt.locator("[data-figure=apr_simple]").inner_text() == "18.00 %"
    screenshot(page, "assessment")

    # Compare the plans side by side, with the chart.
    page.click("nav.tabs >> text=方案")
    chosen = page.locator("tr.chosen")
    assert chosen.get_attribute("data-months") == "12" and "910.06" in chosen.inner_text()
    assert page.locator(".chart-wrap svg").count() == 1
    assert page.locator("[data-figure=monthly_total]").inner_text() == "910.06"
    screenshot(page, "plans")

    # Upload an SMS backup (with a progress bar) and find a message in it.
    page.click("nav.tabs >> text=证据")
    backup = write_sms_backup(tmp_path / "sms-20240305.xml")
    page.set_input_files("#id_files", str(backup))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#job-status[data-status=done]")  # the import job's page
    assert "sms-20240305.xml" in page.locator("#job-status").inner_text()
    assert "已导入" in page.locator("#job-status").inner_text()
    screenshot(page, "evidence")
    page.click("nav.tabs >> text=搜索")
    page.fill("#id_q", "律师事务所")
    page.click(".search-form button[type=submit]")
    assert page.locator(".hit").count() == 1
    assert page.locator(".hit mark").first.inner_text() == "律师事务所"
    screenshot(page, "search")

    # The case page and the dashboard now show the progress and the figures.
    page.goto(url("/cases/li-ming/"))
    assert page.locator("[data-step=keep_records] .badge").inner_text() in ("已完成", "进行中", "待办")
    assert page.locator("[data-step=overdue_policy] .badge").inner_text() == "已完成"
    screenshot(page, "case")
    page.goto(url("/"))
    assert "7,660.08" in page.locator("[data-case=li-ming]").inner_text()
    screenshot(page, "dashboard")

    # English is complete too.
    # The select submits its form; wait for the page that the redirect brings back, in English.
    with page.expect_navigation():
        page.select_option(".lang-switch select", "en")
    page.wait_for_selector("html[lang=en]")
    assert page.locator("h1").first.inner_text() == "My cases"


def test_second_user_is_denied_every_page_and_file(
    page: Any, make_user: Any, login: Any, url: Any, screenshot: Any, tmp_path: Path
) -> None:
    from datetime import date
    from decimal import Decimal

    from tests.fixtures.formats import write_sms_backup
    from tests.integration.web.test_access import case_routes
    from xieshang.cases.services import case_create, debt_add
    from xieshang.evidence.services import evidence_import
    from xieshang.workbench import demo

    owner = make_user("owner")
    make_user("stranger")
    case = case_create(
        owner=owner,
        name="private-case",
        borrower_name="王珺",
        monthly_income=Decimal("5200"),
        monthly_essential_expenses=Decimal("3600"),
        as_of=date(2026, 11, 28),
    )
    debt_add(case=case, fields=dict(demo.E1_DEBT), payments=demo.E1_PAYMENTS)
    evidence_import(case=case, paths=[write_sms_backup(tmp_path / "sms.xml")], user=owner)
    file_id = case.evidence_files.filter(parent=None).get().pk

    login(page, "owner")
    assert _status(page, url(f"/cases/{case.name}/")) == 200
    page.context.clear_cookies()

    login(page, "stranger")
    assert "王珺" not in page.content()
    denied = 0
    for route in case_routes():
        path = route.replace("<slug:case_name>", case.name).replace("<name>", case.name)
        path = path.replace("<str:key>", "jt360").replace("<int:file_id>", str(file_id))
        if "<" in path:
            continue  # rows of the negotiation record that this case does not have
        status = _status(page, url("/" + path))
        if status == 405:  # a method the URL never takes (a POST-only API route): says nothing of the case
            assert _status(page, url("/" + path.replace(case.name, "no-such-case", 1))) == 405, path
            continue
        assert status == 404, (path, status)
        assert "王珺" not in page.content()
        denied += 1
    assert denied >= 15
    # The original file, asked for directly.
    response = page.request.get(url(f"/cases/{case.name}/evidence/files/{file_id}/"))
    assert response.status == 404
    screenshot(page, "denied")
