"""In a real browser: the owner assigns a counselor, who then sees that case (and only that one); an upload
above the size limit is refused with a clear message before anything is sent, and by the server from the
Content-Length when a client sends it anyway."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.e2e


def _case(owner: Any, name: str, borrower: str) -> Any:
    from xieshang.cases.services import case_create

    return case_create(
        owner=owner,
        name=name,
        borrower_name=borrower,
        monthly_income=Decimal("5200"),
        monthly_essential_expenses=Decimal("3600"),
        as_of=date(2026, 11, 28),
    )


def test_owner_assigns_a_counselor_who_sees_only_that_case(
    page: Any, make_user: Any, login: Any, url: Any, screenshot: Any
) -> None:
    owner = make_user("share-owner")
    from xieshang.accounts.organisations import counselor_code

    code = counselor_code(make_user("zhang-counsel", role="counselor"))  # the counselor gives it to the owner
    case = _case(owner, "shared-case", "李明")
    _case(make_user("someone-else"), "not-shared", "王珺")

    login(page, "share-owner")
    page.goto(url(f"/cases/{case.name}/"))
    page.click("a[href$='/sharing/']")
    page.fill("#id_code", code)
    page.click("#assign-form button[type=submit]")
    page.wait_for_selector("[data-counselor=zhang-counsel]")
    screenshot(page, "sharing")
    page.context.clear_cookies()

    login(page, "zhang-counsel")
    assert page.locator("h1").first.inner_text() == "分配给我的案件"
    assert page.locator("[data-case=shared-case]").count() == 1
    assert "王珺" not in page.content()
    response = page.goto(url("/cases/not-shared/"))
    assert response is not None and response.status == 404
    assert "页面不存在" in page.content()


def test_an_upload_over_the_limit_is_refused_with_a_message(
    page: Any, make_user: Any, login: Any, url: Any, settings: Any, tmp_path: Path
) -> None:
    settings.XIESHANG_UPLOAD_MAX_BYTES = 2048
    owner = make_user("upload-owner")
    case = _case(owner, "upload-case", "李明")
    login(page, "upload-owner")
    page.goto(url(f"/cases/{case.name}/evidence/"))
    big = tmp_path / "big-backup.xml"
    big.write_bytes(b"<smses>" + b"x" * 5000 + b"</smses>")
    page.set_input_files("#id_files", str(big))
    page.click("#upload-form button[type=submit]")
    assert "超过了大小上限" in page.locator("#upload-status").inner_text()

    # A client that ignores the page's check: the server refuses from the Content-Length alone.
    token = page.locator("#upload-form input[name=csrfmiddlewaretoken]").input_value()
    response = page.request.post(
        url(f"/cases/{case.name}/evidence/upload/"),
        multipart={
            "csrfmiddlewaretoken": token,
            "files": {"name": "big.xml", "mimeType": "text/xml", "buffer": b"x" * 200_000},
        },
        headers={"Accept": "application/json", "Referer": page.url},
    )
    assert response.status == 413 and "太大" in response.json()["error"]
    assert not case.evidence_files.exists()
