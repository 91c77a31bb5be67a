"""The workbench foundation: Chinese pages, login with Argon2, the demo only in demo mode."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hasher
from django.test import Client, override_settings

from xieshang.cases.models import Case
from xieshang.workbench import demo

pytestmark = pytest.mark.django_db


def test_anonymous_home_redirects_to_login_in_chinese(client: Client) -> None:
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    assert "登录" in page and "不构成法律意见" in page


def test_english_is_available(client: Client) -> None:
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert '<html lang="en">' in page and "Log in" in page and "not legal advice" in page


def test_stylesheet_served_without_cdn(client: Client) -> None:
    page = client.get("/accounts/login/").content.decode()
    assert "/static/xieshang/app.css" in page
    assert "http://" not in page.split("<body>")[0] and "https://" not in page.split("<body>")[0]


@override_settings(DEMO=True)
def test_demo_login_works_and_shows_the_demo_case(client: Client) -> None:
    demo.demo_ensure()
    demo.demo_ensure()  # idempotent
    assert Case.objects.filter(name=demo.DEMO_CASE).count() == 1
    case = Case.objects.get(name=demo.DEMO_CASE)
    assert case.borrower_name == "李明"
    debt = case.debts.get()
    assert (debt.lender, str(debt.principal), debt.payments.count()) == ("360借条", "20000.00", 6)
    # The demo case carries a small phone backup and a first contact, so every step has something to show.
    from xieshang.evidence.models import EvidenceFile, EvidenceRecord
    from xieshang.evidence.services import evidence_search

    assert EvidenceFile.objects.filter(case=case).count() == 2
    assert EvidenceRecord.objects.filter(case=case, kind="sms").count() == 6
    assert EvidenceRecord.objects.filter(case=case, kind="call").count() == 5
    assert evidence_search(query="上门", case=case).total == 1
    assert case.contacts.get().staff_number == "A1037"
    response = client.post(
        "/accounts/login/", {"username": demo.DEMO_USERNAME, "password": demo.DEMO_PASSWORD}, follow=True
    )
    page = response.content.decode()
    assert response.status_code == 200 and "我的案件" in page and "李明" in page and "360借条" in page


@override_settings(DEMO=False)
def test_no_demo_account_outside_demo_mode() -> None:
    with pytest.raises(RuntimeError):
        demo.demo_ensure()
    assert not get_user_model().objects.filter(username=demo.DEMO_USERNAME).exists()


def test_demo_mode_is_refused_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    from xieshang.web import config

    monkeypatch.setenv("XIESHANG_DEMO", "1")
    monkeypatch.setenv("XIESHANG_ENV", "production")
    assert config.is_demo() is False
    monkeypatch.setenv("XIESHANG_ENV", "local")
    assert config.is_demo() is True


def test_real_passwords_are_hashed_with_argon2() -> None:
    from xieshang.web import settings as real_settings

    assert real_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert get_hasher("argon2").algorithm == "argon2"


def test_config_readers_reject_nonsense(monkeypatch: pytest.MonkeyPatch) -> None:
    from xieshang.web import config

    monkeypatch.setenv("XIESHANG_DEBUG", "maybe")
    with pytest.raises(config.ConfigError, match="XIESHANG_DEBUG"):
        config.env_bool("XIESHANG_DEBUG")
    monkeypatch.setenv("XIESHANG_UPLOAD_MAX_BYTES", "lots")
    with pytest.raises(config.ConfigError, match="XIESHANG_UPLOAD_MAX_BYTES"):
        config.env_int("XIESHANG_UPLOAD_MAX_BYTES", 1)


def test_admin_requires_staff(client: Client) -> None:
    user = get_user_model().objects.create_user("plain", password="a-long-password-1")
    client.force_login(user)
    assert client.get("/admin/").status_code == 302
    user.is_staff = user.is_superuser = True
    user.save()
    assert client.get("/admin/").status_code == 200


@pytest.mark.postgres
def test_case_and_debt_round_trip_on_the_configured_database() -> None:
    """Runs on SQLite and, in CI's second pass, on PostgreSQL."""
    from datetime import date
    from decimal import Decimal

    from xieshang.cases.services import case_create, debt_add

    owner = get_user_model().objects.create_user("owner", password="a-long-password-1")
    case = case_create(
        owner=owner,
        name="pg-case",
        borrower_name="王珺",
        monthly_income=Decimal("5200.00"),
        monthly_essential_expenses=Decimal("3600.00"),
    )
    debt_add(case=case, fields=dict(demo.E1_DEBT), payments=demo.E1_PAYMENTS)
    fresh = Case.objects.get(name="pg-case")
    assert fresh.borrower_name == "王珺"
    assert fresh.debts.get().daily_rate == Decimal("0.0005")
    assert sum(p.amount for p in fresh.debts.get().payments.all()) == Decimal("11001.60")
    assert fresh.debts.get().payments.order_by("date").first().date == date(2026, 2, 15)
