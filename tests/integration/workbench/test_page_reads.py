"""The dashboard, the case page and the contact log read in a constant number of queries (issue 18, the web
under load): one more case, debt, contact, offer or agreement adds rows, never a query — and what they show
still follows every change at once (what is kept between requests is keyed by what it shows: the digest-keyed
figures, and the pages kept for their cases' revisions — tests/integration/workbench/test_pages_kept.py)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from xieshang.cases.models import Case, Payment
from xieshang.cases.services import case_create, debt_add
from xieshang.evidence.models import EvidenceFile, EvidenceRecord
from xieshang.negotiation import services
from xieshang.workbench import demo

pytestmark = pytest.mark.django_db

# Generous: the pages read about a dozen today; the point is that the count does not grow with the data.
MOST_QUERIES = 20


@pytest.fixture
def owner(db: Any) -> Any:
    return get_user_model().objects.create_user("owner", password="a-long-password-1")


@pytest.fixture
def client(owner: Any) -> Client:
    client = Client()
    client.force_login(owner)
    return client


def _case(owner: Any, name: str, *, debts: int = 1) -> Case:
    case = case_create(
        owner=owner,
        name=name,
        borrower_name="李明",
        monthly_income=Decimal("5200.00"),
        monthly_essential_expenses=Decimal("3600.00"),
        hardships=["unemployment"],
        as_of=timezone.localdate(),
    )
    for n in range(debts):
        debt_add(case=case, fields={**demo.E1_DEBT, "id": f"e{n}"}, payments=demo.E1_PAYMENTS)
    return case


def _file(case: Case, n: int) -> EvidenceFile:
    return EvidenceFile.objects.create(
        case=case, sha256=f"{n:064x}", size=10, original_name=f"f{n}.xml", imported_at=timezone.now()
    )


def _record(case: Case, source: EvidenceFile, n: int) -> EvidenceRecord:
    return EvidenceRecord.objects.create(
        case=case,
        kind="sms",
        timestamp=timezone.now() - timedelta(hours=n),
        direction="incoming",
        counterpart="95xxx",
        text=f"短信 {n}",
        fingerprint=f"{n:064d}",
        source_file=source,
        importer_name="test",
        importer_version="1",
        imported_at=timezone.now(),
    )


def _negotiation(case: Case, n: int) -> None:
    """Contacts (one linked to evidence), an offer from a contact, an agreement with its payments."""
    today = timezone.localdate()
    debts = list(case.debts.order_by("position"))
    debt = debts[n % len(debts)]
    source = _file(case, 1000 * case.pk + n)
    for k in range(2):
        contact = services.contact_record(
            case=case,
            debt=debt,
            channel="phone",
            occurred_at=timezone.now() - timedelta(days=k + 1),
            said=f"通话 {n}-{k}",
            person="王经理",
            follow_up_on=today - timedelta(days=1),
        )
        services.contact_link_evidence(
            contact=contact, records=[_record(case, source, 1000 * case.pk + 10 * n + k)], files=[source]
        )
    services.offer_record(
        case=case,
        proposed_by="borrower",
        proposed_on=today - timedelta(days=1),
        kind="installments",
        debt=debt,
        contact=contact,
        amount=Decimal("9000.00"),
        months=12,
    )
    services.agreement_record(
        case=case,
        debt=debt,
        agreed_on=today - timedelta(days=3 + n),
        kind="installments",
        amount=Decimal("9000.00"),
        months=3,
        first_due_date=today + timedelta(days=2),
    )


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_the_dashboard_reads_the_same_queries_for_one_case_or_five(owner: Any, client: Client) -> None:
    _negotiation(_case(owner, "case-0"), 0)
    one = _queries(client, "/")
    for n in range(1, 5):
        _negotiation(_case(owner, f"case-{n}", debts=2), n)
    five = _queries(client, "/")
    assert one == five
    assert five <= MOST_QUERIES
    page = client.get("/").content.decode()
    assert page.count('class="card case-card"') == 5
    assert "case-4" in page


def test_the_case_page_reads_the_same_queries_for_one_debt_or_four(owner: Any, client: Client) -> None:
    small = _case(owner, "small")
    _negotiation(small, 0)
    one = _queries(client, f"/cases/{small.name}/")
    big = _case(owner, "big", debts=4)
    for n in range(3):
        _negotiation(big, n)
    four = _queries(client, f"/cases/{big.name}/")
    assert one == four
    assert four <= MOST_QUERIES


def test_the_contact_log_reads_the_same_queries_for_two_contacts_or_twenty(
    owner: Any, client: Client
) -> None:
    case = _case(owner, "log")
    _negotiation(case, 0)
    two = _queries(client, f"/cases/{case.name}/contacts/")
    for n in range(1, 10):
        _negotiation(case, n)
    twenty = _queries(client, f"/cases/{case.name}/contacts/")
    assert two == twenty
    assert twenty <= MOST_QUERIES


def test_the_contact_log_shows_each_contacts_own_evidence_and_offers(owner: Any, client: Client) -> None:
    case = _case(owner, "log")
    today = timezone.localdate()
    source = _file(case, 1)
    first = services.contact_record(
        case=case, lender="甲银行", channel="phone", occurred_at=timezone.now() - timedelta(days=2), said="一"
    )
    second = services.contact_record(
        case=case,
        lender="乙银行",
        channel="wechat",
        occurred_at=timezone.now() - timedelta(days=1),
        said="二",
    )
    services.contact_link_evidence(contact=first, records=[_record(case, source, 1)], files=[source])
    offer = services.offer_record(
        case=case,
        proposed_by="lender",
        proposed_on=today,
        kind="waiver",
        lender="乙银行",
        contact=second,
        waived_amount=Decimal("300.00"),
    )
    page = client.get(f"/cases/{case.name}/contacts/").content.decode()
    entries = {
        pk: page[page.index(f'id="contact-{pk}"') :].split("</li>", 1)[0] for pk in (first.pk, second.pk)
    }
    assert "f1.xml" in entries[first.pk] and "neg-evidence" in entries[first.pk]
    assert f"#offer-{offer.pk}" not in entries[first.pk]
    assert f"#offer-{offer.pk}" in entries[second.pk]
    assert "neg-evidence" not in entries[second.pk] and "f1.xml" not in entries[second.pk]
    assert "微信" in entries[second.pk]  # the channel's label, in the page's language


def test_a_change_shows_on_the_next_view(owner: Any, client: Client) -> None:
    """Nothing of a case is kept between two requests: a payment changes the figures, a contact the steps."""
    case = _case(owner, "fresh")
    before = client.get(f"/cases/{case.name}/").content.decode()
    board_before = client.get("/").content.decode()
    Payment.objects.create(debt=case.debts.get(), date=timezone.localdate(), amount=Decimal("1000.00"))
    services.contact_record(
        case=case, debt=case.debts.get(), channel="phone", occurred_at=timezone.now(), said="已联系"
    )
    after = client.get(f"/cases/{case.name}/").content.decode()
    board_after = client.get("/").content.decode()

    def figure(page: str, name: str) -> str:
        return page.split(f'data-figure="{name}">', 1)[1].split("<", 1)[0]

    assert figure(before, "payoff_now") != figure(after, "payoff_now")
    assert 'step step-missing" data-step="contact_early"' in before
    assert 'step step-done" data-step="contact_early"' in after
    assert board_before != board_after
