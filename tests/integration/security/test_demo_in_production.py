"""Finding 1: the demo account never stays live in production. `make run` keeps its data in a demo home of its
own; a demo account that reaches a production start all the same is disabled with its password invalidated,
and the published demo password never logs in under XIESHANG_ENV=production."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from xieshang.web import config
from xieshang.web.runtime import prepare_database
from xieshang.workbench import demo

pytestmark = [pytest.mark.django_db]


def _demo_then_production() -> Any:
    with override_settings(DEMO=True):
        demo.demo_ensure()
    return override_settings(DEMO=False, PRODUCTION=True)


def test_the_demo_password_does_not_log_in_in_production() -> None:
    with _demo_then_production():
        response = Client().post(
            "/accounts/login/", {"username": demo.DEMO_USERNAME, "password": demo.DEMO_PASSWORD}
        )
        assert response.status_code == 200 and "_auth_user_id" not in Client().session
        assert not Client().login(username=demo.DEMO_USERNAME, password=demo.DEMO_PASSWORD)


def test_a_production_start_disables_the_demo_account_and_its_password() -> None:
    with _demo_then_production():
        prepare_database()  # what `xieshang serve` (and the WSGI module) run at start
        user = get_user_model().objects.get(username=demo.DEMO_USERNAME)
        assert not user.is_active and not user.has_usable_password()
        assert not user.check_password(demo.DEMO_PASSWORD)
        client = Client()
        client.force_login(user)  # even a session made before: an inactive user is logged out
        assert client.get(f"/cases/{demo.DEMO_CASE}/").status_code in (302, 404)


def test_a_real_account_called_demo_with_its_own_password_is_left_alone(tmp_path: Path) -> None:
    user = get_user_model().objects.create_user(demo.DEMO_USERNAME, password="own-long-password-1")
    with override_settings(PRODUCTION=True, HOME=tmp_path):  # a home the demo never used
        assert demo.demo_retire() is False
    user.refresh_from_db()
    assert user.is_active and user.check_password("own-long-password-1")


def test_demo_mode_uses_a_home_of_its_own(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("XIESHANG_HOME", raising=False)
    monkeypatch.setenv("XIESHANG_ENV", "local")
    monkeypatch.delenv("XIESHANG_DEMO", raising=False)
    real = config.xieshang_home()
    monkeypatch.setenv("XIESHANG_DEMO", "1")
    demo_home = config.xieshang_home()
    assert demo_home != real and demo_home.name == "xieshang-demo"
    monkeypatch.setenv("XIESHANG_ENV", "production")  # production never runs the demo, never its home
    assert config.xieshang_home() == real
