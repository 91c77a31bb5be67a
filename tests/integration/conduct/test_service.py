"""The conduct service on real-format files imported through the evidence service."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from xieshang.cases.models import Case
from xieshang.conduct import conduct_evidence_index, conduct_report
from xieshang.core.errors import NotFoundError
from xieshang.evidence.models import EvidenceRecord

from .conftest import FRIEND, GROUP, INSULT, LAWFUL, LEGAL, OWN, SENT, SUMMONS, THREAT

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def record_id(text: str) -> str:
    return str(EvidenceRecord.objects.get(text=text).pk)


def rules_citing(findings: Any, evidence_id: str) -> set[str]:
    return {f.rule for f in findings if evidence_id in f.evidence_ids}


def test_findings_link_to_the_right_records(imported_case: Case) -> None:
    report = conduct_report(case=imported_case, borrower_numbers=[OWN])
    findings = report.findings
    threat = record_id(THREAT)
    assert {"hours.night", "threat.visit", "third_party.disclosure"} <= rules_citing(findings, threat)
    assert "insult" in rules_citing(findings, record_id(INSULT))
    assert "court.fake_process" in rules_citing(findings, record_id(SUMMONS))
    group = next(f for f in findings if f.rule == "third_party.reached_other_number")
    assert group.evidence_ids == (record_id(GROUP),) and FRIEND in group.detail_zh
    # Lawful reminders, lawful legal notices and the borrower's own messages produce nothing.
    for text in (LAWFUL, LEGAL, SENT):
        assert rules_citing(findings, record_id(text)) == set(), text
    # The untagged insult is reported without a lender; the threat under the case's lender name.
    assert {f.lender for f in findings if record_id(INSULT) in f.evidence_ids} == {""}
    assert {f.lender for f in findings if threat in f.evidence_ids} == {"招联金融"}


def test_calls_from_the_call_log(imported_case: Case) -> None:
    findings = conduct_report(case=imported_case).findings
    flood = [f for f in findings if f.rule == "frequency.calls_per_day"]
    assert len(flood) == 1
    calls = EvidenceRecord.objects.filter(kind="call", lender="招联金融").order_by("timestamp")
    morning = [str(c.pk) for c in calls][:6]  # oldest first: the six calls of Wednesday morning
    assert set(flood[0].evidence_ids) == set(morning)
    late = str(calls.last().pk)  # type: ignore[union-attr]
    assert "hours.night" in rules_citing(findings, late)
    # The call to the borrower's mother (outgoing, not a lender) is in no finding.
    mother = str(EvidenceRecord.objects.get(kind="call", counterpart__endswith="13512345678").pk)
    assert rules_citing(findings, mother) == set()


def test_options_change_the_findings(imported_case: Case) -> None:
    base = conduct_report(case=imported_case)
    assert "third_party.reached_other_number" not in {f.rule for f in base.findings}  # no own number
    with_case = conduct_report(case=imported_case, court_case_exists=True)
    assert "court.fake_process" not in {f.rule for f in with_case.findings}
    relaxed = conduct_report(case=imported_case, thresholds={"frequency.calls_per_day": 7})
    assert "frequency.calls_per_day" not in {f.rule for f in relaxed.findings}


def test_report_counts_heat_map_and_evidence_index(imported_case: Case) -> None:
    report = conduct_report(case=imported_case, borrower_numbers=[OWN])
    rows = {r.lender: r for r in report.summary.per_lender}
    assert rows["招联金融"].calls == 7 and rows["招联金融"].messages == 3
    assert rows["招联金融"].night_contacts == 2  # the 23:15 threat and the 22:30 call
    assert rows["捷信"].messages == 2
    grid = report.summary.heatmap
    assert grid[2][9] == 2  # Wednesday 09:00–09:59 Beijing time: two of the six calls
    assert sum(map(sum, grid)) == report.summary.contacts == 12
    index = conduct_evidence_index(report, case=imported_case)
    cited = {i for f in report.findings for i in f.evidence_ids}
    assert {str(item.id) for item in index} == cited
    threat = next(item for item in index if item.text == THREAT)
    assert threat.source_file == "sms-20240307.xml" and len(threat.source_sha256) == 64 and threat.position
    doc = report.as_json()
    assert doc["case"] == "wang-fang" and all(
        isinstance(i, int) for f in doc["findings"] for i in f["evidence_ids"]
    )


def test_another_users_case_is_a_404(imported_case: Case) -> None:
    stranger = get_user_model().objects.create_user("stranger", password="x" * 12)
    with pytest.raises(NotFoundError):
        conduct_report(case=imported_case, user=stranger)
    assert conduct_report(case=imported_case, user=imported_case.owner).case == "wang-fang"
