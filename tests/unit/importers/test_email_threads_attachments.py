"""E-mail beyond the happy path: owner and direction, threads, dates, attachment-name forms, inline images,
multipart/alternative, mbox separators."""

from __future__ import annotations

import base64
import os
import quopri
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.fixtures.formats import EmailSpec, email_bytes, png_bytes
from xieshang.importers.base import Direction, SourceContext
from xieshang.importers.email_import import EmlImporter
from xieshang.importers.mbox import from_line_date

CST = timezone(timedelta(hours=8))
ME = "borrower@example.com"


def _mbox(path: Path, messages: list[bytes]) -> Path:
    out = b""
    for n, raw in enumerate(messages):
        out += b"From x@y Tue Mar  %d 02:30:00 2024\n" % (n % 9 + 1) + raw.replace(b"\r\n", b"\n") + b"\n"
    path.write_bytes(out)
    return path


def _mail(frm: str, to: str, subject: str, extra: str = "") -> bytes:
    return (f"From: {frm}\nTo: {to}\nSubject: {subject}\nDate: Tue, 05 Mar 2024 10:30:00 +0800\n"
            f"Message-ID: <{subject}@x>\n{extra}\nbody {subject}\n").encode()  # fmt: skip


def test_mbox_owner_inferred_from_the_mailbox(tmp_path, parse):
    lenders = ["a@lender1.cn", "b@lender2.cn", "c@lender3.cn", "a@lender1.cn"]
    inbox = [_mail(f"Lender <{addr}>", f"Me <{ME}>", f"in{n}") for n, addr in enumerate(lenders)]
    sent = [_mail(f"我 <{ME.upper()}>", "催收 <a@lender1.cn>", "out1", "Cc: lawyer@law.cn\n")]
    _, records = parse(_mbox(tmp_path / "all.mbox", inbox + sent))
    assert [r.direction for r in records] == [Direction.INCOMING] * 4 + [Direction.OUTGOING]
    assert [r.counterpart for r in records] == [*lenders, "a@lender1.cn"]
    assert records[4].counterpart_name == "催收" and records[4].meta["cc"] == ["lawyer@law.cn"]
    assert {r.meta["direction_from"] for r in records} == {"owner_address"}


def test_two_people_only_is_a_tie_no_owner_guessed(tmp_path, parse):
    mails = [_mail("a@x.cn", "b@y.cn", "m1"), _mail("b@y.cn", "a@x.cn", "m2")]
    _, records = parse(_mbox(tmp_path / "t.mbox", mails))
    assert [r.direction for r in records] == [Direction.UNKNOWN, Direction.UNKNOWN]


def test_owner_ids_decide_for_a_single_eml(tmp_path):
    path = tmp_path / "one.eml"
    path.write_bytes(_mail(f"Me <{ME}>", "Lender <l@lender.cn>", "plan"))

    def read(owner_ids: frozenset[str]):
        context = SourceContext(path, path.stat().st_size, owner_ids=owner_ids)
        with path.open("rb") as stream:
            return next(EmlImporter().parse(stream, context))

    unknown, mine = read(frozenset()), read(frozenset({" Borrower@Example.com "}))
    assert unknown.direction is Direction.UNKNOWN and unknown.counterpart == ME
    assert mine.direction is Direction.OUTGOING and mine.counterpart == "l@lender.cn"
    assert mine.counterpart_name == "Lender"


def test_delivered_to_means_received(tmp_path, parse):
    path = tmp_path / "d.eml"
    path.write_bytes(_mail("l@lender.cn", ME, "notice", f"Delivered-To: {ME}\n"))
    _, [record] = parse(path)
    assert record.direction is Direction.INCOMING and record.meta["direction_from"] == "delivered_to"


def test_thread_headers(tmp_path, parse):
    path = tmp_path / "r.eml"
    path.write_bytes(_mail("l@lender.cn", ME, "re", "In-Reply-To: <a1@x>\nReferences: <a0@x>\n <a1@x>\n"))
    _, [record] = parse(path)
    assert record.meta["in_reply_to"] == "a1@x" and record.meta["references"] == ["a0@x", "a1@x"]


@pytest.mark.parametrize(
    "date_header,expected,source",
    [
        ("Tue, 05 Mar 2024 10:30:00 -0000", datetime(2024, 3, 5, 10, 30, tzinfo=UTC), "date"),
        ("Tue, 05 Mar 2024 10:30:00", datetime(2024, 3, 5, 10, 30, tzinfo=CST), "date"),
        ("next Tuesday, probably", datetime(2024, 3, 1, 2, 30, tzinfo=UTC), "mbox_from_line"),
        ("Tue, 05 Mar 2224 10:30:00 +0800", datetime(2024, 3, 1, 2, 30, tzinfo=UTC), "mbox_from_line"),
        (None, datetime(2024, 3, 1, 2, 30, tzinfo=UTC), "mbox_from_line"),
    ],
)
def test_dates_missing_garbage_absurd_and_zoneless(tmp_path, parse, date_header, expected, source):
    header = f"Date: {date_header}\n" if date_header else ""
    raw = f"From: l@lender.cn\nTo: {ME}\nSubject: s\n{header}\nbody\n".encode()
    _, [record] = parse(_mbox(tmp_path / "d.mbox", [raw]))
    assert (record.timestamp, record.meta["time_source"]) == (expected, source)


def test_eml_without_date_uses_mtime(tmp_path, parse):
    path = tmp_path / "nodate.eml"
    path.write_bytes(f"From: l@lender.cn\nTo: {ME}\nSubject: s\n\nbody\n".encode())
    stamp = datetime(2024, 2, 1, 12, 0, tzinfo=UTC)
    os.utime(path, (stamp.timestamp(), stamp.timestamp()))
    _, [record] = parse(path)
    assert (record.timestamp, record.meta["time_source"]) == (stamp, "mtime")


def test_from_line_dates():
    assert from_line_date(b"From a@b Tue Mar  5 02:30:00 2024") == datetime(2024, 3, 5, 2, 30, tzinfo=UTC)
    gmail = b"From 1790000000000000000@xxx Sat Jan 06 09:00:00 +0800 2024"
    assert from_line_date(gmail) == datetime(2024, 1, 6, 1, 0, tzinfo=UTC)
    assert from_line_date(b"From nobody") is None


NAME = "还款计划喆.pdf"
GB = NAME.encode("gb18030")
B64 = base64.b64encode(GB).decode()


@pytest.mark.parametrize(
    "headers",
    [
        f"Content-Type: application/pdf\nContent-Disposition: attachment; filename*=gb2312''{quote(GB)}".encode(),
        f'Content-Type: application/pdf\nContent-Disposition: attachment; filename="=?gb2312?B?{B64}?="'.encode(),
        b'Content-Type: application/pdf\nContent-Disposition: attachment; filename="' + GB + b'"',
        f"Content-Type: application/pdf\nContent-Disposition: attachment;\n filename*0*=gbk''{quote(GB[:6])};\n"
        f" filename*1*={quote(GB[6:])}".encode(),
        f'Content-Type: application/pdf; name="=?GBK?B?{B64}?="'.encode(),
    ],
    ids=["rfc2231", "rfc2047-in-quotes", "raw-gbk", "rfc2231-continued", "content-type-name"],
)
def test_gb_attachment_file_names(tmp_path, parse, headers):
    raw = (
        b"From: a@lender.cn\nTo: b@c.cn\nSubject: x\nDate: Tue, 05 Mar 2024 10:30:00 +0800\nMIME-Version: 1.0\n"
        b"Content-Type: multipart/mixed; boundary=XX\n\n--XX\nContent-Type: text/plain\n\nhi\n--XX\n"
        + headers
        + b"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQ=\n--XX--\n"
    )
    path = tmp_path / "a.eml"
    path.write_bytes(raw)
    _, [record] = parse(path)
    assert [(a.filename, a.data) for a in record.attachments] == [(NAME, b"%PDF-1.4")]


def test_alternative_and_related_with_inline_image(tmp_path, parse):
    html = (
        "<html><body><p>王喆您好，</p><p>请见<img src='cid:logo@x'>附件</p><script>x()</script></body></html>"
    )
    raw = (
        "From: a@lender.cn\nTo: b@c.cn\nSubject: =?gb2312?B?"
        + base64.b64encode("催收函珺".encode("gb18030")).decode()
        + "?=\nDate: Tue, 05 Mar 2024 10:30:00 +0800\nMIME-Version: 1.0\n"
        "Content-Type: multipart/alternative; boundary=ALT\n\n--ALT\n"
        "Content-Type: text/plain; charset=gb2312\nContent-Transfer-Encoding: quoted-printable\n\n"
        + quopri.encodestring("王喆您好，\n请见附件\n".encode("gb18030")).decode()
        + "\n--ALT\nContent-Type: multipart/related; boundary=REL\n\n--REL\n"
        "Content-Type: text/html; charset=gbk\nContent-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(html.encode("gb18030")).decode()
        + "\n--REL\nContent-Type: image/png\nContent-ID: <logo@x>\nContent-Disposition: inline\n"
        "Content-Transfer-Encoding: base64\n\n"
        + base64.encodebytes(png_bytes()).decode()
        + "\n--REL--\n--ALT--\n"
    ).encode("ascii")
    path = tmp_path / "alt.eml"
    path.write_bytes(raw)
    _, [record] = parse(path)
    assert record.text == "催收函珺\n\n王喆您好，\n请见附件"  # the plain alternative, quoted-printable GB2312
    assert [(a.filename, a.content_type, a.data) for a in record.attachments] == [
        ("inline-logo.png", "image/png", png_bytes())
    ]


def test_html_only_gbk_body_without_scripts(tmp_path, parse):
    html = "<html><head><style>p{}</style></head><body><p>第一段喆</p><div>第二段</div><script>x()</script></body></html>"
    path = tmp_path / "h.eml"
    path.write_bytes(
        b"From: a@b.cn\nTo: c@d.cn\nSubject: s\nDate: Tue, 05 Mar 2024 10:30:00 +0800\n"
        b"Content-Type: text/html; charset=x-gbk\nContent-Transfer-Encoding: 8bit\n\n"
        + html.encode("gb18030")
    )
    _, [record] = parse(path)
    assert record.text == "s\n\n第一段喆\n第二段"


def test_forwarded_message_is_an_attachment(tmp_path, parse):
    inner = email_bytes(EmailSpec(charset="gbk"))
    raw = (
        b"From: me@x.cn\nTo: lawyer@law.cn\nSubject: fw\nDate: Tue, 05 Mar 2024 10:30:00 +0800\nMIME-Version: 1.0\n"
        b"Content-Type: multipart/mixed; boundary=M\n\n--M\nContent-Type: text/plain\n\nsee below\n--M\n"
        b"Content-Type: message/rfc822\n\n" + inner + b"\n--M--\n"
    )
    path = tmp_path / "fw.eml"
    path.write_bytes(raw)
    _, [record] = parse(path)
    [forwarded] = record.attachments
    assert forwarded.content_type == "message/rfc822" and forwarded.filename == "forwarded.eml"
    inner_path = tmp_path / "inner.eml"
    inner_path.write_bytes(forwarded.data)
    _, [inner_record] = parse(inner_path)  # the forwarded message is itself importable, GBK intact
    assert inner_record.meta["subject"] == EmailSpec().subject


def test_mbox_separators(tmp_path, parse):
    path = tmp_path / "box"
    path.write_bytes(
        b"From a@b.c Tue Mar  5 02:30:00 2024\nFrom: a@b.c\nTo: me@x.y\nSubject: s1\n\n"
        b"line\n\nFrom here on, an unescaped body line\n>>From quoted twice\n\n"
        b"From c@d.e Wed Mar  6 02:30:00 2024\nFrom: c@d.e\nTo: me@x.y\nSubject: s2\n\nbody 2\n"
    )
    _, (first, second) = parse(path)
    assert first.text == "s1\n\nline\n\nFrom here on, an unescaped body line\n>From quoted twice"
    assert second.meta["subject"] == "s2" and second.position == "message 2, line 11"


@pytest.mark.parametrize(
    "label,payload,expected",
    [
        ("gb2312", "王喆您好，请尽快还款".encode(), "王喆您好，请尽快还款"),  # mislabelled UTF-8
        ("gb2312", "王喆您好，请尽快还款".encode("gb18030"), "王喆您好，请尽快还款"),
        ("utf-8", "珺女士".encode("gb18030"), "珺女士"),  # mislabelled GB
        ("gbk", "喆".encode("gb18030"), "喆"),  # too short to doubt the label
    ],
)
def test_mislabelled_body_charsets(tmp_path, parse, label, payload, expected):
    path = tmp_path / "m.eml"
    path.write_bytes(
        f"From: a@b.cn\nTo: c@d.cn\nDate: Tue, 05 Mar 2024 10:30:00 +0800\n"
        f"Content-Type: text/plain; charset={label}\nContent-Transfer-Encoding: 8bit\n\n".encode()
        + payload
    )
    _, [record] = parse(path)
    assert record.text == expected
