"""Assigning counselors without the admin: the owner assigns (by the counselor's code) and removes; an
organisation administrator assigned to the case brings in a colleague; any counselor may step back; nobody
else can; a counselor sees only the cases assigned to them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from xieshang.accounts.models import Organisation
from xieshang.accounts.organisations import counselor_code, organisation_member_set
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
    code = counselor_code(counselor).lower().replace("-", " ")  # typed as it comes
    response = owner_client.post(url, {"action": "assign", "code": code}, follow=True)
    assert "zhang-counsel" in response.content.decode()
    assert list(e1_case.counselors.all()) == [counselor]

    as_counselor = _client(counselor)
    assert as_counselor.get(f"/cases/{e1_case.name}/").status_code == 200
    assert as_counselor.get(f"/cases/{other_case.name}/").status_code == 404
    assert [c["name"] for c in as_counselor.get("/api/cases").json()] == [e1_case.name]
    home = as_counselor.get("/").content.decode()
    assert "李明" in home and "王珺" not in home


def _error(page: str) -> str:
    return re.findall(r'<li class="msg msg-error">(.*?)</li>', page)[0]


def test_the_owner_cannot_probe_user_names(owner_client: Client, e1_case: Case, counselor: Any) -> None:
    """A counselor's user name, a borrower's and nobody's get the very same answer; so do wrong codes."""
    url = f"/cases/{e1_case.name}/sharing/"
    by_name = {
        _error(owner_client.post(url, {"action": "assign", "username": n}, follow=True).content.decode())
        for n in ("zhang-counsel", "stranger", "nobody-at-all")
    }
    by_code = {
        _error(owner_client.post(url, {"action": "assign", "code": c}, follow=True).content.decode())
        for c in ("ABCDE-12345", "zhang-counsel", "1234")
    }
    assert len(by_name) == 1 and len(by_code) == 1 and "zhang" not in next(iter(by_name))
    assert not e1_case.counselors.exists()


def test_a_plain_counselor_cannot_bring_in_anyone_and_steps_back(
    e1_case: Case, counselor: Any, colleague: Any
) -> None:
    e1_case.counselors.add(counselor)
    as_counselor = _client(counselor)
    url = f"/cases/{e1_case.name}/sharing/"
    as_counselor.post(url, {"action": "assign", "username": "wang-counsel"})
    as_counselor.post(url, {"action": "assign", "code": counselor_code(colleague)})
    assert list(e1_case.counselors.all()) == [counselor]
    response = as_counselor.post(url, {"action": "remove", "user": counselor.pk})
    assert response.status_code == 302 and response["Location"] == "/"
    assert not e1_case.counselors.exists()
    assert as_counselor.get(f"/cases/{e1_case.name}/").status_code == 404


def test_an_organisation_admin_brings_in_a_colleague_of_their_own_organisation(
    e1_case: Case, counselor: Any, colleague: Any
) -> None:
    org = Organisation.objects.create(name="法律援助中心")
    organisation_member_set(user=counselor, organisation=org, admin=True)
    organisation_member_set(user=colleague, organisation=org)
    outsider = account_register(username="li-counsel", password="x-long-password-9", role="counselor")
    e1_case.counselors.add(counselor)
    as_admin = _client(counselor)
    url = f"/cases/{e1_case.name}/sharing/"
    page = as_admin.get(url).content.decode()
    assert "wang-counsel" in page and "li-counsel" not in page  # offered from a list: nothing to probe
    as_admin.post(url, {"action": "assign", "username": "li-counsel"})  # not of the organisation
    assert outsider not in e1_case.counselors.all()
    as_admin.post(url, {"action": "assign", "username": "wang-counsel"})
    assert set(e1_case.counselors.all()) == {counselor, colleague}
    owner_page = _client(e1_case.owner).get(url).content.decode()
    assert "法律援助中心" in owner_page and 'id="consent"' in owner_page  # the owner sees who and why
    # The administrator removes the colleague (same organisation), never the owner's own choices elsewhere.
    as_admin.post(url, {"action": "remove", "user": colleague.pk})
    assert list(e1_case.counselors.all()) == [counselor]


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
