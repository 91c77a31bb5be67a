"""The browser harness itself: Chromium starts, the login form works, screenshots are written."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.e2e


def test_login_reaches_the_dashboard(
    page: Any, make_user: Any, login: Any, url: Any, screenshot: Any
) -> None:
    page.goto(url("/accounts/login/"))
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    screenshot(page, "login")
    make_user("smoke")
    login(page, "smoke", "wrong-password-123")
    assert page.locator("[role=alert]").is_visible()
    login(page, "smoke")
    assert page.url == url("/")
    assert page.locator("h1").first.inner_text() == "我的案件"
