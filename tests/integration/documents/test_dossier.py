"""The evidence dossier round trip: unzip, re-hash every original, compare with the manifest and the ledger."""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
import zipfile
from datetime import datetime
from pathlib import Path

import pytest

from tests.fixtures.formats import write_call_log, write_sms_backup
from tests.unit.documents.probes import assert_real_cjk_glyphs, pdf_text
from xieshang.core.spreadsheet import csv_cell
from xieshang.documents.dossier import verify_dossier
from xieshang.evidence import store
from xieshang.evidence.models import EvidenceFile, LedgerEntry

from .conftest import E1_CASE, cli

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture
def stored_case(tmp_path: Path) -> str:
    status, _, err = cli("case", "import", str(E1_CASE), "--name", "e1")
    assert status == 0, err
    sms = write_sms_backup(tmp_path / "sms-20240305.xml")
    calls = write_call_log(tmp_path / "calls-20240305.xml")
    status, _, err = cli("import", str(sms), str(calls), "--case", "e1")
    assert status == 0, err
    return "e1"


def test_dossier_round_trip_matches_manifest_store_and_ledger(tmp_path: Path, stored_case: str) -> None:
    out = tmp_path / "dossier.zip"
    status, _, err = cli("dossier", stored_case, "-o", str(out))
    assert status == 0, err
    assert verify_dossier(str(out)) == []
    files = {f.sha256: f for f in EvidenceFile.objects.filter(case__name=stored_case)}
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert {f["sha256"] for f in manifest["files"]} == set(files)
        for entry in manifest["files"]:
            data = zf.read(entry["path"])
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]
            with store.open_object(entry["sha256"]) as fh:
                assert fh.read() == data  # the original, byte for byte
            original = files[entry["sha256"]]
            assert entry["size"] == original.size == len(data)
            assert entry["original_name"] == original.original_name
            assert datetime.fromisoformat(entry["imported_at"]) == original.imported_at
            ledger_entry = LedgerEntry.objects.get(seq=entry["ledger_seq"])
            assert ledger_entry.kind == "import"
            vouched = json.loads(ledger_entry.payload)["data"]
            assert entry["sha256"] in [vouched["file"], *vouched["attachments"]]
        case_entries = (
            LedgerEntry.objects.filter(case_name=stored_case).exclude(kind="export").order_by("seq")
        )
        head = case_entries.last()
        assert head is not None
        assert manifest["ledger_head"] == {"seq": head.seq, "hash": head.hash}
        lines = [json.loads(x) for x in zf.read("ledger.jsonl").decode().splitlines()]
        assert [(x["seq"], x["hash"], x["prev_hash"]) for x in lines] == [
            (e.seq, e.hash, e.prev_hash) for e in case_entries
        ]
        index = zf.read("index.pdf")
    assert LedgerEntry.objects.filter(case_name=stored_case, kind="export").count() == 1
    text = pdf_text(index).replace("\n", "")
    assert "证据目录及联系时间线" in text and head.hash in text.replace(" ", "")
    stamps = re.findall(r"20\d\d-\d\d-\d\d \d\d:\d\d", text)
    timeline = stamps[len(files) :]  # the evidence index lists first times; then the timeline, in order
    assert len(timeline) >= 10 and timeline == sorted(timeline)
    assert "95188" in text and "通话 125 秒" in text
    assert_real_cjk_glyphs(index)


def test_the_same_evidence_gives_the_same_bytes(tmp_path: Path, stored_case: str) -> None:
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    assert cli("dossier", stored_case, "-o", str(first))[0] == 0
    assert cli("dossier", stored_case, "-o", str(second))[0] == 0  # the first export is in the ledger now
    assert first.read_bytes() == second.read_bytes()


def test_a_changed_original_stops_the_export(tmp_path: Path, stored_case: str) -> None:
    sha = EvidenceFile.objects.filter(case__name=stored_case).order_by("id").first().sha256  # type: ignore[union-attr]
    path = store.object_path(sha)
    os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
    path.write_bytes(path.read_bytes() + b"tampered")
    out = tmp_path / "d.zip"
    status, _, err = cli("dossier", stored_case, "-o", str(out))
    assert status == 3 and "SHA-256" in err
    assert not out.exists()


def test_verifier_finds_a_changed_file_in_the_zip(tmp_path: Path, stored_case: str) -> None:
    good = tmp_path / "good.zip"
    assert cli("dossier", stored_case, "-o", str(good))[0] == 0
    bad = io.BytesIO()
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        changed = ""
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("originals/") and b"95188" in data and not changed:
                data, changed = data.replace(b"95188", b"95189", 1), info.filename
            dst.writestr(info, data)
    problems = verify_dossier(io.BytesIO(bad.getvalue()))
    assert [(p.item, p.detail) for p in problems] == [(changed, "sha256 differs from the manifest")]


def test_unknown_case_is_an_input_error(tmp_path: Path) -> None:
    status, _, err = cli("dossier", "nobody", "-o", str(tmp_path / "x.zip"))
    assert status == 2 and "nobody" in err


def test_the_timeline_csv_holds_every_record_and_a_big_case_keeps_its_pdf_small(
    tmp_path: Path, stored_case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole phone backup would make a PDF of hundreds of thousands of rows (minutes, gigabytes): the PDF
    lists the lender-tagged records (newest first cut), the CSV every record in full."""
    import csv

    from xieshang.documents import stored
    from xieshang.evidence.models import EvidenceRecord

    records = list(
        EvidenceRecord.objects.filter(case__name=stored_case, kind__in=stored.TIMELINE_KINDS).order_by(
            "timestamp", "id"
        )
    )
    tagged = [r for r in records if r.lender]
    assert len(records) > 6 and 2 < len(tagged) < len(records)
    monkeypatch.setattr(stored, "TIMELINE_PDF_ROWS", 2)
    out = tmp_path / "big.zip"
    assert cli("dossier", stored_case, "-o", str(out))[0] == 0
    assert verify_dossier(str(out)) == []
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        raw = zf.read("timeline.csv")
        index = zf.read("index.pdf")
    assert manifest["tables"][0] == {"path": "timeline.csv", "sha256": hashlib.sha256(raw).hexdigest()}
    assert raw.startswith(b"\xef\xbb\xbf")  # a BOM: Excel and WPS read the Chinese right
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == list(stored.CSV_HEADER)
    assert [int(row[8]) for row in rows[1:]] == [r.pk for r in records]
    for row, record in zip(rows[1:], records, strict=True):
        assert datetime.fromisoformat(row[0]) == record.timestamp
        # cells a spreadsheet would run as a formula (+86…) carry a leading quote (core.spreadsheet)
        assert (row[3], row[5]) == (csv_cell(record.counterpart), csv_cell(record.lender))
        if record.kind != "call":
            assert row[6] == csv_cell(" ".join(record.text.split()))  # the full text, not the PDF's 80
    text = pdf_text(index).replace("\n", "").replace(" ", "")
    assert f"本案共有{len(records)}条" in text and "timeline.csv" in text
    assert f"与借款机构有关的{len(tagged)}条中最近的2条" in text
    newest = sorted(tagged, key=lambda r: (r.timestamp, r.pk))[-2:]
    stamps = re.findall(r"20\d\d-\d\d-\d\d\d\d:\d\d", text)
    shown = [
        s for s in stamps if s in {f"{r.timestamp.astimezone(stored._tz()):%Y-%m-%d%H:%M}" for r in records}
    ]
    assert len(set(shown) - {f"{r.timestamp.astimezone(stored._tz()):%Y-%m-%d%H:%M}" for r in newest}) <= len(
        EvidenceFile.objects.filter(case__name=stored_case)
    )  # beyond the two newest tagged records, only the evidence index's first times

    tampered = io.BytesIO()
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(tampered, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data.replace(b"95188", b"95189") if info.filename == "timeline.csv" else data)
    problems = verify_dossier(io.BytesIO(tampered.getvalue()))
    assert [(p.item, p.detail) for p in problems] == [("timeline.csv", "sha256 differs from the manifest")]


def test_many_findings_are_grouped_in_the_pdf_and_listed_in_findings_csv(
    tmp_path: Path, stored_case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import csv

    from tests.fixtures.formats import CST, Sms
    from xieshang.cases.models import Case
    from xieshang.documents import packet, stored

    threats = write_sms_backup(
        tmp_path / "sms-threats.xml",
        [
            Sms(
                "1069055500",
                "【360借条】再不还款明天就派人去你单位找你领导，让你同事都知道。",
                datetime(2024, 3, 6, 14, 10, tzinfo=CST),
            ),
            Sms(
                "1069055500",
                "【360借条】再不还款就上门到你家里找你父母。",
                datetime(2024, 3, 7, 9, 30, tzinfo=CST),
            ),
            Sms(
                "02161230000",
                "【360借条】你已被起诉，法院传票明天送到你单位。",
                datetime(2024, 3, 8, 16, 45, tzinfo=CST),
            ),
        ],
    )
    assert cli("import", str(threats), "--case", stored_case)[0] == 0
    case = Case.objects.get(name=stored_case)
    findings = stored.finding_facts(case, stored._refs(stored._files(case)))
    assert len(findings) >= 2
    monkeypatch.setattr(packet, "FINDINGS_LISTED", 1)
    out = tmp_path / "grouped.zip"
    assert cli("dossier", stored_case, "-o", str(out))[0] == 0
    assert verify_dossier(str(out)) == []
    with zipfile.ZipFile(out) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        raw = zf.read("findings.csv")
        text = pdf_text(zf.read("index.pdf")).replace("\n", "").replace(" ", "")
    assert {"path": "findings.csv", "sha256": hashlib.sha256(raw).hexdigest()} in manifest["tables"]
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == list(stored.FINDINGS_CSV_HEADER)
    assert [(row[1], row[2], row[8]) for row in rows[1:]] == [
        (f.rule, f.detail, " ".join(f.evidence_ids)) for f in findings
    ]
    groups = {(f.rule, f.lender) for f in findings}
    assert f"共发现{len(findings)}项可能的不当催收，按规则和机构归并为{len(groups)}行" in text
    assert "findings.csv" in text
