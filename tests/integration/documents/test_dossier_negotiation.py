"""The dossier holds the negotiation record the borrower wrote down — contacts with 工号 and promises, offers
and counter-offers, the agreement and each payment with its proof — marked as entered by the user, each
with its ledger entry; and no path of the machine that imported the files."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.fixtures.formats import write_sms_backup
from tests.unit.documents.probes import pdf_text
from xieshang.cases.models import Case
from xieshang.documents.dossier import verify_dossier
from xieshang.documents.stored import write_case_dossier
from xieshang.evidence.models import EvidenceFile, LedgerEntry
from xieshang.negotiation.models import Channel, Contact, Party, TermsKind
from xieshang.negotiation.services import (
    agreed_payment_mark_paid,
    agreement_record,
    contact_record,
    offer_record,
)

from .conftest import E1_CASE, cli

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
CST = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def case_with_record(tmp_path: Path) -> Case:
    status, _, err = cli("case", "import", str(E1_CASE), "--name", "e1")
    assert status == 0, err
    upload_dir = tmp_path / "upload-tmp-3f9a" / "nested"
    upload_dir.mkdir(parents=True)
    sms = write_sms_backup(upload_dir / "sms-20240305.xml")
    status, _, err = cli("import", str(sms), "--case", "e1")
    assert status == 0, err
    case = Case.objects.get(name="e1")
    debt = case.debts.get()
    contact_record(
        case=case,
        debt=debt,
        channel=Channel.PHONE,
        direction=Contact.Direction.OUTGOING,
        occurred_at=datetime(2026, 11, 20, 10, 5, tzinfo=CST),
        lender="360借条",
        person="客服 张先生",
        staff_number="K2231",
        said="说明失业，申请停息分期 12 期。",
        promise="三个工作日内回电答复分期方案",
        promise_by=Party.LENDER,
        promise_due=date(2026, 11, 25),
    )
    ours = offer_record(
        case=case,
        debt=debt,
        proposed_by=Party.BORROWER,
        proposed_on=date(2026, 11, 20),
        kind=TermsKind.INSTALLMENTS,
        amount=Decimal("10920.72"),
        months=12,
        annual_rate=Decimal("0"),
    )
    theirs = offer_record(
        case=case,
        debt=debt,
        responds_to=ours,
        proposed_by=Party.LENDER,
        proposed_on=date(2026, 11, 24),
        kind=TermsKind.INSTALLMENTS,
        amount=Decimal("11291.65"),
        months=10,
        annual_rate=Decimal("0"),
    )
    agreement = agreement_record(
        case=case,
        debt=debt,
        offer=theirs,
        agreed_on=date(2026, 11, 26),
        kind=TermsKind.INSTALLMENTS,
        amount=Decimal("11291.65"),
        months=10,
        first_due_date=date(2026, 12, 26),
        confirmation_note="平台短信确认 2026-11-26",
    )
    proof = EvidenceFile.objects.get(case=case, original_name="sms-20240305.xml")
    agreed_payment_mark_paid(
        payment=agreement.payments.get(n=1),
        paid_on=date(2026, 12, 26),
        proof_note="支付宝转账截图",
        proof_file=proof,
    )
    return case


def test_dossier_holds_the_negotiation_record_with_its_ledger_entries(case_with_record: Case) -> None:
    out = io.BytesIO()
    write_case_dossier(case_with_record, out, today=date(2026, 12, 28))
    out.seek(0)
    assert verify_dossier(out) == []
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert "negotiation.csv" in [t["path"] for t in manifest["tables"]]
        csv_text = zf.read("negotiation.csv").decode("utf-8-sig")
        index = pdf_text(zf.read("index.pdf")).replace("\n", "")
        ledger = [json.loads(x) for x in zf.read("ledger.jsonl").decode().splitlines()]
        everything = {name: zf.read(name) for name in zf.namelist()}
    rows = csv_text.splitlines()
    assert rows[0].startswith("时间,事项,内容（用户录入）,台账编号")
    kinds = [r.split(",")[1] for r in rows[1:]]
    assert kinds == ["联系记录", "方案", "还价", "协议", "协议还款"]
    assert "工号 K2231" in csv_text and "三个工作日内回电答复分期方案" in csv_text and "出借方" in csv_text
    assert "已还价" in csv_text and "10,920.72" in csv_text and "11,291.65" in csv_text
    assert "支付宝转账截图" in csv_text and "E01" in csv_text
    # each item points at the ledger entry written when it was entered, and that entry vouches for it
    notes = {x["seq"]: json.loads(x["payload"])["data"] for x in ledger if x["kind"] == "annotation"}
    seqs = [int(r.split(",")[-2]) for r in rows[1:]]
    assert [notes[s]["negotiation"] for s in seqs] == [
        "contact",
        "offer",
        "offer",
        "agreement",
        "agreed_payment",
    ]
    assert all(notes[s]["entered_by_user"] for s in seqs)
    flat = index.replace(" ", "")
    assert "协商记录（借款人录入）" in flat and "K2231" in flat and "支付宝转账截图" in flat
    # no machine path anywhere: not the temporary folder the file came from, not the vault
    for name, data in everything.items():
        if name.startswith("originals/"):
            continue
        text = data.decode("utf-8", "replace")
        assert "upload-tmp-3f9a" not in text and "/tmp/" not in text, name
    assert {f["source_path"] for f in manifest["files"]} <= {"sms-20240305.xml", ""} | {
        f["original_name"] for f in manifest["files"]
    }


def test_every_negotiation_write_is_in_the_ledger(case_with_record: Case) -> None:
    notes = [
        json.loads(e.payload)["data"]
        for e in LedgerEntry.objects.filter(case_name="e1", kind="annotation").order_by("seq")
    ]
    # the counter-offer also answers the first offer (countered) — recorded with the new offer
    assert [n["negotiation"] for n in notes] == ["contact", "offer", "offer", "agreement", "agreed_payment"]
    status, out, err = cli("verify", "--json")
    assert status == 0, err
    assert json.loads(out)["ok"] is True
