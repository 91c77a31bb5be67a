"""Finding 9: sign-ups are throttled and never say a user name exists; the API never says whether a case
name exists; users change their password; a forgotten one is reset by an organisation administrator's
one-time link, or by e-mail where e-mail is configured."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from xieshang.accounts.models import Organisation
from xieshang.accounts.organisations import organisation_member_set
from xieshang.accounts.services import account_register
from xieshang.cases.models import Case

pytestmark = [pytest.mark.django_db]
GOOD = "a-long-password-7"


def _sign_up(client: Client, name: str, **meta: str) -> Any:
    return client.post(
        "/accounts/register/", {"username": name, "password1": GOOD, "password2": GOOD}, **meta
    )


def test_sign_ups_from_one_address_are_throttled(settings: Any) -> None:
    settings.XIESHANG_REGISTRATIONS_PER_HOUR = 3
    answers = [_sign_up(Client(), f"user{n}", REMOTE_ADDR="203.0.113.5").status_code for n in range(5)]
    assert answers == [302, 302, 302, 429, 429]
    assert get_user_model().objects.filter(username__startswith="user").count() == 3
    assert _sign_up(Client(), "user9", REMOTE_ADDR="203.0.113.99").status_code == 302  # another address


def _errors(response: Any) -> list[str]:
    return re.findall(r'<ul class="errorlist"><li>(.*?)</li>', response.content.decode())


def test_a_taken_user_name_gets_the_answer_of_a_reserved_one(owner: Any) -> None:
    taken = _sign_up(Client(), owner.username.upper())
    reserved = _sign_up(Client(), "admin")
    assert taken.status_code == reserved.status_code == 200
    assert _errors(taken) == _errors(reserved) and _errors(taken)
    assert not re.search("already exists|已存在|已被", taken.content.decode())


def test_the_api_does_not_say_whether_a_case_name_exists(
    e1_case: Case, other_client: Client, owner_client: Client
) -> None:
    body = {
        "name": e1_case.name,
        "borrower": {"name": "王珺", "monthly_income": "1", "monthly_essential_expenses": "1"},
    }
    someone_elses = other_client.post("/api/cases", body, content_type="application/json")
    my_own = owner_client.post("/api/cases", body, content_type="application/json")
    assert someone_elses.status_code == my_own.status_code == 400
    assert someone_elses.json()["message_en"] == my_own.json()["message_en"]
    assert someone_elses.json()["data"] == {} and "in use" not in someone_elses.json()["message_en"]


def test_a_user_changes_their_password(owner: Any, owner_client: Client) -> None:
    assert owner_client.get("/accounts/password/").status_code == 200
    response = owner_client.post(
        "/accounts/password/",
        {"old_password": "a-long-password-1", "new_password1": GOOD, "new_password2": GOOD},
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(GOOD)


def test_an_organisation_admin_makes_a_one_time_reset_link(e1_case: Case, owner: Any) -> None:
    org = Organisation.objects.create(name="援助中心")
    admin = account_register(username="aid-admin", password="x-long-password-9", role="counselor")
    organisation_member_set(user=admin, organisation=org, admin=True)
    e1_case.counselors.add(admin)
    client = Client()
    client.force_login(admin)
    page = client.post("/accounts/me/reset-link/", {"user": owner.pk}).content.decode()
    link = re.search(r'id="reset-link">https?://[^/]+(/[^<]+)<', page).group(1)  # type: ignore[union-attr]
    borrower = Client()
    form_url = borrower.get(link, follow=True).redirect_chain[-1][0]
    response = borrower.post(form_url, {"new_password1": GOOD, "new_password2": GOOD})
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password(GOOD)
    again = Client().get(link, follow=True).content.decode()
    assert "not valid" in again or "无效" in again or "不再有效" in again  # used once: gone
    stranger = account_register(username="someone", password="x-long-password-9")
    assert client.post("/accounts/me/reset-link/", {"user": stranger.pk}).status_code == 404


def test_reset_by_e_mail_only_where_configured_and_never_says_who_exists(settings: Any, owner: Any) -> None:
    settings.XIESHANG_EMAIL_CONFIGURED = False
    assert Client().get("/accounts/password/reset/").status_code == 404
    settings.XIESHANG_EMAIL_CONFIGURED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    owner.email = "liming@example.com"
    owner.save()
    known = Client().post("/accounts/password/reset/", {"email": "liming@example.com"})
    unknown = Client().post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 302 and known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1 and "/accounts/reset/" in mail.outbox[0].body
