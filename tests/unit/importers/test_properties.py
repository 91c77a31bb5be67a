"""Property tests: written text comes back exactly; arbitrary bytes never escape as anything but ImportFormatError."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fixtures.formats import (
    Call,
    ChatMessage,
    EmailSpec,
    Sms,
    email_bytes,
    write_call_log,
    write_qq_txt,
    write_sms_backup,
)
from xieshang.importers.base import ImportFormatError, SourceContext
from xieshang.importers.registry import parse_path, parse_stream

# XML 1.0 characters (no C0 controls but tab/newline, no surrogates); "\r" is normalised by XML parsers
XML_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs",), blacklist_characters="\r\x0b\x0c\ufffe\uffff", min_codepoint=9
    ).filter(lambda c: c in "\t\n" or ord(c) >= 32),
    max_size=200,
)
MOMENTS = st.datetimes(datetime(1971, 1, 1), datetime(2099, 1, 1)).map(
    lambda d: d.replace(microsecond=(d.microsecond // 1000) * 1000, tzinfo=UTC)
)
FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FAST
@given(
    bodies=st.lists(st.tuples(XML_TEXT, MOMENTS, st.sampled_from([1, 2, 3, 4, 5, 6])), min_size=1, max_size=8)
)
def test_sms_round_trip(tmp_path: Path, bodies):
    path = write_sms_backup(
        tmp_path / "sms.xml", [Sms("95188", body, when, type=kind) for body, when, kind in bodies]
    )
    _, records = parse_path(path)
    assert [(r.text, r.timestamp) for r in records] == [(body, when) for body, when, _ in bodies]


@FAST
@given(
    calls=st.lists(
        st.tuples(MOMENTS, st.integers(0, 100_000), st.sampled_from([1, 2, 3, 4, 5, 6])), max_size=8
    )
)
def test_call_round_trip(tmp_path: Path, calls):
    path = write_call_log(tmp_path / "calls.xml", [Call("13800138000", w, d, t) for w, d, t in calls])
    if not calls:
        path.write_text('<calls count="0"></calls>')
    _, records = parse_path(path)
    assert [(r.timestamp, r.meta["duration_seconds"]) for r in records] == [(w, d) for w, d, _ in calls]


CHAT_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=60
).filter(lambda t: t.strip() == t and t != "")


@FAST
@given(texts=st.lists(CHAT_TEXT, min_size=1, max_size=6), gb=st.booleans())
def test_qq_round_trip(tmp_path: Path, texts, gb):
    start = datetime(2024, 1, 1, 8, 0, tzinfo=UTC)
    messages = [ChatMessage(t, start + timedelta(minutes=i), i % 2 == 1) for i, t in enumerate(texts)]
    encoding = "gb18030" if gb else "utf-8-sig"
    _, records = parse_path(write_qq_txt(tmp_path / "qq.txt", messages, encoding=encoding))
    assert [r.text for r in records] == texts


@FAST
@given(subject=CHAT_TEXT, body=CHAT_TEXT, charset=st.sampled_from(["gb2312", "gbk", "utf-8", "gb18030"]))
def test_email_round_trip(tmp_path: Path, subject, body, charset):
    path = tmp_path / "m.eml"
    path.write_bytes(email_bytes(EmailSpec(subject=subject, body=body, charset=charset)))
    _, [record] = parse_path(path)
    assert record.meta["subject"] == subject
    assert record.text == f"{subject}\n\n{body}"


@settings(max_examples=200, deadline=None)
@given(
    prefix=st.sampled_from([b"", b"<?xml version='1.0'?><smses>", b"<calls>", b"From a@b Tue Mar  5 02:30:00 2024\nFrom: x\nSubject: y\n\n",
                            b"#!AMR\n", b"%PDF-", b"\x89PNG\r\n\x1a\n", b"localId,TalkerId,Type,IsSender,CreateTime,StrContent\n",
                            "消息记录（此消息记录为文本格式，不支持重新导入）\n=====================\n".encode()]),
    tail=st.binary(max_size=300),
)  # fmt: skip
def test_arbitrary_bytes_only_raise_import_format_error(prefix, tail):
    context = SourceContext(Path("fuzz.bin"), len(prefix + tail), datetime(2024, 1, 1, tzinfo=UTC))
    try:
        _, records = parse_stream(io.BytesIO(prefix + tail), context)
        list(records)
    except ImportFormatError as error:
        assert "fuzz.bin" in error.message_en
