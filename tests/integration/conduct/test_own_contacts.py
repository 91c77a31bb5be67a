"""The conduct check reads the borrower's numbers saved with the case (`Case.own_contacts`): the service,
the report page without any GET parameter, the CLI without `--own-number`, and the complaint letter."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from xieshang.cases.models import Case
from xieshang.cli.app import run
from xieshang.cli.context import CliEnv
from xieshang.conduct.service import conduct_report
from xieshang.evidence.models import EvidenceRecord

from .conftest import FRIEND, GROUP, OWN

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

RULE = "third_party.reached_other_number"


def _save_own(case: Case, *values: str) -> None:
    case.own_contacts = list(values)
    case.save(update_fields=["own_contacts"])


def _group_findings(findings: tuple) -> list:  # type: ignore[type-arg]
    group = EvidenceRecord.objects.get(text=GROUP).pk
    return [f for f in findings if f.rule == RULE and str(group) in f.evidence_ids]


def test_the_stored_numbers_are_the_default(imported_case: Case) -> None:
    assert not _group_findings(conduct_report(case=imported_case).findings)
    _save_own(imported_case, OWN, "li.ming@example.com", "qq:12345678")
    report = conduct_report(case=imported_case)
    found = _group_findings(report.findings)
    assert len(found) == 1 and FRIEND in found[0].detail_zh
    assert report.borrower_numbers == (OWN,)  # phone numbers only, no address or QQ id


def test_given_numbers_are_added_not_replacing(imported_case: Case) -> None:
    _save_own(imported_case, OWN)
    report = conduct_report(case=imported_case, borrower_numbers=[" 13700000009 ", OWN])
    assert report.borrower_numbers == (OWN, "13700000009")
    assert _group_findings(report.findings)  # the stored number still counts
    # Both of the group message's other numbers are the borrower's: no one else was reached.
    both = conduct_report(case=imported_case, borrower_numbers=[FRIEND])
    assert not _group_findings(both.findings)


def _page(client: Client, case: Case, query: str = "") -> str:
    response = client.get(reverse("conduct:report", args=[case.name]) + query)
    assert response.status_code == 200
    return response.content.decode()


def test_page_and_letter_without_any_parameter(imported_case: Case) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(imported_case.owner)
    assert f'data-rule="{RULE}"' not in _page(client, imported_case)
    url = reverse("documents:letter", args=[imported_case.name, "complaint", "txt"]) + "?debt=d1"  # 捷信
    letter_before = client.get(url)
    assert FRIEND not in letter_before.content.decode()
    _save_own(imported_case, OWN)
    page = _page(client, imported_case)
    assert f'data-rule="{RULE}"' in page and 'id="own-contacts-note"' in page
    letter = client.get(url)
    assert letter.status_code == 200 and FRIEND in letter.content.decode()


def test_another_user_still_gets_404(imported_case: Case) -> None:
    _save_own(imported_case, OWN)
    stranger = get_user_model().objects.create_user("stranger", password="x" * 12)
    client = Client()
    client.force_login(stranger)
    assert client.get(reverse("conduct:report", args=[imported_case.name])).status_code == 404
    letter = reverse("documents:letter", args=[imported_case.name, "complaint", "txt"])
    assert client.get(letter).status_code == 404


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), CliEnv(stdout=out, stderr=err, environ={"LANG": "zh_CN.UTF-8"}))
    return status, out.getvalue(), err.getvalue()


def test_cli_without_own_number(imported_case: Case) -> None:
    status, out, err = _cli("conduct", imported_case.name, "--json")
    assert status == 0, err
    assert RULE not in {f["rule"] for f in json.loads(out)["findings"]}
    _save_own(imported_case, OWN)
    status, out, err = _cli("conduct", imported_case.name, "--json", "--own-number", "13700000009")
    assert status == 0, err
    doc = json.loads(out)
    assert RULE in {f["rule"] for f in doc["findings"]}
    assert doc["borrower_numbers"] == [OWN, "13700000009"]
