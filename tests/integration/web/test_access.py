"""Another user's case is a 404 on EVERY case page, file and API endpoint — found by walking the URL
configuration, so pages added later are covered without touching this test."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from xieshang.cases.models import Case

pytestmark = pytest.mark.django_db


def _routes(patterns: Any, prefix: str = "") -> list[str]:
    out = []
    for p in patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            out.extend(_routes(p.url_patterns, route))
        elif isinstance(p, URLPattern):
            out.append(route)
    return out


def case_routes() -> list[str]:
    """Every route naming a case: `cases/<…case_name>/…` (pages) and `api/…{name}…` (the API)."""
    routes = _routes(get_resolver().url_patterns)
    return sorted({r for r in routes if "<slug:case_name>" in r or (r.startswith("api/") and "<name>" in r)})


PLACEHOLDER = "zz-placeholder"


def _fill(route: str, case: Case, file_id: int) -> str:
    path = route.replace("^", "").replace("$", "")
    path = path.replace("<slug:case_name>", case.name).replace("<name>", case.name)
    path = path.replace("<str:key>", "jt360").replace("<int:file_id>", str(file_id))
    path = re.sub(r"<(int:)?[a-z_]*pk>", "1", path)
    path = re.sub(r"<[^>]+>", PLACEHOLDER, path)
    return "/" + path


@pytest.fixture
def evidence_file(e1_case: Case, owner: Any, tmp_path: Path) -> int:
    from tests.fixtures.formats import write_sms_backup
    from xieshang.evidence.services import evidence_import

    evidence_import(case=e1_case, paths=[write_sms_backup(tmp_path / "sms-1.xml")], user=owner)
    return int(e1_case.evidence_files.filter(parent=None).get().pk)


def test_the_walk_finds_the_pages_it_must(e1_case: Case) -> None:
    routes = case_routes()
    for must in ("assessment", "plans", "evidence/files", "search", "export.toml", "debts/<str:key>/"):
        assert any(must in r for r in routes), must
    assert sum(r.startswith("api/") for r in routes) >= 5
    assert len(routes) >= 20


def test_a_stranger_gets_404_on_every_case_url(
    e1_case: Case, evidence_file: int, owner_client: Client, other_client: Client
) -> None:
    checked = 0
    for route in case_routes():
        url = _fill(route, e1_case, evidence_file)
        for method in ("get", "post"):
            response = getattr(other_client, method)(url)
            if response.status_code == 405:  # a method the URL never takes: says nothing about the case
                ghost = getattr(other_client, method)(url.replace(f"/{e1_case.name}", "/no-such-case", 1))
                assert ghost.status_code == 405, (method, url)
                continue
            assert response.status_code == 404, (method, url, response.status_code)
            checked += 1
    assert checked >= 30


def test_the_owner_sees_the_same_pages(e1_case: Case, evidence_file: int, owner_client: Client) -> None:
    """The 404s above are about the user, not broken URLs: the owner reaches each GET page."""
    for route in case_routes():
        url = _fill(route, e1_case, evidence_file)
        if (
            re.search(r"/1/", url)
            or PLACEHOLDER in url
            or "/delete/" in url
            or "/upload/" in url
            or "/done/" in url
        ):
            continue  # placeholders for rows that do not exist, or POST-only actions
        response = owner_client.get(url, {"q": "逾期"})
        assert response.status_code != 404 and response.status_code < 500, (url, response.status_code)


def test_original_file_download_is_access_checked(
    e1_case: Case, evidence_file: int, owner_client: Client, other_client: Client
) -> None:
    from xieshang.evidence.models import EvidenceFile, LedgerEntry

    url = f"/cases/{e1_case.name}/evidence/files/{evidence_file}/"
    exports_before = LedgerEntry.objects.filter(kind=LedgerEntry.Kind.EXPORT).count()
    response = owner_client.get(url)
    assert response.status_code == 200
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert b"<smses" in body and "attachment" in response["Content-Disposition"]
    # The download is an export in the ledger, naming the file.
    export = LedgerEntry.objects.filter(kind=LedgerEntry.Kind.EXPORT).order_by("seq").last()
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.EXPORT).count() == exports_before + 1
    assert export is not None and EvidenceFile.objects.get(pk=evidence_file).sha256 in str(export.payload)
    assert other_client.get(url).status_code == 404
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.EXPORT).count() == exports_before + 1


def test_a_file_of_another_case_is_not_reachable_through_my_case(
    e1_case: Case, evidence_file: int, other: Any, other_client: Client
) -> None:
    from decimal import Decimal

    from xieshang.cases.services import case_create

    mine = case_create(
        owner=other,
        name="mine",
        borrower_name="王",
        monthly_income=Decimal(1),
        monthly_essential_expenses=Decimal(1),
    )
    assert other_client.get(f"/cases/{mine.name}/evidence/files/{evidence_file}/").status_code == 404
    assert other_client.get(f"/cases/{mine.name}/").status_code == 200


def test_anonymous_users_are_sent_to_log_in(e1_case: Case) -> None:
    client = Client()
    response = client.get(f"/cases/{e1_case.name}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(f"/api/cases/{e1_case.name}/assessment").status_code == 401


def test_counselor_sees_assigned_cases_only(e1_case: Case, other: Any, other_client: Client) -> None:
    from xieshang.accounts.services import profile_set_role

    profile_set_role(user=other, role="counselor")
    assert other_client.get(f"/cases/{e1_case.name}/").status_code == 404
    assert "李明" not in other_client.get("/").content.decode()
    e1_case.counselors.add(other)
    assert other_client.get(f"/cases/{e1_case.name}/").status_code == 200
    page = other_client.get("/").content.decode()
    assert "分配给我的案件" in page and "李明" in page


def test_api_writes_need_the_csrf_token(e1_case: Case, owner: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    response = client.post("/api/cases", {"name": "x", "borrower": {}}, content_type="application/json")
    assert response.status_code == 403
