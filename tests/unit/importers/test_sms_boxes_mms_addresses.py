"""SMS Backup & Restore details: every box, typed MMS addresses, date_sent, sub_id, "null" everywhere."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tests.fixtures.formats import Mms, MmsPart, Sms, java_ms, png_bytes, write_sms_backup
from xieshang.importers.base import Direction, RecordKind

T = datetime(2024, 3, 5, 1, 2, 3, tzinfo=UTC)


def test_mms_every_box_and_typed_addresses(tmp_path, parse):
    text = (MmsPart("text/plain", text="还款通知"),)
    group = Mms("95188", T, parts=text, msg_box=1, addrs=(("95188", 137), ("13800138000", 151),
                ("13900000001", 130), ("13900000002", 129)), contact_name="某某消费金融")  # fmt: skip
    boxes = [Mms("95188", T + timedelta(minutes=k), parts=text, msg_box=k) for k in (2, 3, 4, 5)]
    _, records = parse(write_sms_backup(tmp_path / "sms.xml", [group, *boxes]))
    first = records[0]
    assert (first.meta["from"], first.meta["to"], first.meta["cc"], first.meta["bcc"]) == (
        ["95188"], ["13800138000"], ["13900000001"], ["13900000002"])  # fmt: skip
    assert first.meta["addresses"] == ["95188", "13800138000", "13900000001", "13900000002"]
    assert first.counterpart == "95188" and first.counterpart_name == "某某消费金融"
    assert [r.meta["box"] for r in records] == ["inbox", "sent", "draft", "outbox", "failed"]
    assert [r.direction for r in records] == [Direction.INCOMING] + [Direction.OUTGOING] * 4
    assert all(r.kind is RecordKind.MMS and r.text == "还款通知" for r in records)
    assert all(r.counterpart == "95188" for r in records[1:])  # the `address` attribute for sent ones


def test_group_mms_sent_to_tilde_joined_numbers(tmp_path, parse):
    mms = Mms("13900000001~13900000002~null", T, parts=(MmsPart("image/png", data=png_bytes(), name="null"),),
              msg_box=2)  # fmt: skip
    _, [record] = parse(write_sms_backup(tmp_path / "sms.xml", [mms]))
    assert record.counterpart == "13900000001~13900000002"
    assert record.meta["to"] == ["13900000001", "13900000002"]  # the "null" address dropped
    assert record.attachments[0].filename == "part-0"  # "null" name → a neutral one
    assert record.attachments[0].data == png_bytes()


def test_sms_date_sent_sub_id_and_nulls(tmp_path, parse):
    messages = [Sms("95188", "逾期提醒", T, sub_id=2, contact_name="某某消费金融"),
                Sms("95188", "好的", T + timedelta(hours=1), type=2)]  # fmt: skip
    path = write_sms_backup(tmp_path / "sms.xml", messages)
    path.write_text(path.read_text(encoding="utf-8").replace('body="好的"', 'body="null"'), encoding="utf-8")
    _, (received, sent) = parse(path)
    assert received.meta["date_sent"] == T.isoformat() and received.meta["sub_id"] == "2"
    assert "date_sent" not in sent.meta and "sub_id" not in sent.meta  # 0 and absent
    assert sent.text == "" and sent.counterpart_name == ""  # "null" body, "(Unknown)" contact
    assert java_ms(received.timestamp) == java_ms(T)


def test_call_answered_elsewhere_and_unknown_types(tmp_path, parse):
    from tests.fixtures.formats import Call, write_call_log

    _, records = parse(
        write_call_log(tmp_path / "calls.xml", [Call("95188", T, 10, 7), Call("95188", T, 0, 9)])
    )
    assert [(r.meta["call_type"], r.direction) for r in records] == [
        ("answered_elsewhere", Direction.INCOMING),
        ("9", Direction.UNKNOWN),
    ]


def test_empty_and_unknown_files_name_byte_0(tmp_path, refuse):
    for name, data in (("empty.xml", b"  \n"), ("odd.bin", b"\x01\x02\x03 not a known format")):
        path = tmp_path / name
        path.write_bytes(data)
        error = refuse(path)
        assert "byte 0" in error.message_en and "第 0 字节" in error.message_zh


def test_positions_are_chinese_in_the_chinese_message(tmp_path, refuse):
    path = write_sms_backup(tmp_path / "sms.xml", [Sms("1", "x", T), Sms("2", "y", T)])
    path.write_text(path.read_text(encoding="utf-8").replace('address="2"', 'address="2" date="oops"', 1))
    error = refuse(path)
    assert "sms.xml (line 5, column " in error.message_en  # declaration, comment, <smses>, sms 1, sms 2
    assert "sms.xml（第 5 行，第 " in error.message_zh and "XML 格式错误" in error.message_zh
