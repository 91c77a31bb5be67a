"""The conduct check reads transcripts: a threat said on the phone becomes a finding marked
"机器转写，请核对录音", pointing at the segment and its time; the complaint letter quotes the segment
with its offset; the CLI and the report page say it is a machine transcript."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from xieshang.conduct.service import conduct_report
from xieshang.evidence.models import EvidenceRecord
from xieshang.evidence.transcripts import transcript_request, transcript_run

from .conftest import SAID, FakeTranscriber
from .test_cli_transcribe import cli

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _threat(recording_case: Any) -> tuple[Any, EvidenceRecord]:
    case, recording = recording_case
    transcript_run(transcript=transcript_request(record=recording), transcriber=FakeTranscriber(SAID))
    return case, EvidenceRecord.objects.get(kind="transcript", meta__index=1)


def test_a_threat_in_a_transcript_is_a_finding_marked_machine(recording_case: Any) -> None:
    case, segment = _threat(recording_case)
    report = conduct_report(case=case)
    marked = [f for f in report.findings if str(segment.pk) in f.evidence_ids]
    assert marked, [f.rule for f in report.findings]
    assert all(report.machine_transcript(f) for f in marked)
    body = report.as_json()
    item = next(i for i in body["findings"] if segment.pk in i["evidence_ids"])
    assert item["machine_transcript"] is True and item["note"] == "机器转写，请核对录音"
    assert item["offsets"] == {str(segment.pk): 133.2}
    unmarked = [i for i in body["findings"] if segment.pk not in i["evidence_ids"]]
    assert all("machine_transcript" not in i for i in unmarked)

    status, out, _ = cli("conduct", case.name)
    assert status == 0 and "⚠ 机器转写，请核对录音" in out

    client = Client()
    client.force_login(case.owner)
    page = client.get(reverse("conduct:report", args=[case.name])).content.decode()
    assert "机器转写，请核对录音" in page
    assert f"/recordings/{segment.linked_record_id}/?t=133.2&amp;segment={segment.pk}" in page


def test_the_complaint_letter_quotes_the_segment_with_its_time(recording_case: Any) -> None:
    case, segment = _threat(recording_case)
    client = Client()
    client.force_login(case.owner)
    response = client.get(reverse("documents:letter", args=[case.name, "complaint", "txt"]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "录音文字（机器转写，请核对录音，02:13 起）：今天不还钱就爆你通讯录" in text
    assert "02:13–02:18" in text  # the position in the evidence index


def test_the_dossier_carries_every_segment_with_its_offsets(recording_case: Any) -> None:
    import csv
    import io
    import json
    import zipfile
    from datetime import date

    from xieshang.documents.dossier import verify_dossier
    from xieshang.documents.stored import write_case_dossier

    case, segment = _threat(recording_case)
    out = io.BytesIO()
    manifest = write_case_dossier(case, out, today=date(2024, 3, 7))
    archive = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    rows = list(csv.reader(io.StringIO(archive.read("transcripts.csv").decode("utf-8-sig"))))
    assert rows[0][:4] == ["录音证据", "录音时间", "起", "止"]
    threat = next(r for r in rows[1:] if "爆你通讯录" in r[5])
    assert threat[0] == "E01" and threat[2:4] == ["02:13", "02:18"] and threat[4] == "说话人未区分"
    assert threat[7] == "机器转写，请核对录音" and threat[10] == "f" * 64 and threat[11] == str(segment.pk)
    assert any(t["path"] == "transcripts.csv" for t in manifest["tables"])
    assert any(json.loads(line)["kind"] == "transcript" for line in archive.read("ledger.jsonl").splitlines())
    assert verify_dossier(io.BytesIO(out.getvalue())) == []  # the table is hashed in the manifest
