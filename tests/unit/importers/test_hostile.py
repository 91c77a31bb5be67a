"""Hostile and broken input in every format: truncation at many cut points, deep nesting, one huge record,
DOCX with entities, binary garbage. Each is refused with an ImportFormatError naming file and position —
never another exception, never a partial result."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.fixtures.formats import (
    Call,
    EmailSpec,
    Mms,
    MmsPart,
    Sms,
    email_bytes,
    pdf_bytes,
    png_bytes,
    write_call_log,
    write_docx,
    write_pywxdump_csv,
    write_sms_backup,
)
from xieshang.importers.base import ImportFormatError, SourceContext
from xieshang.importers.registry import parse_stream

T = datetime(2024, 1, 1, tzinfo=UTC)
CONTEXT_TIME = datetime(2024, 6, 1, tzinfo=UTC)


def _parse(data: bytes, name: str = "x.bin"):
    context = SourceContext(Path(name), len(data), CONTEXT_TIME)
    importer, records = parse_stream(io.BytesIO(data), context)
    return importer.name, list(records)


def _cuts(length: int, count: int = 150) -> list[int]:
    step = max(1, length // count)
    return sorted({*range(0, length, step), *range(max(0, length - 40), length)})


@pytest.mark.parametrize("kind", ["sms", "calls"])
def test_xml_truncated_anywhere_is_refused(tmp_path, kind):
    if kind == "sms":
        items = [Sms("95188", f"第{k}条 &<>\"'", T + timedelta(minutes=k)) for k in range(6)]
        items.append(Mms("95188", T, parts=(MmsPart("image/png", data=png_bytes(), name="a.png"),)))
        data = write_sms_backup(tmp_path / "s.xml", items).read_bytes()
        end = data.rindex(b"</smses>") + len(b"</smses>")
    else:
        data = write_call_log(tmp_path / "c.xml", [Call("1", T, k) for k in range(6)]).read_bytes()
        end = data.rindex(b"</calls>") + len(b"</calls>")
    for cut in _cuts(end):
        with pytest.raises(ImportFormatError) as info:
            _parse(data[:cut], "cut.xml")
        assert "cut.xml" in info.value.message_en and "cut.xml" in info.value.message_zh, cut
        assert info.value.data.get("position") is not None or "empty" in info.value.message_en
    assert len(_parse(data[:end], "whole.xml")[1]) == (7 if kind == "sms" else 6)


def test_multipart_email_truncated_anywhere_is_refused():
    data = email_bytes(EmailSpec(attachments=(("a.pdf", "application/pdf", pdf_bytes()),)))
    body_start = data.index(b"\r\n\r\n") + 4
    for cut in _cuts(len(data) - len(b"--\r\n")):
        if cut < body_start:
            continue  # a message cut inside its headers may still be a (short) message
        with pytest.raises(ImportFormatError):
            _parse(data[:cut], "cut.eml")


def test_csv_truncated_mid_row_is_refused_or_whole_rows_only(tmp_path):
    data = write_pywxdump_csv(tmp_path / "w.csv").read_bytes()
    row_ends = {i + 1 for i, byte in enumerate(data) if byte == 0x0A}
    second_row = sorted(row_ends)[1]  # the first row fixes the file's time format: later cut times fail it
    for cut in _cuts(len(data)):
        if cut < second_row:
            continue
        try:
            _name, records = _parse(data[:cut], "cut.csv")
        except ImportFormatError as error:
            assert "cut.csv" in error.message_en
            continue
        # only a cut at a row's end (or in its last second digit / before its "\n") reads as a shorter file
        assert any(cut + gap in row_ends for gap in range(4)), cut
        assert all(r.timestamp.year == 2024 for r in records)


def test_deeply_nested_xml_refused_fast(tmp_path):
    data = b"<smses>" + b"<a>" * 200_000 + b"</a>" * 200_000 + b"</smses>"
    started = time.perf_counter()
    with pytest.raises(ImportFormatError) as info:
        _parse(data, "deep.xml")
    assert time.perf_counter() - started < 2
    assert "line 1" in info.value.message_en


def test_one_huge_record_refused_before_it_is_all_read(monkeypatch):
    from xieshang.importers import safexml

    monkeypatch.setattr(safexml, "MAX_ELEMENT_BYTES", 1 << 20)
    data = b'<smses><sms address="' + b"1" * (3 << 20) + b'" date="1" type="1" body="x"/></smses>'
    with pytest.raises(ImportFormatError) as info:
        _parse(data, "big.xml")
    assert "larger than 1 MiB" in info.value.message_en and "big.xml" in info.value.message_zh


def test_huge_attribute_in_mms_part_refused(monkeypatch):
    from xieshang.importers import sms_backup

    monkeypatch.setattr(sms_backup, "MAX_PART_BYTES", 1000)
    data = (
        b'<smses><mms date="1704067200000" msg_box="1" address="1"><parts>'
        b'<part seq="0" ct="image/png" data="' + b"QUJD" * 1000 + b'"/></parts></mms></smses>'
    )
    with pytest.raises(ImportFormatError, match="too large"):
        _parse(data, "m.xml")


def test_docx_with_entities_resolves_nothing(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    path = write_docx(tmp_path / "a.docx", ["诊断证明"])
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts["word/document.xml"].decode("utf-8")
    xml = xml.replace("?>", f'?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>', 1)
    parts["word/document.xml"] = xml.replace("诊断证明", "诊断证明&xxe;").encode("utf-8")
    hostile = tmp_path / "hostile.docx"
    with zipfile.ZipFile(hostile, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    try:
        _name, records = _parse(hostile.read_bytes(), "hostile.docx")
    except ImportFormatError:
        return
    assert all("TOP-SECRET" not in r.text for r in records)


def test_real_zip_bomb_docx_refused_without_unpacking(tmp_path):
    path = write_docx(tmp_path / "b.docx")
    with (
        zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open("word/media/bomb.bin", "w", force_zip64=True) as member,
    ):
        block = bytes(1 << 20)
        for _ in range(210):
            member.write(block)
    assert path.stat().st_size < 2 << 20
    started = time.perf_counter()
    with pytest.raises(ImportFormatError, match="zip bomb"):
        _parse(path.read_bytes(), "bomb.docx")
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize(
    "data",
    [
        b"\x00" * 5000,
        bytes(range(256)) * 300,
        b"PK\x03\x04" + bytes(range(256)) * 10,
        b"%PDF-1.7\n" + bytes(range(256)) * 10,
        b"\xff\xd8\xff" + bytes(range(256)) * 10,
        "消息记录（此消息记录为文本格式，不支持重新导入）\n==========\n".encode("utf-16-le"),
        b"localId,TalkerId,Type,IsSender,CreateTime,StrContent\n" + b"\xff\xfe" * 100,
    ],
    ids=["zeros", "all-bytes", "zip-garbage", "pdf-garbage", "jpeg-garbage", "utf16-no-bom", "csv-binary"],
)
def test_garbage_only_raises_import_format_error(data):
    try:
        _parse(data, "g.bin")
    except ImportFormatError as error:
        assert "g.bin" in error.message_en and "g.bin" in error.message_zh
