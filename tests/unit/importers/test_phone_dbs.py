"""Phone databases: iOS sms.db (seconds and nanoseconds shapes, groups, attachments), CallHistory.storedata,
Android mmssms.db and calllog.db / contacts2.db — built from the public schemas — and the real iOS backup
sms.db from mvt-project/mvt."""

from __future__ import annotations

import gzip
import os
import plistlib
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.fixtures.formats_phone_db import (
    AndroidCall,
    AndroidMms,
    AndroidSms,
    IosCall,
    IosChat,
    IosMessage,
    typedstream,
    write_call_history,
    write_calls_db,
    write_ios_sms_db,
    write_mmssms_db,
)
from xieshang.importers.base import Direction, RecordKind
from xieshang.importers.ios_backup import backup_evidence
from xieshang.importers.ios_sms import SMS_DB_FILE_ID, apple_time, attributed_text, backup_file_id
from xieshang.importers.registry import parse_path

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "realworld"
T0 = datetime(2024, 3, 5, 22, 30, 15, tzinfo=UTC)


def _one_to_one() -> list[IosMessage]:
    return [
        IosMessage(1, "+8613800138000", T0, "【某某贷】您的账单已逾期，请今日还款"),
        IosMessage(2, "+8613800138000", T0 + timedelta(minutes=5), "我下周还", from_me=True, is_sent=True),
        IosMessage(3, "+8613800138000", T0 + timedelta(minutes=6), "发送失败的一条", from_me=True, error=4),
        IosMessage(4, "+8613800138000", T0 + timedelta(minutes=7), "还没发出去", from_me=True),
        IosMessage(5, "+8613800138000", None, "没有时间的一条"),
        IosMessage(
            6,
            "+8613800138000",
            T0 + timedelta(hours=1),
            "\ufffc",
            attachments=[
                ("~/Library/SMS/Attachments/ab/11/GUID-A/IMG_0001.jpg", "image/jpeg", "IMG_0001.jpg"),
                ("~/Library/SMS/Attachments/cd/22/GUID-B/gone.png", "image/png", "gone.png"),
            ],
        ),  # fmt: skip
    ]


def test_apple_epoch_seconds_and_nanoseconds() -> None:
    assert apple_time(0) is None
    assert apple_time(731_370_615) == datetime(2024, 3, 5, 22, 30, 15, tzinfo=UTC)
    assert apple_time(731_370_615_123_456_000) == datetime(2024, 3, 5, 22, 30, 15, 123456, tzinfo=UTC)
    assert apple_time(10**20) is None  # past 2100: absurd


def test_ios_sms_db_seconds_shape_one_to_one(tmp_path: Path) -> None:
    folder = tmp_path / "Library" / "SMS"
    (folder / "Attachments" / "ab" / "11" / "GUID-A").mkdir(parents=True)
    (folder / "Attachments" / "ab" / "11" / "GUID-A" / "IMG_0001.jpg").write_bytes(b"\xff\xd8jpeg-bytes")
    db = write_ios_sms_db(folder / "sms.db", _one_to_one(), nanoseconds=False)
    os.utime(db, (1_700_000_000, 1_700_000_000))
    name, records = _parse(db)
    assert name == "ios_sms_db"
    assert len(records) == 6
    assert [r.direction for r in records] == [Direction.INCOMING, Direction.OUTGOING, Direction.OUTGOING,
                                             Direction.OUTGOING, Direction.INCOMING, Direction.INCOMING]  # fmt: skip
    assert [r.status for r in records] == ["received", "sent", "failed", "outbox", "received", "received"]
    assert records[0].timestamp == T0 and records[0].meta["time_source"] == "message"
    assert records[0].text == "【某某贷】您的账单已逾期，请今日还款"
    assert {r.counterpart for r in records} == {"+8613800138000"}
    assert records[2].meta["error"] == 4
    assert records[4].meta["time_source"] == "mtime"
    assert records[4].timestamp == datetime.fromtimestamp(1_700_000_000, UTC)
    picture = records[5]
    assert picture.kind == RecordKind.MMS
    assert [(a.filename, a.content_type, a.data) for a in picture.attachments] == [
        ("IMG_0001.jpg", "image/jpeg", b"\xff\xd8jpeg-bytes")
    ]
    assert picture.meta["attachments_missing"] == ["gone.png"]
    assert all("owner_id" not in r.meta for r in records)  # the owner is not in this shape: never guessed


def test_ios_sms_db_nanoseconds_shape_group_chat(tmp_path: Path) -> None:
    chats = [
        IosChat(1, "chat493021", "催收群", style=43, members=["+8613900000001", "+8613900000002"]),
        IosChat(2, "+8613700000009", members=["+8613700000009"]),
    ]
    messages = [
        IosMessage(
            10, "+8613900000001", T0, "你再不还就通知你家人", chat=1, service="iMessage", attributed=True
        ),
        IosMessage(
            11, "+8613900000002", T0 + timedelta(seconds=30), "我是他同事", chat=1, service="iMessage"
        ),
        IosMessage(
            12,
            "",
            T0 + timedelta(minutes=1),
            "请不要再骚扰我",
            chat=1,
            from_me=True,
            is_delivered=True,
            service="iMessage",
        ),  # fmt: skip
        IosMessage(13, "+8613900000001", T0 + timedelta(minutes=2), None, chat=1, item_type=1),
        IosMessage(14, "+8613700000009", T0 + timedelta(minutes=3), "在吗", chat=2),
    ]
    db = write_ios_sms_db(tmp_path / "sms.db", messages, chats, nanoseconds=True, owner="+8618600000000")
    _, records = _parse(db)
    assert len(records) == 5
    first, second, mine, event, single = records
    assert first.text == "你再不还就通知你家人" and first.meta["text_from"] == "attributedBody"
    assert first.timestamp == T0
    for record in (first, second, mine, event):
        assert record.counterpart == "chat493021" and record.counterpart_name == "催收群"
        assert record.meta["group"] is True
        assert record.meta["members"] == ["+8613900000001", "+8613900000002"]
    assert (first.meta["sender"], second.meta["sender"]) == ("+8613900000001", "+8613900000002")
    assert first.direction == second.direction == Direction.INCOMING
    assert mine.direction == Direction.OUTGOING and mine.status == "sent" and mine.meta["sender"] == ""
    assert event.direction == Direction.UNKNOWN and event.meta["system"] is True and event.status == ""
    assert single.counterpart == "+8613700000009" and "group" not in single.meta
    assert all(r.meta["owner_id"] == "+8618600000000" for r in records)


def test_attributed_body_long_string() -> None:
    text = "长" * 200  # 600 bytes: the 0x81 two-byte length
    assert attributed_text(typedstream(text)) == text
    assert attributed_text(b"no typedstream here") == ""


def test_real_mvt_backup_sms_db(tmp_path: Path) -> None:
    """mvt-project/mvt's test backup (iOS 14.3): one SMS in nanoseconds from the handle `apple`."""
    _, records = _parse(REAL / "ios_backup_mvt" / "3d" / SMS_DB_FILE_ID)
    assert len(records) == 1
    (only,) = records
    assert only.text == "Please click here https://badbadbad.example.org/"
    assert only.direction == Direction.INCOMING and only.status == "received"
    assert only.counterpart == "apple"
    assert only.timestamp == datetime(2019, 8, 29, 23, 13, 30, 539788, tzinfo=UTC)
    assert only.external_id == "FDC6EC94-9D5A-434D-90FA-BF170E10A311"
    assert only.meta["service"] == "SMS"


def unpack_mvt_backup(tmp_path: Path) -> Path:
    root = tmp_path / "backup"
    shutil.copytree(REAL / "ios_backup_mvt", root, ignore=shutil.ignore_patterns("*.gz"))
    with (
        gzip.open(REAL / "ios_backup_mvt" / "Manifest.db.gz") as src,
        (root / "Manifest.db").open("wb") as out,
    ):
        shutil.copyfileobj(src, out)
    return root


def test_real_mvt_backup_folder_found_through_manifest(tmp_path: Path) -> None:
    root = unpack_mvt_backup(tmp_path)
    found = backup_evidence(root)
    assert [(f.domain, f.relative_path, f.path.relative_to(root).as_posix()) for f in found] == [
        ("HomeDomain", "Library/SMS/sms.db", "3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28")
    ]
    assert backup_file_id("HomeDomain", "Library/SMS/sms.db") == SMS_DB_FILE_ID


def write_manifest(root: Path, files: dict[tuple[str, str], bytes], *, encrypted: bool = False) -> Path:
    import sqlite3

    root.mkdir(parents=True, exist_ok=True)
    (root / "Manifest.plist").write_bytes(plistlib.dumps({"IsEncrypted": encrypted, "Version": "10.0"}))
    (root / "Info.plist").write_bytes(plistlib.dumps({"Product Version": "17.2"}))
    conn = sqlite3.connect(root / "Manifest.db")
    conn.execute(
        "CREATE TABLE Files (fileID TEXT PRIMARY KEY, domain TEXT, relativePath TEXT, flags INTEGER, file BLOB)"
    )
    for (domain, relative), data in files.items():
        file_id = backup_file_id(domain, relative)
        conn.execute("INSERT INTO Files VALUES (?,?,?,1,NULL)", (file_id, domain, relative))
        (root / file_id[:2]).mkdir(exist_ok=True)
        (root / file_id[:2] / file_id).write_bytes(data)
    conn.commit()
    conn.close()
    return root


def test_backup_folder_links_attachments_and_call_history(tmp_path: Path) -> None:
    sms = write_ios_sms_db(tmp_path / "sms.db", _one_to_one(), nanoseconds=True)
    calls = write_call_history(tmp_path / "ch.storedata", [IosCall("10086", T0, 61.0, False, True)])
    root = write_manifest(tmp_path / "backup", {
        ("HomeDomain", "Library/SMS/sms.db"): sms.read_bytes(),
        ("HomeDomain", "Library/CallHistoryDB/CallHistory.storedata"): calls.read_bytes(),
        ("MediaDomain", "Library/SMS/Attachments/ab/11/GUID-A/IMG_0001.jpg"): b"\xff\xd8from-backup",
        ("HomeDomain", "Library/Preferences/com.apple.x.plist"): b"bplist00",
    })  # fmt: skip
    found = backup_evidence(root)
    assert sorted(f.what for f in found) == ["CallHistory.storedata", "sms.db"]
    sms_file = next(f.path for f in found if f.what == "sms.db")
    _, records = _parse(sms_file)
    assert [a.data for a in records[5].attachments] == [b"\xff\xd8from-backup"]
    assert records[5].meta["attachments_missing"] == ["gone.png"]
    _, call_records = _parse(next(f.path for f in found if f.what == "CallHistory.storedata"))
    assert [(c.counterpart, c.direction, c.meta["duration_seconds"]) for c in call_records] == [
        ("10086", Direction.INCOMING, 61)
    ]


def test_encrypted_backup_refused_with_what_to_do(tmp_path: Path) -> None:
    root = write_manifest(
        tmp_path / "enc", {("HomeDomain", "Library/SMS/sms.db"): os.urandom(4096)}, encrypted=True
    )
    with pytest.raises(Exception) as info:
        backup_evidence(root)
    assert "这是加密的 iTunes 备份：请在电脑上关闭加密后重新备份" in info.value.message_zh  # type: ignore[attr-defined]
    error = _refused(root / SMS_DB_FILE_ID[:2] / SMS_DB_FILE_ID)
    assert (
        "这是加密的 iTunes 备份" in error.message_zh and "encrypted iTunes/Finder backup" in error.message_en
    )


def test_ios_call_history(tmp_path: Path) -> None:
    calls = [
        IosCall("+8613800138000", T0, 125.0, originated=False, answered=True, name="某某贷"),
        IosCall(b"13800138000", T0 + timedelta(hours=1), 0.0, originated=False, answered=False),
        IosCall("13800138000", T0 + timedelta(hours=2), 33.5, originated=True, answered=True),
        IosCall(
            "me@icloud.com",
            T0 + timedelta(hours=3),
            10.0,
            False,
            True,
            call_type=16,
            provider="com.apple.FaceTime",
        ),  # fmt: skip
        IosCall("wxid_abc", T0 + timedelta(hours=4), 5.0, False, True, provider="com.tencent.xin"),
    ]
    name, records = _parse(write_call_history(tmp_path / "CallHistory.storedata", calls))
    assert name == "ios_call_history"
    assert [
        (r.counterpart, r.direction, r.meta["duration_seconds"], r.meta["call_type"]) for r in records
    ] == [
        ("+8613800138000", Direction.INCOMING, 125, "incoming"),
        ("13800138000", Direction.MISSED, 0, "missed"),
        ("13800138000", Direction.OUTGOING, 33.5, "outgoing"),
        ("me@icloud.com", Direction.INCOMING, 10, "incoming"),
        ("wxid_abc", Direction.INCOMING, 5, "incoming"),
    ]
    assert records[0].counterpart_name == "某某贷" and records[0].timestamp == T0
    assert records[3].meta["medium"] == "facetime_audio" and records[4].meta["service"] == "com.tencent.xin"
    assert all(r.kind == RecordKind.CALL for r in records)


def _ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


def test_android_mmssms_db_statuses_and_mms(tmp_path: Path) -> None:
    sms = [
        AndroidSms("10690000", _ms(T0), 1, "【某某贷】您已逾期3天"),
        AndroidSms("+86 138 0013 8000", _ms(T0) + 1000, 2, "收到"),
        AndroidSms(None, _ms(T0) + 2000, 3, "草稿：我想协商还款", thread_id=7),
        AndroidSms("13800138000", _ms(T0) + 3000, 4, "发件箱"),
        AndroidSms("13800138000", _ms(T0) + 4000, 5, "失败"),
        AndroidSms("13800138000", _ms(T0) + 5000, 6, "排队"),
    ]
    (tmp_path / "app_parts").mkdir()
    (tmp_path / "app_parts" / "PART_1700000000001").write_bytes(b"\x89PNGpicture")
    mms = [
        AndroidMms(int(T0.timestamp()) + 60, 1, [("13900000001", 137), ("18600000000", 151), ("13900000002", 151)],
                   [("text/plain", "群发：大家来评评理", None),
                    ("image/png", None, "/data/user_de/0/com.android.providers.telephony/app_parts/PART_1700000000001")],
                   m_id="MID-1"),
        AndroidMms(int(T0.timestamp()) + 120, 2, [("insert-address-token", 137), ("13900000001", 151)],
                   [("text/plain", "别发了", None), ("image/jpeg", None, "/data/app_parts/PART_missing")]),
    ]  # fmt: skip
    db = write_mmssms_db(tmp_path / "mmssms.db", sms, mms, threads={7: ["13800138000"]})
    name, records = _parse(db)
    assert name == "android_mmssms_db"
    assert len(records) == 8
    texts = records[:6]
    assert [r.status for r in texts] == ["received", "sent", "draft", "outbox", "failed", "queued"]
    assert [r.direction for r in texts] == [Direction.INCOMING] + [Direction.OUTGOING] * 5
    assert [r.counterpart for r in texts] == ["10690000", "+8613800138000", "13800138000", "13800138000",
                                             "13800138000", "13800138000"]  # fmt: skip
    assert texts[2].meta["address_from"] == "thread"
    assert texts[0].timestamp == T0 and texts[0].meta["date_sent"] == (T0 - timedelta(seconds=2)).isoformat()
    group, sent = records[6:]
    assert (
        group.kind == RecordKind.MMS and group.status == "received" and group.direction == Direction.INCOMING
    )
    assert group.counterpart == "13900000001" and group.meta["group"] is True
    assert group.meta["sender"] == "13900000001" and group.meta["to"] == ["18600000000", "13900000002"]
    assert group.timestamp == T0 + timedelta(seconds=60)  # pdu dates are seconds
    assert group.text == "群发：大家来评评理" and group.external_id == "MID-1"
    assert [(a.filename, a.data) for a in group.attachments] == [("PART_1700000000001", b"\x89PNGpicture")]
    assert (
        sent.direction == Direction.OUTGOING and sent.status == "sent" and sent.counterpart == "13900000001"
    )
    assert sent.meta["group"] is False and sent.meta["attachments_missing"] == ["PART_missing"]


@pytest.mark.parametrize("contacts2", [False, True])
def test_android_call_log_db(tmp_path: Path, contacts2: bool) -> None:
    calls = [
        AndroidCall("13800138000", _ms(T0), 65, 1, "某某贷客服"),
        AndroidCall("13800138000", _ms(T0) + 60_000, 0, 3),
        AndroidCall("+86 139 0000 0001", _ms(T0) + 120_000, 12, 2),
        AndroidCall("-2", _ms(T0) + 180_000, 0, 5, presentation=2),
        AndroidCall("13800138000", _ms(T0) + 240_000, 0, 6),
    ]
    db = write_calls_db(
        tmp_path / ("contacts2.db" if contacts2 else "calllog.db"), calls, contacts2=contacts2
    )
    name, records = _parse(db)
    assert name == "android_calls_db"
    assert [
        (r.counterpart, r.direction, r.meta["call_type"], r.meta["duration_seconds"]) for r in records
    ] == [
        ("13800138000", Direction.INCOMING, "incoming", 65),
        ("13800138000", Direction.MISSED, "missed", 0),
        ("+8613900000001", Direction.OUTGOING, "outgoing", 12),
        ("", Direction.MISSED, "rejected", 0),
        ("13800138000", Direction.MISSED, "blocked", 0),
    ]
    assert records[0].counterpart_name == "某某贷客服" and records[0].timestamp == T0
    assert records[3].meta["presentation"] == "restricted"
    assert records[0].meta["location"] == "广东深圳"


def _parse(path: Path) -> tuple[str, list]:  # type: ignore[type-arg]
    importer, records = parse_path(path)
    return importer.name, records


def _refused(path: Path):  # type: ignore[no-untyped-def]
    from xieshang.importers.base import ImportFormatError

    with pytest.raises(ImportFormatError) as info:
        parse_path(path)
    assert path.name in info.value.message_zh
    return info.value


def test_android_mms_group_decided_with_the_cases_own_number(tmp_path: Path) -> None:
    from dataclasses import replace

    from xieshang.importers.registry import context_for, parse_stream

    mms = [
        AndroidMms(1_709_650_000, 1, [("13900000001", 137), ("+86 186 0000 0000", 151)], [("text/plain", "一对一", None)]),
        AndroidMms(1_709_650_060, 1, [("13900000001", 137), ("18600000000", 151), ("13700000002", 151)],
                   [("text/plain", "群发", None)]),
        AndroidMms(1_709_650_120, 1, [("13900000001", 137), ("18600000000", 151), ("+8618600000000", 151)],
                   [("text/plain", "本人号码写了两种格式", None)]),
    ]  # fmt: skip
    db = write_mmssms_db(tmp_path / "mmssms.db", [], mms)
    _, unknown_owner = parse_path(db)
    assert [r.meta["group"] for r in unknown_owner] == [False, True, False]  # one number in two formats
    context = replace(context_for(db), owner_ids=frozenset({"+8618600000000"}))
    with db.open("rb") as stream:
        _, records = parse_stream(stream, context)
        assert [r.meta["group"] for r in records] == [False, True, False]
