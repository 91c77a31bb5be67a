"""The demo account's published login (workbench.demo creates it, in demo mode only). Kept here, below the
workbench, so the login backend can refuse it under XIESHANG_ENV=production."""

from __future__ import annotations

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "xieshang-demo"


def is_demo_login(username: str | None, password: str | None) -> bool:
    return (username or "").strip().lower() == DEMO_USERNAME and password == DEMO_PASSWORD
