"""`xieshang import / search / verify` in-process on real-format files the tests generate."""

from __future__ import annotations

import io
import json
import os
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.fixtures.formats import (
    Call,
    Mms,
    MmsPart,
    Sms,
    png_bytes,
    write_amr,
    write_call_log,
    write_eml,
    write_mp3,
    write_sms_backup,
    xiaomi_recording_name,
)
from xieshang.cli.app import run
from xieshang.cli.context import CliEnv
from xieshang.evidence import store
from xieshang.evidence.models import EvidenceFile, EvidenceRecord, LedgerEntry

from .conftest import objects_in

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]
CST_OFFSET = timedelta(hours=8)


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), CliEnv(stdout=out, stderr=err, environ={"LANG": "zh_CN.UTF-8"}))
    return status, out.getvalue(), err.getvalue()


def imported_json(*argv: str) -> dict:  # type: ignore[type-arg]
    status, out, err = cli("import", *argv, "--json")
    assert status == 0, err
    return json.loads(out)


def test_sms_backup_with_an_mms_picture_is_imported_with_every_field(tmp_path):
    path = write_sms_backup(tmp_path / "sms-20240305.xml")
    doc = imported_json(str(path), "--case", "li-ming")
    assert doc["case"] == "li-ming"
    assert doc["imported"]["sms"] == 3 and doc["imported"]["mms"] == 2
    assert doc["imported"]["attachments"] >= 1 and doc["duplicates_skipped"] == 0
    [f] = doc["files"]
    assert f["format"] == "sms_backup_restore" and f["sha256"] == store.file_sha256(path)
    sms = EvidenceRecord.objects.get(kind="sms", counterpart="95188")
    assert sms.timestamp == datetime(2024, 3, 5, 1, 2, 3, 456000, tzinfo=UTC)
    assert sms.direction == "incoming" and "逾期3天" in sms.text and sms.position
    assert sms.importer_name == "sms_backup_restore" and sms.importer_version
    assert sms.source_file.sha256 == f["sha256"]
    mms = EvidenceRecord.objects.get(kind="mms", external_id="mms-0001@carrier")
    [picture] = mms.attachments.all()
    assert store.object_path(picture.sha256).read_bytes() == png_bytes()
    assert picture.parent.sha256 == f["sha256"] and picture.content_type == "image/png"
    again = imported_json(str(path), "--case", "li-ming")
    assert again["duplicates_skipped"] == 1 and sum(again["imported"].values()) == 0


def test_a_gb2312_labelled_email_keeps_喆_and_珺(tmp_path):
    path = write_eml(tmp_path / "notice.eml", attachments=[("催收函.pdf", "application/pdf", b"%PDF-1.4 x")])
    doc = imported_json(str(path), "--case", "mail")
    assert doc["imported"]["emails"] == 1 and doc["imported"]["attachments"] == 1
    mail = EvidenceRecord.objects.get(kind="email")
    assert "喆" in mail.text and "珺" in mail.text
    assert "喆" in mail.meta.get("subject", "") and "珺" in mail.meta.get("subject", "")
    status, out, _ = cli("search", "王喆", "--json")
    hits = json.loads(out)["hits"]
    assert status == 0 and [h["kind"] for h in hits] == ["email"]
    status, out, _ = cli("search", "珺", "--json", "--kind", "email")
    assert json.loads(out)["total"] == 1


def test_recordings_are_linked_to_their_call_log_entry(tmp_path):
    when = datetime(2024, 3, 5, 9, 30, 0)  # local time, in the file name
    utc = (when - CST_OFFSET).replace(tzinfo=UTC)
    calls = write_call_log(tmp_path / "calls-20240305.xml", [Call("13912345678", utc, 95, 1, "催收")])
    amr = write_amr(tmp_path / f"13912345678_{when:%Y%m%d%H%M%S}.amr", 7.5)
    mp3 = write_mp3(tmp_path / xiaomi_recording_name("13912345678", when + timedelta(hours=2)), 3.0)
    doc = imported_json(str(amr), str(mp3), str(calls), "--case", "calls")
    assert doc["imported"]["recordings"] == 2 and doc["imported"]["calls"] == 1
    call = EvidenceRecord.objects.get(kind="call")
    rec = EvidenceRecord.objects.get(kind="recording", source_file__original_name=amr.name)
    assert rec.counterpart.endswith("13912345678") and rec.timestamp == utc
    assert abs(float(rec.meta["duration_seconds"]) - 7.5) < 0.05
    assert rec.linked_record == call and call.linked_record == rec
    xiaomi = EvidenceRecord.objects.get(kind="recording", source_file__original_name=mp3.name)
    assert xiaomi.linked_record is None  # two hours later: no call to link to


def test_xxe_is_refused_and_nothing_is_kept(tmp_path, vault):
    evil = tmp_path / "sms-evil.xml"
    evil.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE smses [<!ENTITY x SYSTEM "file:///etc/passwd">'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        '<smses count="1"><sms address="1" body="&x;&b;" date="1" type="1" /></smses>\n',
        encoding="utf-8",
    )
    status, out, err = cli("import", str(evil), "--case", "evil")
    assert status == 2 and "sms-evil.xml" in err and "Traceback" not in err and out == ""
    assert EvidenceRecord.objects.count() == 0 and objects_in(vault) == []


def test_a_truncated_backup_exits_2_naming_file_and_position_and_keeps_nothing(tmp_path, vault):
    messages = [
        Sms("95188", f"第{i}条 逾期提醒", datetime(2024, 1, 1, tzinfo=UTC) + timedelta(minutes=i))
        for i in range(50)
    ]
    full = write_sms_backup(tmp_path / "sms-full.xml", messages)
    cut = tmp_path / "sms-cut.xml"
    cut.write_bytes(full.read_bytes()[: len(full.read_bytes()) * 2 // 3])
    before = (EvidenceRecord.objects.count(), EvidenceFile.objects.count(), LedgerEntry.objects.count())
    status, _, err = cli("import", str(cut), "--case", "cut")
    assert status == 2 and "sms-cut.xml" in err and "Traceback" not in err
    assert any(ch.isdigit() for ch in err)  # a line / position
    after = (EvidenceRecord.objects.count(), EvidenceFile.objects.count(), LedgerEntry.objects.count())
    assert after == before and objects_in(vault) == []


def test_oversized_and_empty_files_exit_2(tmp_path, settings):
    settings.XIESHANG_UPLOAD_MAX_BYTES = 50
    big = write_sms_backup(tmp_path / "sms-big.xml")
    status, _, err = cli("import", str(big), "--case", "big")
    assert status == 2 and "sms-big.xml" in err
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    status, _, err = cli("import", str(empty), "--case", "big")
    assert status == 2 and "empty.xml" in err


def test_bad_case_name_and_usage_exit_2(tmp_path):
    path = write_sms_backup(tmp_path / "sms.xml")
    assert cli("import", str(path), "--case", "../x")[0] == 2
    assert cli("search", "逾期", "--case", "nobody")[0] == 2
    assert cli("search", "逾期", "--from", "2024-13-01")[0] == 2
    assert cli("search", "，。")[0] == 2


def test_search_json_and_table(tmp_path):
    write_sms_backup(tmp_path / "sms.xml", [
        Sms("95188", "【某某消费金融】您已逾期3天", datetime(2024, 3, 5, tzinfo=UTC)),
        Sms("13800138000", "好的，下周还款", datetime(2024, 3, 6, tzinfo=UTC), type=2),
        Mms("10690000123", datetime(2024, 3, 7, tzinfo=UTC), parts=(MmsPart("text/plain", text="逾期通知", name="t.txt"),)),
    ])  # fmt: skip
    imported_json(str(tmp_path / "sms.xml"), "--case", "s")
    status, out, _ = cli("search", "逾期", "--json", "--limit", "1")
    doc = json.loads(out)
    assert status == 0 and doc["query"] == "逾期" and doc["total"] == 2 and len(doc["hits"]) == 1
    hit = doc["hits"][0]
    assert set(hit) >= {"id", "kind", "case", "timestamp", "counterpart", "snippet"} and hit["case"] == "s"
    s, e = hit["highlights"][0]
    assert hit["snippet"][s:e] == "逾期"
    status, out, _ = cli("search", "还款", "--kind", "sms", "--from", "2024-03-06", "--to", "2024-03-06")
    assert status == 0 and "好的，下周还款" in out and "共 1 条结果" in out


def test_verify_passes_then_names_the_tampered_file_with_exit_3(tmp_path):
    path = write_sms_backup(tmp_path / "sms.xml")
    imported_json(str(path), "--case", "v")
    status, out, _ = cli("verify", "--json")
    doc = json.loads(out)
    assert status == 0 and doc["ok"] is True and doc["problems"] == []
    assert (
        doc["files_checked"] == EvidenceFile.objects.values("sha256").distinct().count()
        and doc["ledger_entries"] == 1
    )
    sha = store.file_sha256(path)
    obj = store.object_path(sha)
    os.chmod(obj, stat.S_IRUSR | stat.S_IWUSR)
    obj.write_bytes(obj.read_bytes() + b"\n")
    status, out, err = cli("verify", "--json")
    doc = json.loads(out)
    assert status == 3 and doc["ok"] is False
    assert doc["problems"][0]["kind"] == "file" and sha in doc["problems"][0]["item"]
    assert sha in err
    status, _, err = cli("verify")
    assert status == 3 and "sms.xml" in err


def test_an_import_of_a_folder(tmp_path):
    folder = tmp_path / "phone"
    (folder / "call_rec").mkdir(parents=True)
    write_sms_backup(folder / "sms.xml")
    write_mp3(folder / "call_rec" / xiaomi_recording_name("13800138000", datetime(2024, 3, 5, 9, 0)), 2.0)
    doc = imported_json(str(folder), "--case", "folder")
    assert len(doc["files"]) == 2 and doc["imported"]["recordings"] == 1
    assert all(Path(f["path"]).is_file() for f in doc["files"])
