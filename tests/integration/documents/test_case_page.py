"""The documents page as a case page (tabs), the complaint letter with the conduct page's options, and
the hardship packet's proofs from the negotiation checklist."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from lxml import html

from tests.fixtures.formats import CST, Mms, MmsPart, Sms, write_sms_backup
from tests.unit.documents.probes import pdf_text
from xieshang.cases.models import Case
from xieshang.cases.services import case_create, debt_add
from xieshang.evidence.models import EvidenceFile
from xieshang.evidence.services import evidence_import
from xieshang.negotiation.models import ChecklistTick

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

OWN = "13800138000"
FRIEND = "13900000002"
DAY = datetime(2024, 3, 6, tzinfo=CST)
SUMMONS = "【捷信】你已被起诉，法院传票明天送到你单位。"
GROUP = "【捷信】您的账单已逾期，请尽快还款。"


@pytest.fixture
def case() -> Case:
    owner = get_user_model().objects.create_user("owner", password="x" * 12)
    case = case_create(
        owner=owner,
        name="wang",
        borrower_name="王芳",
        monthly_income=Decimal("5000"),
        monthly_essential_expenses=Decimal("3200"),
        hardships=["unemployment"],
    )
    debt_add(
        case=case,
        fields={
            "id": "jx",
            "lender": "捷信",
            "lender_type": "consumer_finance",
            "principal": Decimal("20000"),
            "method": "equal_installment",
            "start_date": "2023-06-01",
            "term_months": 12,
            "annual_rate": Decimal("0.18"),
        },
    )
    return case


def client_for(case: Case) -> Client:
    client = Client()
    client.force_login(case.owner)
    return client


def test_documents_page_is_a_case_page_with_its_own_tab(case: Case) -> None:
    client = client_for(case)
    url = reverse("documents:index", args=[case.name])
    doc = html.fromstring(client.get(url).content.decode())
    tabs = doc.xpath('//nav[contains(@class, "tabs")]//a')
    hrefs = [a.get("href") for a in tabs]
    assert reverse("case-budget", args=[case.name]) in hrefs  # the case's other tabs are there
    current = [a for a in tabs if a.get("aria-current") == "page"]
    assert [a.get("href") for a in current] == [url]
    assert current[0].text_content().strip() == "文书"
    complaint_row = doc.xpath('//tr[@data-kind="complaint"]')[0]
    assert reverse("conduct:report", args=[case.name]) in [a.get("href") for a in complaint_row.iter("a")]
    # every other case page links to the documents tab too, not marked current there
    budget = html.fromstring(client.get(reverse("case-budget", args=[case.name])).content.decode())
    link = budget.xpath(f'//nav[contains(@class, "tabs")]//a[@href="{url}"]')
    assert len(link) == 1 and link[0].get("aria-current") is None
    english = Client()
    english.force_login(case.owner)
    english.cookies["django_language"] = "en"
    doc = html.fromstring(english.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode())
    assert "Documents" in [a.text_content().strip() for a in doc.xpath('//nav[contains(@class, "tabs")]//a')]


@pytest.fixture
def with_messages(case: Case, tmp_path: Path, settings: Any) -> Case:
    settings.XIESHANG_EVIDENCE_ROOT = tmp_path / "vault"
    settings.XIESHANG_TSA_URL = ""
    messages: list[Sms | Mms] = [
        Sms("1069012345", SUMMONS, DAY.replace(hour=16)),
        Mms(
            "1069012345",
            DAY.replace(hour=15),
            msg_box=1,
            addrs=(("1069012345", 137), (OWN, 151), (FRIEND, 151)),
            parts=(MmsPart("text/plain", text=GROUP, name="text_0.txt"),),
        ),
    ]
    evidence_import(case=case, paths=[write_sms_backup(tmp_path / "sms-20240307.xml", messages)])
    return case


def complaint(client: Client, case: Case, query: str = "") -> str:
    url = reverse("documents:letter", args=[case.name, "complaint", "txt"])
    response = client.get(url + query)
    assert response.status_code == 200, response.content
    return response.content.decode()


def test_complaint_letter_follows_the_conduct_page_options(with_messages: Case) -> None:
    from xieshang.conduct import conduct_report

    client = client_for(with_messages)
    plain = complaint(client, with_messages)
    options = complaint(client, with_messages, f"?numbers={OWN}&court=1")
    default_rules = {f.rule for f in conduct_report(case=with_messages).findings}
    page_rules = {
        f.rule
        for f in conduct_report(case=with_messages, borrower_numbers=[OWN], court_case_exists=True).findings
    }
    assert "court.fake_process" in default_rules and "court.fake_process" not in page_rules
    assert "third_party.reached_other_number" in page_rules - default_rules
    # the letter shows the page's findings: the group message to a friend only with the own number,
    # the court notice only without a real court case
    assert FRIEND not in plain and FRIEND in options
    summons_row = next(x for x in plain.splitlines() if x.startswith("2024-03-06 16:00"))
    assert not any(x.startswith("2024-03-06 16:00") for x in options.splitlines()), summons_row
    # a junk number is ignored the way the page ignores it (no error)
    assert FRIEND not in complaint(client, with_messages, "?numbers=abc")


def test_packet_links_income_to_a_ticked_checklist_item(with_messages: Case) -> None:
    ChecklistTick.objects.create(case=with_messages, doc_key="payslip", note="原件在本人处")
    ChecklistTick.objects.create(case=with_messages, doc_key="unemployment_certificate")
    client = client_for(with_messages)
    url = reverse("documents:packet", args=[with_messages.name])
    text = pdf_text(client.get(url).content).replace("\n", "").replace(" ", "")
    assert "月净收入（未分项）5,000.00附1" in text
    assert "附1工资单（近3–6个月）原件在本人处" in text and "附2失业证明" in text
    # an imported file of that type wins over the tick
    EvidenceFile.objects.filter(case=with_messages).update(doc_type="payslip")
    text = pdf_text(client.get(url).content).replace("\n", "").replace(" ", "")
    assert "月净收入（未分项）5,000.00E01" in text and "工资单" not in text
