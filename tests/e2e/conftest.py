"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Fixtures for every e2e test (mark them `@pytest.mark.e2e`):

- `browser`       — one headless Chromium for the session (skipped with a reason if /usr/bin/chromium is absent)
- `page`          — a fresh context (own cookies, desktop 1280×800, zh-CN) and page for one test
- `make_user`     — `make_user("name", role="borrower"|"counselor", staff=False)` → a user with `E2E_PASSWORD`
- `login`         — `login(page, "name")` logs that user in through the real login form
- `url`           — `url("/cases/x/")` → the live server's absolute URL
- `screenshot`    — `screenshot(page, "case")` saves `test-artifacts/screenshots/case-desktop.png` and
                    `case-phone.png` (1280×800 and 390×844), then restores the viewport

The live server runs in a thread of this process and shares the (in-memory SQLite) test database, so a
test may create objects with the ORM and see them in the browser (transactional database, flushed after
each test).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an asyncio loop in this thread; the ORM calls made by the tests themselves
# (creating users, checking rows) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("XIESHANG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
E2E_PASSWORD = "e2e-Passw0rd-long"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    # Playwright's launch() gives Chromium a fresh temporary user-data dir of its own (and removes it).
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN", accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def url(live_server: Any) -> Callable[[str], str]:
    def make(path: str) -> str:
        return f"{live_server.url}{path}"

    return make


@pytest.fixture
def make_user(transactional_db: Any) -> Callable[..., Any]:
    def make(username: str, *, role: str = "borrower", staff: bool = False) -> Any:
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create_user(username, password=E2E_PASSWORD, is_staff=staff)
        try:
            from xieshang.accounts.services import profile_set_role
        except ImportError:  # accounts app not there yet
            return user
        profile_set_role(user=user, role=role)
        return user

    return make


@pytest.fixture
def login(url: Callable[[str], str]) -> Callable[..., None]:
    def do_login(page: Any, username: str, password: str = E2E_PASSWORD) -> None:
        page.goto(url("/accounts/login/"))
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("form.form button[type=submit]")
        page.wait_for_load_state("domcontentloaded")

    return do_login


@pytest.fixture
def screenshot() -> Callable[[Any, str], list[Path]]:
    def shoot(page: Any, name: str) -> list[Path]:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        paths = []
        for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
            page.set_viewport_size(size)
            path = ARTIFACTS / f"{name}-{label}.png"
            page.screenshot(path=str(path), full_page=True)
            paths.append(path)
        page.set_viewport_size(DESKTOP)
        return paths

    return shoot
