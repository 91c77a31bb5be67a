"""E-mail: GB2312-labelled text with GBK-only characters (喆, 珺), attachments, mbox streaming."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from tests.fixtures.formats import EmailSpec, email_bytes, pdf_bytes, write_eml, write_mbox
from xieshang.importers.base import Direction, RecordKind


@pytest.mark.parametrize("charset", ["gb2312", "gbk", "GB2312", "x-gbk", "cp936", "gb18030", "utf-8"])
def test_gb_labelled_message_decodes_gbk_only_characters(tmp_path, parse, charset):
    spec = EmailSpec()
    assert "喆" in spec.subject and "珺" in spec.subject and "喆" in spec.from_name and "珺" in spec.body
    name, [record] = parse(write_eml(tmp_path / "bill.eml", charset=charset))
    assert name == "eml"
    assert record.kind is RecordKind.EMAIL
    assert record.meta["subject"] == spec.subject
    assert record.counterpart_name == spec.from_name
    assert record.counterpart == spec.from_addr
    assert record.meta["to"] == [spec.to_addr]
    assert record.text == f"{spec.subject}\n\n{spec.body}"
    assert record.timestamp == spec.date
    assert record.external_id == spec.message_id.strip("<>")
    assert record.direction is Direction.UNKNOWN


def test_attachments_keep_untrusted_names_and_bytes(tmp_path, parse):
    files = [
        ("../../etc/passwd", "text/plain", b"root:x:0:0"),
        ("还款计划喆.pdf", "application/pdf", pdf_bytes()),
    ]
    _, [record] = parse(write_eml(tmp_path / "a.eml", attachments=files))
    assert [(a.filename, a.content_type, a.data) for a in record.attachments] == files


def test_raw_8bit_gbk_headers(tmp_path, parse):
    raw = (
        "From: 王喆 <wz@lender.example.cn>\nTo: a@b.c\nSubject: 催收通知珺\nDate: Tue, 05 Mar 2024 10:30:00 +0800\n"
        'Message-ID: <x1@y>\nContent-Type: text/plain; charset="gbk"\nContent-Transfer-Encoding: 8bit\n\n请联系王喆。\n'
    ).encode("gb18030")
    path = tmp_path / "raw.eml"
    path.write_bytes(raw)
    _, [record] = parse(path)
    assert record.meta["subject"] == "催收通知珺"
    assert record.counterpart_name == "王喆"
    assert record.text.endswith("请联系王喆。")


def test_html_only_body_becomes_text(tmp_path, parse):
    path = tmp_path / "h.eml"
    path.write_bytes(email_bytes(EmailSpec(body="第一段\n第二段", html_only=True, charset="utf-8")))
    _, [record] = parse(path)
    assert "第一段" in record.text and "第二段" in record.text and "<p>" not in record.text


def test_mbox_streams_every_message(tmp_path, parse):
    name, records = parse(write_mbox(tmp_path / "inbox.mbox", 30, attachment_every=10, charset="gb2312"))
    assert name == "mbox"
    assert [r.external_id for r in records] == [f"msg-{i}@example.cn" for i in range(30)]
    start = datetime(2024, 1, 1, 8, 0, tzinfo=timezone(timedelta(hours=8)))
    assert [r.timestamp for r in records] == [start + timedelta(hours=i) for i in range(30)]
    assert [len(r.attachments) for r in records] == [1 if i % 10 == 0 else 0 for i in range(30)]
    assert records[0].attachments[0].filename == "催收函.pdf"
    assert all(r.meta["subject"].endswith(f"#{i}") for i, r in enumerate(records))
    assert records[29].position.startswith("message 30")


def test_mboxrd_from_lines_unescaped_and_from_line_date_fallback(tmp_path, parse):
    path = tmp_path / "box"
    path.write_bytes(
        b"From a@b.c Tue Mar  5 02:30:00 2024\nFrom: a@b.c\nTo: me@x.y\nSubject: s1\n\nline\n>From here on\n\n"
        b"From c@d.e Wed Mar  6 02:30:00 2024\nFrom: c@d.e\nSubject: s2\nMessage-ID: <m2@d>\n\nbody 2\n"
    )
    name, (first, second) = parse(path)
    assert name == "mbox"
    assert first.text == "s1\n\nline\nFrom here on"
    assert first.timestamp == datetime(2024, 3, 5, 2, 30, tzinfo=UTC)  # no Date header: the From_ line
    assert second.counterpart == "c@d.e" and second.external_id == "m2@d"


def test_truncated_multipart_refused(tmp_path, refuse):
    data = email_bytes(EmailSpec(attachments=(("a.pdf", "application/pdf", pdf_bytes()),)))
    path = tmp_path / "cut.eml"
    path.write_bytes(data[: len(data) - 200])
    assert "truncated" in refuse(path).message_en


def test_gmail_sent_label_is_outgoing(tmp_path, parse):
    path = tmp_path / "sent.eml"
    path.write_bytes(
        b"From: me@x.y\nTo: Lender <l@lender.cn>\nSubject: plan\nX-Gmail-Labels: Sent,Important\n"
        b"Date: Tue, 05 Mar 2024 10:30:00 +0800\n\nhi\n"
    )
    _, [record] = parse(path)
    assert record.direction is Direction.OUTGOING and record.counterpart == "l@lender.cn"
