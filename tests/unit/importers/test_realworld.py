"""The real third-party files in tests/fixtures/realworld (provenance and licences in its README.md), read
as they are: exact counts, directions, times, statuses and text; and e-mail headers as real mail has them."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from xieshang.importers.base import Direction, RecordKind
from xieshang.importers.registry import parse_path

REAL = Path(__file__).resolve().parents[2] / "fixtures" / "realworld"


def test_shruggietech_edge_cases() -> None:
    importer, records = parse_path(REAL / "sms_backup_xml" / "shruggietech_edge_cases.xml")
    assert importer.name == "sms_backup_restore"
    assert [(r.kind, r.direction, r.status, r.counterpart) for r in records] == [
        (RecordKind.SMS, Direction.INCOMING, "received", "+15551112222"),
        (RecordKind.SMS, Direction.OUTGOING, "sent", "+15553334444"),
        (RecordKind.SMS, Direction.INCOMING, "received", "+15555556666"),
        (RecordKind.MMS, Direction.INCOMING, "received", "+15557778888"),
    ]
    assert records[1].text == "Hello 🌍 — this has «special» chars & symbols < > \" '"
    assert records[1].counterpart_name == "Charlie Unicode" and records[2].text == ""
    assert [r.timestamp for r in records] == [datetime(2021, 1, 1, h, tzinfo=UTC) for h in range(4)]


def test_shruggietech_minimal_mms_and_calls() -> None:
    _, (mms,) = parse_path(REAL / "sms_backup_xml" / "shruggietech_minimal_mms.xml")
    assert mms.text == "Hello from MMS!" and mms.meta["subject"] == "Test MMS Subject"
    assert [(a.filename, a.content_type, len(a.data)) for a in mms.attachments] == [
        ("image.jpg", "image/jpeg", 70)
    ]
    _, (call,) = parse_path(REAL / "sms_backup_xml" / "shruggietech_minimal_calls.xml")
    assert (call.direction, call.counterpart, call.meta["duration_seconds"]) == (
        Direction.INCOMING,
        "+15551234567",
        125,
    )
    assert call.timestamp == datetime(2021, 1, 3, tzinfo=UTC)


def test_demisto_gb2312_mail() -> None:
    _, (mail,) = parse_path(REAL / "eml" / "demisto_chinese_gb2312_encoding.eml")
    assert mail.text == "Greeting in Chinese\n\n你好，我是程序员，很高兴认识你"
    assert mail.timestamp == datetime(2023, 3, 6, 19, 47, 6, tzinfo=timezone(timedelta(hours=2)))
    assert (mail.counterpart, mail.counterpart_name) == ("sender@example.com", "Sender Name")
    assert mail.meta["raw_headers"]["from"] == "Sender Name <sender@example.com>"
    assert mail.direction == Direction.UNKNOWN  # nothing in the file says whose mailbox it is


def test_demisto_big5_mail_without_date_is_time_unknown(tmp_path: Path) -> None:
    copy = tmp_path / "big5.eml"
    copy.write_bytes((REAL / "eml" / "demisto_chinese_big5_encoding.eml").read_bytes())
    os.utime(copy, (1_700_000_000, 1_700_000_000))
    _, (mail,) = parse_path(copy)
    assert mail.text == "Hello from China\n\n圖形碼"
    assert mail.meta["time_source"] == "mtime" and mail.timestamp == datetime.fromtimestamp(
        1_700_000_000, UTC
    )


def test_demisto_outlook_latin1_mail() -> None:
    _, (mail,) = parse_path(REAL / "eml" / "demisto_file_with_a_long_subject_and_special_characters.eml")
    assert (mail.counterpart, mail.counterpart_name) == ("test@terst.com", "test, Sté")
    assert mail.meta["subject"] == "Those characters : üàéüö will mess with the parsing automation"
    assert mail.timestamp == datetime(2022, 3, 18, 9, 33, 28, tzinfo=UTC)
    assert mail.meta["raw_headers"]["from"] == "=?iso-8859-1?Q?test=2C_St=E9?= <test@terst.com>"


def test_gitpan_amr_recording() -> None:
    importer, (recording,) = parse_path(REAL / "recordings" / "gitpan_test.amr")
    assert importer.name == "call_recording" and recording.meta["duration_seconds"] == 15.06
    assert recording.meta["time_source"] == "mtime"  # no time in its name: never an event time


def _mail(tmp_path: Path, headers: bytes, name: str = "m.eml") -> Path:
    path = tmp_path / name
    path.write_bytes(headers + b"To: me@example.com\r\nDate: Tue, 5 Mar 2024 10:00:00 +0800\r\n\r\nbody\r\n")
    return path


def test_unknown_8bit_encoded_words_are_decoded(tmp_path: Path) -> None:
    gbk = "".join(f"={b:02X}" for b in "张三".encode("gbk")).encode()
    utf8 = "".join(f"={b:02X}" for b in "催款通知".encode()).encode()
    path = _mail(tmp_path, b"From: =?unknown-8bit?q?" + gbk + b"?= <zhang@example.com>\r\n"
                 b"Subject: =?x-unknown?q?" + utf8 + b"?=\r\n")  # fmt: skip
    _, (mail,) = parse_path(path)
    assert mail.counterpart_name == "张三" and mail.meta["subject"] == "催款通知"
    assert mail.meta["raw_headers"]["subject"] == "=?x-unknown?q?" + utf8.decode() + "?="


def test_unquoted_comma_in_display_name_keeps_the_address(tmp_path: Path) -> None:
    _, (mail,) = parse_path(_mail(tmp_path, b"From: Test TEST, test<test@test.com>\r\nSubject: hi\r\n"))
    assert (mail.counterpart, mail.counterpart_name) == ("test@test.com", "Test TEST, test")
    assert mail.meta["raw_headers"]["from"] == "Test TEST, test<test@test.com>"


def test_utf8_bom_at_the_start(tmp_path: Path) -> None:
    importer, (mail,) = parse_path(_mail(tmp_path, b"\xef\xbb\xbfFrom: a@example.com\r\nSubject: BOM\r\n"))
    assert importer.name == "eml" and mail.counterpart == "a@example.com" and mail.meta["subject"] == "BOM"
    assert mail.meta["time_source"] == "date"


def test_outlook_msg_refused_naming_it(tmp_path: Path, refuse) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "催收函.msg"
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504 + "__substg1.0_0037001F".encode("utf-16-le")
    )
    error = refuse(path)
    assert "Outlook 邮件（.msg）" in error.message_zh and ".eml" in error.message_en


def test_vendor_backups_refused_naming_them(tmp_path: Path, refuse) -> None:  # type: ignore[no-untyped-def]
    xiaomi = tmp_path / "短信(com.android.mms).bak"
    xiaomi.write_bytes(b"MIUI BACKUP\n2\ncom.android.mms\n-1\n0\nANDROID BACKUP\n5\n1\nAES-256\nabc\n")
    assert "这是加密的小米备份" in refuse(xiaomi).message_zh
    adb = tmp_path / "backup.ab"
    adb.write_bytes(b"ANDROID BACKUP\n5\n1\nnone\n" + b"x\x9c" + os.urandom(64))
    assert "Android adb 备份" in refuse(adb).message_zh and "mmssms.db" in refuse(adb).message_en
    (tmp_path / "hw").mkdir()
    (tmp_path / "hw" / "info.xml").write_text(
        '<?xml version="1.0"?><info.xml><BackupFilesTypeInfo>'
        '<column name="encMsgV3" value="x"/></BackupFilesTypeInfo></info.xml>'
    )
    enc = tmp_path / "hw" / "sms.db"
    enc.write_bytes(os.urandom(2048))
    assert "华为备份" in refuse(enc).message_zh
    unknown_db = tmp_path / "notes.sqlite"
    import sqlite3

    sqlite3.connect(unknown_db).executescript("CREATE TABLE notes (id, body); CREATE TABLE tags (id);")
    error = refuse(unknown_db)
    assert "结构未知的 SQLite 数据库（表：notes, tags）" in error.message_zh


def test_databases_we_know_but_do_not_read_are_named(tmp_path: Path, refuse) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    ios5 = tmp_path / "sms.db"
    sqlite3.connect(ios5).executescript(
        "CREATE TABLE message (ROWID, address, date, text, flags); CREATE TABLE msg_group (ROWID);"
    )
    assert "iOS 5 或更早版本的短信数据库" in refuse(ios5).message_zh
    whatsapp = tmp_path / "ChatStorage.sqlite"
    sqlite3.connect(whatsapp).executescript("CREATE TABLE ZWAMESSAGE (Z_PK, ZTEXT);")
    assert "WhatsApp" in refuse(whatsapp).message_en
    wechat = tmp_path / "EnMicroMsg.db"
    wechat.write_bytes(os.urandom(4096))  # SQLCipher: no SQLite header
    assert "微信的加密数据库" in refuse(wechat).message_zh
