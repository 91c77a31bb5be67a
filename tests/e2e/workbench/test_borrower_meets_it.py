"""Issue 19 in a browser, at 1280×800 and 390×844 (screenshots in test-artifacts/screenshots): every form
error at once next to its field; one bad file beside a good one; a letter to one lender showing that
lender's debt only; the dossier holding what the borrower wrote down."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.e2e
REAL_EML = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "realworld"
    / "eml"
    / "demisto_chinese_gb2312_encoding.eml"
)


@pytest.fixture
def two_debts(make_user: Any) -> Any:
    from xieshang.cases.services import case_create, debt_add
    from xieshang.workbench import demo

    owner = make_user("wang")
    case = case_create(
        owner=owner,
        name="wang",
        borrower_name="王芳",
        monthly_income=Decimal("5200"),
        monthly_essential_expenses=Decimal("3600"),
        as_of=date(2026, 11, 28),
    )
    debt_add(case=case, fields=dict(demo.E1_DEBT), payments=demo.E1_PAYMENTS)
    debt_add(case=case, fields=dict(demo.E1_DEBT, id="wld", lender="微粒贷"), payments=demo.E1_PAYMENTS[:3])
    return case


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_form_error_at_once_next_to_its_field(
    page: Any, two_debts: Any, login: Any, url: Any, size: Any
) -> None:
    login(page, "wang")
    page.set_viewport_size(size)
    page.goto(url("/cases/wang/debts/new/"))
    page.fill("#id_id", "third")
    page.fill("#id_lender", "某平台")
    page.fill("#id_principal", "-100")
    page.fill("#id_annual_rate", "24%x")
    page.fill("#id_term_months", "zero")
    page.fill("#id_start_date", "2026-01-15")
    page.fill("#id_payments", "2026-03-15 -5")
    page.locator("form.form button[type=submit]").last.click()
    page.wait_for_load_state("domcontentloaded")
    for field in ("principal", "annual_rate", "term_months", "payments"):
        error = page.locator(f"#id_{field}_error")
        assert error.count() == 1 and error.inner_text().strip(), field
    assert "例如 20000 或 20000.50" in page.locator("#id_principal_error").inner_text()
    assert "第 1 笔的金额" in page.locator("#id_payments_error").inner_text()
    text = page.locator("main").inner_text()
    assert "debts[" not in text and '有效"字段"' not in text
    name = "form-errors-" + ("desktop" if size == DESKTOP else "phone")
    Path("test-artifacts/screenshots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=f"test-artifacts/screenshots/{name}.png", full_page=True)


def test_one_bad_file_beside_a_good_one(
    page: Any, two_debts: Any, login: Any, url: Any, tmp_path: Path, screenshot: Any
) -> None:
    login(page, "wang")
    bad = tmp_path / "random.xml"
    bad.write_text("<?xml version='1.0'?><inventory><item/></inventory>", encoding="utf-8")
    page.goto(url("/cases/wang/evidence/"))
    page.set_input_files("#id_files", [str(bad), str(REAL_EML)])
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#job-status[data-status=done]", timeout=60_000)
    status = page.locator("#job-status")
    assert status.locator("[data-file-status=refused]").count() == 1
    assert "random.xml" in status.locator("[data-file-status=refused]").inner_text()
    assert status.locator("[data-file-status=imported]").count() == 1
    assert "有 1 个文件没有导入" in status.inner_text()
    screenshot(page, "upload-per-file")


def test_letter_to_one_lender_and_dossier_with_the_record(
    page: Any, two_debts: Any, login: Any, url: Any, screenshot: Any
) -> None:
    from xieshang.negotiation.models import Channel, Contact, Party
    from xieshang.negotiation.services import contact_record

    contact_record(
        case=two_debts,
        debt=two_debts.debts.get(key="wld"),
        channel=Channel.PHONE,
        direction=Contact.Direction.OUTGOING,
        occurred_at=datetime(2026, 11, 20, 10, 5, tzinfo=ZoneInfo("Asia/Shanghai")),
        lender="微粒贷",
        staff_number="K2231",
        said="申请停息分期",
        promise="三个工作日内回电",
        promise_by=Party.LENDER,
    )
    login(page, "wang")
    page.goto(url("/cases/wang/documents/"))
    page.select_option("#id_debt", "wld")
    href = page.locator(".doc-list a[href*='letter/hardship.txt']").first.get_attribute("href") or ""
    assert "debt=wld" in href  # the choice is carried by the letter's link
    letter = page.request.get(url(href) if href.startswith("/") else href).text()
    assert "微粒贷" in letter and "360借条" not in letter and "另有1笔欠款" in letter
    screenshot(page, "documents")
    with page.expect_download() as info:
        page.click("a[href$='/dossier.zip']")
    data = Path(info.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        negotiation = zf.read("negotiation.csv").decode("utf-8-sig")
    assert "negotiation.csv" in [t["path"] for t in manifest["tables"]]
    assert "工号 K2231" in negotiation and "三个工作日内回电" in negotiation
