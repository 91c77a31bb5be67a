"""Assigning counselors without the admin: the owner assigns and removes; an assigned counselor brings in a
colleague and may step back; nobody else can; a counselor sees only the cases assigned to them."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from xieshang.accounts.services import account_register
from xieshang.cases.models import Case

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def counselor(db: Any) -> Any:
    return account_register(username="zhang-counsel", password="x-long-password-9", role="counselor")


@pytest.fixture
def colleague(db: Any) -> Any:
    return account_register(username="wang-counsel", password="x-long-password-9", role="counselor")


def test_the_owner_assigns_a_counselor_who_then_sees_only_that_case(
    owner_client: Client, e1_case: Case, counselor: Any, other: Any
) -> None:
    other_case = Case.objects.create(
        owner=other, name="other", borrower_name="王珺", monthly_income=1, monthly_essential_expenses=1
    )
    url = f"/cases/{e1_case.name}/sharing/"
    page = owner_client.get(url).content.decode()
    assert "没有指派顾问" in page
    response = owner_client.post(url, {"action": "assign", "username": "ZHANG-counsel"}, follow=True)
    assert "zhang-counsel" in response.content.decode()
    assert list(e1_case.counselors.all()) == [counselor]

    as_counselor = _client(counselor)
    assert as_counselor.get(f"/cases/{e1_case.name}/").status_code == 200
    assert as_counselor.get(f"/cases/{other_case.name}/").status_code == 404
    assert [c["name"] for c in as_counselor.get("/api/cases").json()] == [e1_case.name]
    home = as_counselor.get("/").content.decode()
    assert "李明" in home and "王珺" not in home


def test_only_counselor_accounts_can_be_assigned(owner_client: Client, e1_case: Case, other: Any) -> None:
    url = f"/cases/{e1_case.name}/sharing/"
    for name in ("stranger", "nobody-at-all", ""):
        page = owner_client.post(url, {"action": "assign", "username": name}, follow=True).content.decode()
        assert "没有用户名为" in page, name
    assert not e1_case.counselors.exists()


def test_a_counselor_brings_in_a_colleague_and_steps_back(
    e1_case: Case, counselor: Any, colleague: Any
) -> None:
    e1_case.counselors.add(counselor)
    as_counselor = _client(counselor)
    url = f"/cases/{e1_case.name}/sharing/"
    as_counselor.post(url, {"action": "assign", "username": "wang-counsel"})
    assert set(e1_case.counselors.all()) == {counselor, colleague}
    # Removing the colleague is for the owner; the counselor may only step back himself.
    page = as_counselor.post(url, {"action": "remove", "user": colleague.pk}, follow=True).content.decode()
    assert "只有案件所有人" in page and e1_case.counselors.filter(pk=colleague.pk).exists()
    response = as_counselor.post(url, {"action": "remove", "user": counselor.pk})
    assert response.status_code == 302 and response["Location"] == "/"
    assert list(e1_case.counselors.all()) == [colleague]
    assert as_counselor.get(f"/cases/{e1_case.name}/").status_code == 404


def test_the_owner_removes_a_counselor(owner_client: Client, e1_case: Case, counselor: Any) -> None:
    e1_case.counselors.add(counselor)
    owner_client.post(f"/cases/{e1_case.name}/sharing/", {"action": "remove", "user": counselor.pk})
    assert not e1_case.counselors.exists()
    assert _client(counselor).get(f"/cases/{e1_case.name}/").status_code == 404


def test_a_stranger_cannot_assign_himself(other_client: Client, e1_case: Case, other: Any) -> None:
    from xieshang.accounts.services import profile_set_role

    profile_set_role(user=other, role="counselor")
    response = other_client.post(
        f"/cases/{e1_case.name}/sharing/", {"action": "assign", "username": "stranger"}
    )
    assert response.status_code == 404 and not e1_case.counselors.exists()


def test_the_admin_offers_only_counselors(e1_case: Case, counselor: Any) -> None:
    staff = get_user_model().objects.create_user("staff", password="x", is_staff=True, is_superuser=True)
    page = _client(staff).get(f"/admin/cases/case/{e1_case.pk}/change/").content.decode()
    assert (
        "zhang-counsel" in page
        and ">liming<" not in page.split('id="id_counselors"')[1].split("</select>")[0]
    )
