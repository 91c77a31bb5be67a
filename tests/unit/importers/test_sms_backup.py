"""SMS Backup & Restore: every field of sms and mms records, call log entries."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

from tests.fixtures.formats import (
    Call,
    Mms,
    MmsPart,
    Sms,
    png_bytes,
    sample_calls,
    sample_messages,
    write_call_log,
    write_sms_backup,
)
from xieshang.importers.base import Direction, RecordKind


def test_sample_backup_every_field(tmp_path, parse):
    messages = sample_messages()
    name, records = parse(write_sms_backup(tmp_path / "sms-20240305.xml", messages))
    assert name == "sms_backup_restore"
    assert [r.kind for r in records] == [RecordKind.SMS] * 3 + [RecordKind.MMS] * 2
    for message, record in zip(messages, records, strict=True):
        assert record.timestamp == message.when  # Java ms, UTC, exact to the millisecond
        assert record.timestamp.utcoffset() == timedelta(0)
    first, sent, unnamed, mms_in, mms_out = records
    assert first.counterpart == "95188"
    assert first.counterpart_name == "某某消费金融"
    assert first.text == messages[0].body  # newline (&#10;), & and Chinese intact
    assert "\n" in first.text and "&" in first.text
    assert first.direction is Direction.INCOMING
    assert first.meta["service_center"] == "+8613800100500"
    assert first.meta["sub_id"] == "1"
    assert first.meta["box"] == "inbox"
    assert "subject" not in first.meta  # "null" → absent
    assert first.position.startswith("sms #1")
    assert sent.direction is Direction.OUTGOING and sent.meta["box"] == "sent"
    assert sent.counterpart == "+8613800138000"  # spaces removed
    assert sent.text == '好的，我下周一还"500"元 🙏'
    assert unnamed.counterpart_name == ""  # "(Unknown)" → empty
    assert mms_in.direction is Direction.INCOMING
    assert mms_in.counterpart == "10690000123"
    assert mms_in.text == "请查收附件中的催收函。"
    assert mms_in.external_id == "mms-0001@carrier"
    assert mms_in.meta["subject"] == "催收函"
    assert [(a.filename, a.content_type, a.data) for a in mms_in.attachments] == [
        ("image.png", "image/png", png_bytes())
    ]
    assert mms_out.direction is Direction.OUTGOING
    assert mms_out.counterpart == "13900000001~13900000002"
    assert mms_out.attachments == ()
    assert mms_out.position.startswith("mms #2")


def test_sms_types_and_nulls(tmp_path, parse):
    t = datetime(2023, 1, 1, tzinfo=UTC)
    msgs = [Sms("10086", f"t{k}", t + timedelta(seconds=k), type=k) for k in range(1, 7)]
    _, records = parse(write_sms_backup(tmp_path / "sms.xml", msgs))
    assert [r.direction for r in records] == [Direction.INCOMING] + [Direction.OUTGOING] * 5
    assert [r.meta["box"] for r in records] == ["inbox", "sent", "draft", "outbox", "failed", "queued"]
    assert all("service_center" not in r.meta for r in records)


def test_mms_picture_named_with_path_tricks_arrives_unchanged(tmp_path, parse):
    picture = bytes(range(256)) * 10
    mms = Mms(
        "95188",
        datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC),
        parts=(
            MmsPart("application/smil", text="<smil/>", seq=-1),
            MmsPart("image/jpeg", data=picture, name="../../etc/passwd"),
        ),
    )
    _, [record] = parse(write_sms_backup(tmp_path / "sms.xml", [mms]))
    assert record.attachments[0].filename == "../../etc/passwd"
    assert record.attachments[0].data == picture
    assert len(record.attachments) == 1  # the SMIL layout part is skipped


def test_call_log_every_type(tmp_path, parse):
    calls = sample_calls()
    name, records = parse(write_call_log(tmp_path / "calls-20240305.xml", calls))
    assert name == "sms_backup_restore_calls"
    assert all(r.kind is RecordKind.CALL for r in records)
    assert [r.timestamp for r in records] == [c.when for c in calls]
    assert [r.meta["duration_seconds"] for r in records] == [c.duration for c in calls]
    expected = {1: ("incoming", Direction.INCOMING), 2: ("outgoing", Direction.OUTGOING),
                3: ("missed", Direction.MISSED), 4: ("voicemail", Direction.INCOMING),
                5: ("rejected", Direction.MISSED), 6: ("blocked", Direction.MISSED)}  # fmt: skip
    for call, record in zip(calls, records, strict=True):
        assert (record.meta["call_type"], record.direction) == expected[call.type]
    assert records[0].counterpart == "95188" and records[0].counterpart_name == "某某消费金融"
    hidden = records[4]
    assert hidden.counterpart == "" and hidden.meta["presentation"] == "restricted"


def test_call_with_bad_duration_names_position(tmp_path, refuse):
    path = write_call_log(tmp_path / "calls.xml", [Call("1", datetime(2024, 1, 1, tzinfo=UTC), 5)])
    path.write_text(path.read_text().replace('duration="5"', 'duration="abc"'))
    error = refuse(path)
    assert "call #1" in error.message_en and "duration" in error.message_en


def test_absurd_date_refused(tmp_path, refuse):
    path = write_sms_backup(tmp_path / "sms.xml", [Sms("1", "x", datetime(2024, 1, 1, tzinfo=UTC))])
    path.write_text(path.read_text().replace('date="1704067200000"', 'date="99999999999999999"'))
    error = refuse(path)
    assert "sms #1" in error.message_en and "absurd date" in error.message_en


def test_invalid_mms_base64_refused(tmp_path, refuse):
    mms = Mms("1", datetime(2024, 1, 1, tzinfo=UTC), parts=(MmsPart("image/png", data=b"abc", name="a.png"),))
    path = write_sms_backup(tmp_path / "sms.xml", [mms])
    good = base64.b64encode(b"abc").decode()
    path.write_text(path.read_text().replace(f'data="{good}"', 'data="!!!*"'))
    error = refuse(path)
    assert "mms #1" in error.message_en
