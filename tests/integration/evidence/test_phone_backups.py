"""Phone databases and backups through the import service: a whole iTunes/Finder backup folder (evidence
found through Manifest.db, attachments stored as originals of their own), an encrypted one refused with
nothing written, message statuses kept and shown (drafts never count as sent) and "time unknown"."""

from __future__ import annotations

import csv
import io
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.fixtures.formats import Sms, write_sms_backup
from tests.fixtures.formats_phone_db import IosCall, IosMessage, write_call_history, write_ios_sms_db
from tests.unit.importers.test_phone_dbs import unpack_mvt_backup, write_manifest
from xieshang.conduct.service import conduct_events, conduct_report
from xieshang.core.errors import InputError
from xieshang.documents.stored import write_timeline_csv
from xieshang.evidence.models import EvidenceFile, EvidenceRecord, LedgerEntry
from xieshang.evidence.services import evidence_import, evidence_search

from .conftest import make_case, objects_in

pytestmark = [pytest.mark.django_db]

T0 = datetime(2024, 3, 5, 14, 30, tzinfo=UTC)  # 22:30 in Beijing: a night contact


def test_real_mvt_backup_folder_imports_its_sms_only(tmp_path: Path) -> None:
    case = make_case()
    root = unpack_mvt_backup(tmp_path)
    report = evidence_import(case=case, paths=[root])
    assert [(Path(f.path).name, f.format, f.records) for f in report.files] == [
        ("3d0d7e5fb2ce288813306e4d4636395e047a3d28", "ios_sms_db", 1)
    ]
    record = EvidenceRecord.objects.get(case=case)
    assert record.text == "Please click here https://badbadbad.example.org/"
    assert record.direction == "incoming" and record.message_status == "received"


def test_backup_folder_attachments_become_linked_originals(tmp_path: Path) -> None:
    case = make_case()
    messages = [
        IosMessage(1, "+8613800138000", T0, "还钱", attachments=[
            ("~/Library/SMS/Attachments/ab/11/GUID-A/IMG_0001.jpg", "image/jpeg", "IMG_0001.jpg")]),
        IosMessage(2, "+8613800138000", T0 + timedelta(minutes=1), "我在想办法", from_me=True, is_sent=True),
    ]  # fmt: skip
    sms = write_ios_sms_db(tmp_path / "sms.db", messages, nanoseconds=True)
    calls = write_call_history(tmp_path / "c.storedata", [IosCall("+8613800138000", T0, 30.0, False, True)])
    root = write_manifest(tmp_path / "backup", {
        ("HomeDomain", "Library/SMS/sms.db"): sms.read_bytes(),
        ("HomeDomain", "Library/CallHistoryDB/CallHistory.storedata"): calls.read_bytes(),
        ("MediaDomain", "Library/SMS/Attachments/ab/11/GUID-A/IMG_0001.jpg"): b"\xff\xd8photo",
    })  # fmt: skip
    report = evidence_import(case=case, paths=[root])
    assert sorted(f.format for f in report.files) == ["ios_call_history", "ios_sms_db"]
    assert report.imported["mms"] == 1 and report.imported["sms"] == 1 and report.imported["calls"] == 1
    picture = EvidenceRecord.objects.get(case=case, kind="mms")
    (stored,) = picture.attachments.all()
    assert stored.original_name == "IMG_0001.jpg" and stored.size == len(b"\xff\xd8photo")
    assert EvidenceFile.objects.filter(case=case, parent=None).count() == 2  # the two databases


def test_encrypted_backup_refused_and_nothing_written(tmp_path: Path, vault: Path) -> None:
    case = make_case()
    root = write_manifest(
        tmp_path / "enc", {("HomeDomain", "Library/SMS/sms.db"): os.urandom(8192)}, encrypted=True
    )
    entries = LedgerEntry.objects.count()
    with pytest.raises(InputError) as info:
        evidence_import(case=case, paths=[root])
    assert "这是加密的 iTunes 备份：请在电脑上关闭加密后重新备份" in info.value.message_zh
    assert EvidenceRecord.objects.count() == 0 and LedgerEntry.objects.count() == entries
    assert objects_in(vault) == []


def test_draft_is_kept_shown_and_never_counted_as_sent(tmp_path: Path) -> None:
    case = make_case(lenders=("某某贷",))
    own = "13800138000"
    xml = write_sms_backup(tmp_path / "sms.xml", [
        Sms(own, "【某某贷】你已逾期，今晚必须还款", T0, type=1),
        Sms(own, "草稿：你们再打电话我就投诉", T0 + timedelta(minutes=1), type=3),
        Sms(own, "失败：别再打了", T0 + timedelta(minutes=2), type=5),
        Sms(own, "好的我还", T0 + timedelta(minutes=3), type=2),
    ])  # fmt: skip
    evidence_import(case=case, paths=[xml])
    statuses = dict(EvidenceRecord.objects.filter(case=case).values_list("text", "meta__message_status"))
    assert statuses == {
        "【某某贷】你已逾期，今晚必须还款": "received",
        "草稿：你们再打电话我就投诉": "draft",
        "失败：别再打了": "failed",
        "好的我还": "sent",
    }
    events = conduct_events(case=case)
    assert sorted(e.text for e in events) == ["【某某贷】你已逾期，今晚必须还款", "好的我还"]  # no unsent one
    out = io.BytesIO()
    write_timeline_csv(case, {}, out)
    rows = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))
    by_text = {row[6]: row for row in rows[1:]}
    assert (by_text["草稿：你们再打电话我就投诉"][2], by_text["草稿：你们再打电话我就投诉"][10]) == (
        "",
        "草稿（未发送）",
    )
    assert (by_text["好的我还"][2], by_text["好的我还"][10]) == ("去", "已发送")
    assert by_text["失败：别再打了"][10] == "发送失败"
    hit = evidence_search(query="投诉", case=case).hits[0]
    assert (
        hit.record.unsent and hit.record.get_message_status_display() == "草稿（未发送）"
    )  # zh-Hans default


def test_time_unknown_never_counts_as_an_event_time(tmp_path: Path) -> None:
    """A message with no time of its own (date 0) takes the file's mtime: never a night contact."""
    case = make_case(lenders=("某某贷",))
    messages = [
        IosMessage(1, "95555", T0, "【某某贷】今晚不还款就上门"),  # 22:30 Beijing: night
        IosMessage(2, "95555", None, "【某某贷】再不还款就上门"),
    ]
    db = write_ios_sms_db(tmp_path / "sms.db", messages, nanoseconds=True)
    night = datetime(2024, 3, 6, 15, 0, tzinfo=UTC).timestamp()  # 23:00 Beijing: would be "night" too
    os.utime(db, (night, night))
    evidence_import(case=case, paths=[db])
    unknown = EvidenceRecord.objects.get(case=case, text="【某某贷】再不还款就上门")
    assert unknown.meta["time_source"] == "mtime" and not unknown.time_known
    report = conduct_report(case=case)
    hours = [f for f in report.findings if f.category == "hours"]
    assert hours and all(str(unknown.pk) not in f.evidence_ids for f in hours)
    assert report.summary.time_unknown == 1 and report.summary.contacts == 1
    out = io.BytesIO()
    write_timeline_csv(case, {}, out)
    rows = list(csv.reader(io.StringIO(out.getvalue().decode("utf-8-sig"))))
    assert [row[0].startswith("时间未知") for row in rows[1:]].count(True) == 1


def test_a_corrupt_phone_database_keeps_nothing(tmp_path: Path, vault: Path) -> None:
    import struct

    case = make_case()
    (tmp_path / "phone").mkdir()
    db = write_ios_sms_db(tmp_path / "phone" / "sms.db", [IosMessage(i, "95555", T0, f"第{i}条" * 50) for i in range(1, 400)],
                          nanoseconds=True)  # fmt: skip
    raw = bytearray(db.read_bytes())
    page = struct.unpack(">H", raw[16:18])[0]
    raw[page * 4 : page * 4 + 64] = b"\xff" * 64
    db.write_bytes(bytes(raw))
    before = db.read_bytes()
    entries = LedgerEntry.objects.count()
    with pytest.raises(InputError) as info:
        evidence_import(case=case, paths=[db])
    assert "sms.db" in info.value.message_zh and "corrupt" in info.value.message_en
    assert EvidenceRecord.objects.count() == 0 and EvidenceFile.objects.count() == 0
    assert LedgerEntry.objects.count() == entries and objects_in(vault) == []
    assert db.read_bytes() == before and sorted(p.name for p in db.parent.iterdir()) == ["sms.db"]
