"""Finding 3: organisations. A counselor belongs to one; only the case owner (by the counselor's code) or an
organisation administrator assigned to the case (their own colleagues) adds counselors; an assigned counselor
can no longer add anyone; nobody can probe which user names are counselors. The cross-user walk over the
whole URL configuration, with the organisation's people: 0 leaks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from tests.integration.web.test_access import _fill, case_routes
from xieshang.accounts.models import Organisation, Profile
from xieshang.accounts.organisations import counselor_code, organisation_member_set
from xieshang.accounts.services import account_register
from xieshang.cases.models import Case
from xieshang.cases.services_sharing import case_counselor_assign
from xieshang.core.errors import InputError

pytestmark = [pytest.mark.django_db]


def _counselor(name: str, org: Organisation | None = None, admin: bool = False) -> Any:
    user = account_register(username=name, password="x-long-password-9", role="counselor")
    if org is not None:
        organisation_member_set(user=user, organisation=org, admin=admin)
    return user


@pytest.fixture
def people(e1_case: Case) -> dict[str, Any]:
    aid, other = Organisation.objects.create(name="援助中心"), Organisation.objects.create(name="别的机构")
    assigned_admin = _counselor("aid-admin", aid, admin=True)
    e1_case.counselors.add(assigned_admin)
    return {
        "assigned_admin": assigned_admin,
        "colleague": _counselor("aid-colleague", aid),  # same organisation, not assigned
        "unassigned_admin": _counselor("aid-admin-2", aid, admin=True),  # administrator, not assigned
        "other_org_admin": _counselor("other-admin", other, admin=True),
        "independent": _counselor("independent"),
    }


def test_an_assigned_counselor_who_is_not_an_admin_adds_nobody(e1_case: Case, people: dict[str, Any]) -> None:
    plain = _counselor("plain")
    e1_case.counselors.add(plain)
    client = Client()
    client.force_login(plain)
    url = f"/cases/{e1_case.name}/sharing/"
    for target in ("independent", "aid-colleague", "other-admin"):
        client.post(url, {"action": "assign", "username": target})
        client.post(url, {"action": "assign", "code": counselor_code(plain)})
    assert set(e1_case.counselors.values_list("username", flat=True)) == {"aid-admin", "plain"}
    with pytest.raises(InputError):
        case_counselor_assign(case=e1_case, by=plain, code=counselor_code(people["independent"]))


def test_an_admin_adds_only_their_own_organisation(e1_case: Case, people: dict[str, Any]) -> None:
    admin = people["assigned_admin"]
    for outsider in ("independent", "other-admin"):
        with pytest.raises(InputError):
            case_counselor_assign(case=e1_case, by=admin, username=outsider)
    with pytest.raises(InputError):  # a code is the owner's way, not an administrator's
        case_counselor_assign(case=e1_case, by=admin, code=counselor_code(people["independent"]))
    case_counselor_assign(case=e1_case, by=admin, username="aid-colleague")
    assert e1_case.counselors.filter(username="aid-colleague").exists()


def test_the_owner_assigns_by_code_from_any_organisation(e1_case: Case, people: dict[str, Any]) -> None:
    case_counselor_assign(case=e1_case, by=e1_case.owner, code=counselor_code(people["other_org_admin"]))
    assert e1_case.counselors.filter(username="other-admin").exists()


def test_a_counselor_belongs_to_one_organisation_and_borrowers_to_none(
    owner: Any, people: dict[str, Any]
) -> None:
    field = Profile._meta.get_field("organisation")
    assert field.many_to_one and not field.many_to_many  # one foreign key: one organisation at most
    with pytest.raises(ValueError):
        organisation_member_set(user=owner, organisation=Organisation.objects.first())


def test_the_walk_finds_no_leak_to_the_organisation_s_other_people(
    e1_case: Case, people: dict[str, Any], tmp_path: Path
) -> None:
    from tests.fixtures.formats import write_sms_backup
    from xieshang.evidence.services import evidence_import

    evidence_import(case=e1_case, paths=[write_sms_backup(tmp_path / "sms-1.xml")], user=e1_case.owner)
    file_id = int(e1_case.evidence_files.filter(parent=None).get().pk)
    checked = 0
    for who in ("colleague", "unassigned_admin", "other_org_admin", "independent"):
        client = Client()
        client.force_login(people[who])
        for route in case_routes():
            url = _fill(route, e1_case, file_id)
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                if response.status_code == 405:
                    continue
                assert response.status_code == 404, (who, method, url, response.status_code)
                checked += 1
    assert checked >= 120
    assert list(e1_case.counselors.all()) == [people["assigned_admin"]]  # nothing was added on the way
