"""Letters and the packet of a stored case draw on its evidence: proofs beside the budget figures, the
conduct findings and the evidence index in the complaint."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.fixtures.formats import Call, png_bytes, write_call_log, write_sms_backup
from tests.unit.documents.probes import pdf_text
from xieshang.evidence.models import EvidenceFile

from .conftest import E1_CASE, cli

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case_with_evidence(tmp_path: Path) -> str:
    assert cli("case", "import", str(E1_CASE), "--name", "e1")[0] == 0
    payslip = tmp_path / "工资单-2026-10.png"
    payslip.write_bytes(png_bytes())
    late_call = Call(
        "02150001234", datetime(2026, 11, 20, 15, 30, tzinfo=UTC), 60, 1, "360借条"
    )  # 23:30 Beijing
    calls = write_call_log(tmp_path / "calls-20261120.xml", [late_call])
    sms = write_sms_backup(tmp_path / "sms-20261120.xml")
    status, _, err = cli("import", str(payslip), str(calls), str(sms), "--case", "e1")
    assert status == 0, err
    return "e1"


def test_packet_links_income_to_its_proof(tmp_path: Path, case_with_evidence: str) -> None:
    ref = {f.original_name: f for f in EvidenceFile.objects.filter(case__name="e1")}
    assert "payslip" in ref["工资单-2026-10.png"].doc_type
    out = tmp_path / "packet.pdf"
    status, _, err = cli("packet", case_with_evidence, "-o", str(out))
    assert status == 0, err
    text = pdf_text(out.read_bytes())
    income_line = next(line for line in text.splitlines() if "5,200.00" in line)
    assert "E01" in income_line  # the payslip, the first file imported
    assert "工资单-2026-10.png" in text  # in the evidence index


def test_complaint_cites_findings_and_the_evidence_index(case_with_evidence: str) -> None:
    status, out, err = cli("letter", "complaint", case_with_evidence, "-o", "-")
    assert status == 0, err
    assert "催收行为记录" in out and "2026-11-20 23:30" in out
    assert "证据目录" in out and "calls-20261120.xml" in out
    assert "投诉事实：____" not in out  # the findings replace the blank to fill in
