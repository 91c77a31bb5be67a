"""Accounts: registration of borrowers, roles, login throttling on every way in, CSRF, session cookies."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.utils import timezone

from xieshang.accounts.models import LoginFailure, Profile, Role
from xieshang.accounts.services import is_counselor, profile_set_role, role_of

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-password-1"


def _user(name: str = "wang") -> object:
    return get_user_model().objects.create_user(name, password=PASSWORD)


def _post_login(client: Client, username: str, password: str, ip: str = "10.0.0.1") -> str:
    response = client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip, follow=True
    )
    return response.content.decode()


def test_registration_creates_a_logged_in_borrower(client: Client) -> None:
    page = client.get("/accounts/register/").content.decode()
    assert "创建账户" in page
    response = client.post(
        "/accounts/register/",
        {"username": "newbie", "password1": "calm-river-4821", "password2": "calm-river-4821"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/"
    user = get_user_model().objects.get(username="newbie")
    assert role_of(user) == Role.BORROWER and not is_counselor(user)
    assert response.context["user"] == user


def test_registration_rejects_weak_passwords(client: Client) -> None:
    response = client.post(
        "/accounts/register/", {"username": "weak", "password1": "12345678", "password2": "12345678"}
    )
    assert response.status_code == 200
    assert not get_user_model().objects.filter(username="weak").exists()
    assert response.context["form"].errors["password2"]


@override_settings(XIESHANG_REGISTRATION_OPEN=False)
def test_registration_can_be_closed(client: Client) -> None:
    assert client.get("/accounts/register/").status_code == 404


def test_roles() -> None:
    user = _user()
    assert role_of(user) == "borrower"
    profile_set_role(user=user, role="counselor")
    assert is_counselor(user) and Profile.objects.get(user=user).role == "counselor"
    with pytest.raises(ValueError):
        profile_set_role(user=user, role="judge")


@override_settings(XIESHANG_LOGIN_MAX_FAILURES=3, XIESHANG_LOGIN_LOCK_MINUTES=10)
def test_login_is_locked_after_repeated_failures_then_unlocked(client: Client) -> None:
    _user()
    for _ in range(3):
        assert "用户名或密码不正确" in _post_login(client, "wang", "wrong-password")
    # Now even the right password is refused from this address, with a message saying how long to wait.
    page = _post_login(client, "wang", PASSWORD)
    assert "尝试失败次数太多" in page and "10" in page
    assert "_auth_user_id" not in client.session
    # Another address is not locked.
    other = Client()
    _post_login(other, "wang", PASSWORD, ip="10.0.0.2")
    assert "_auth_user_id" in other.session
    # When the lock has run out, the right password works again and clears the counter.
    LoginFailure.objects.filter(ip="10.0.0.1").update(locked_until=timezone.now() - timedelta(seconds=1))
    _post_login(client, "wang", PASSWORD)
    assert "_auth_user_id" in client.session
    assert not LoginFailure.objects.filter(ip="10.0.0.1").exists()


@override_settings(XIESHANG_LOGIN_MAX_FAILURES=2)
def test_admin_login_is_throttled_too(client: Client) -> None:
    user = _user("boss")
    user.is_staff = user.is_superuser = True  # type: ignore[attr-defined]
    user.save()  # type: ignore[attr-defined]
    for _ in range(2):
        client.post(
            "/admin/login/", {"username": "boss", "password": "nope-nope-nope"}, REMOTE_ADDR="10.0.0.9"
        )
    client.post("/admin/login/", {"username": "boss", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9")
    assert "_auth_user_id" not in client.session
    assert LoginFailure.objects.get(username="boss").failures == 2


def test_failures_are_counted_per_user_name_case_insensitively(client: Client) -> None:
    _user()
    _post_login(client, "WANG", "wrong-password")
    _post_login(client, "wang", "wrong-password")
    assert LoginFailure.objects.get(username="wang").failures == 2


def test_login_needs_a_csrf_token() -> None:
    _user()
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "wang", "password": PASSWORD})
    assert response.status_code == 403


def test_session_cookie_is_http_only_and_same_site(client: Client) -> None:
    _user()
    client.post("/accounts/login/", {"username": "wang", "password": PASSWORD})
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_admin_user_page_shows_the_role_inline(client: Client) -> None:
    boss = get_user_model().objects.create_superuser("boss", password=PASSWORD)
    client.force_login(boss)
    page = client.get(f"/admin/auth/user/{boss.pk}/change/").content.decode()
    assert 'name="profile-0-role"' in page
