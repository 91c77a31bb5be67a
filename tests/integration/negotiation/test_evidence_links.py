"""Links to the evidence app: a contact to its call/SMS/files, an agreement to its written confirmation,
a payment to its proof — always within the same case."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from xieshang.cases.models import Case
from xieshang.cases.services import case_create
from xieshang.core.errors import InputError
from xieshang.evidence.models import EvidenceFile, EvidenceRecord
from xieshang.negotiation import services
from xieshang.negotiation.selectors import contact_evidence_candidates

pytestmark = pytest.mark.django_db


def _file(case: Case, name: str, sha: str) -> EvidenceFile:
    return EvidenceFile.objects.create(
        case=case, sha256=sha * 64, size=10, original_name=name, imported_at=timezone.now()
    )


def _record(case: Case, source: EvidenceFile, when: Any, text: str, n: int) -> EvidenceRecord:
    return EvidenceRecord.objects.create(
        case=case,
        kind="sms",
        timestamp=when,
        direction="incoming",
        counterpart="95xxx",
        text=text,
        fingerprint=f"{n:064d}",
        source_file=source,
        importer_name="test",
        importer_version="1",
        imported_at=timezone.now(),
    )


@pytest.fixture
def other(owner: Any) -> Case:
    return case_create(
        owner=owner,
        name="other",
        borrower_name="x",
        monthly_income=Decimal("1"),
        monthly_essential_expenses=Decimal("1"),
    )


def test_contact_links_and_candidates(case: Case, other: Case) -> None:
    when = timezone.now() - timedelta(days=2)
    backup = _file(case, "sms.xml", "a")
    near = _record(case, backup, when + timedelta(minutes=5), "您的分期申请已受理", 1)
    far = _record(case, backup, when + timedelta(days=3), "later", 2)
    contact = services.contact_record(
        case=case, debt=case.debts.get(), channel="phone", occurred_at=when, said="x"
    )
    candidates = contact_evidence_candidates(contact)
    assert near in candidates and far not in candidates
    services.contact_link_evidence(contact=contact, records=[near, far], files=[backup])
    assert set(contact.evidence_records.all()) == {near, far}
    assert far in contact_evidence_candidates(contact)  # linked ones stay listed
    foreign = _file(other, "x.pdf", "b")
    with pytest.raises(InputError, match="another case"):
        services.contact_link_evidence(contact=contact, files=[foreign])
    assert list(contact.evidence_files.all()) == [backup]


def test_agreement_confirmation_and_payment_proof_by_post(case: Case, other: Case, owner: Any) -> None:
    backup = _file(case, "sms.xml", "c")
    receipt = _file(case, "回单.png", "d")
    confirm = _record(case, backup, timezone.now(), "您的停息分期协议已生效", 3)
    foreign_file = _file(other, "y.pdf", "e")
    foreign_record = _record(other, foreign_file, timezone.now(), "x", 4)
    today = timezone.localdate()
    agreement = services.agreement_record(
        case=case,
        debt=case.debts.get(),
        agreed_on=today - timedelta(days=5),  # a payment on the agreement's own day counts before it
        kind="installments",
        amount=Decimal("900.00"),
        months=3,
        first_due_date=today + timedelta(days=10),
    )
    client = Client()
    client.force_login(owner)
    url = f"/cases/{case.name}/agreement/{agreement.pk}/confirm/"
    client.post(url, {"confirmation_record": foreign_record.pk})
    agreement.refresh_from_db()
    assert agreement.confirmation_record is None
    client.post(
        url, {"confirmation_record": confirm.pk, "confirmation_file": backup.pk, "confirmation_note": "短信"}
    )
    agreement.refresh_from_db()
    assert (agreement.confirmation_record, agreement.confirmation_file) == (confirm, backup)
    page = client.get(f"/cases/{case.name}/agreement/").content.decode()
    assert "您的停息分期协议已生效" in page and "sms.xml" in page

    payment = agreement.payments.get(n=1)
    paid = f"/cases/{case.name}/agreement/payments/{payment.pk}/paid/"
    client.post(paid, {"paid_on": today.isoformat(), "proof_file": foreign_file.pk})
    payment.refresh_from_db()
    assert payment.paid_on is None
    client.post(paid, {"paid_on": today.isoformat(), "proof_file": receipt.pk, "proof_note": "回单"})
    payment.refresh_from_db()
    assert payment.paid_on == today and payment.proof_file == receipt
    with pytest.raises(InputError, match="another case"):
        services.agreement_confirm(agreement=agreement, confirmation_file=foreign_file)


def test_contact_form_links_files(case: Case, owner: Any) -> None:
    shot = _file(case, "截图.png", "f")
    client = Client()
    client.force_login(owner)
    response = client.post(
        f"/cases/{case.name}/contacts/",
        {
            "debt": case.debts.get().pk,
            "channel": "wechat",
            "direction": "incoming",
            "occurred_at": "2026-11-28T20:15",
            "said": "催收人员微信语音",
            "evidence_files": [shot.pk],
        },
    )
    assert response.status_code == 302
    contact = case.contacts.get()
    assert list(contact.evidence_files.all()) == [shot]
    assert contact.occurred_at.date() == date(2026, 11, 28)
