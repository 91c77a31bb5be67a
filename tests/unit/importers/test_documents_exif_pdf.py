"""Documents: EXIF photo time, PDF text and creation date (pypdf), damaged files, OOXML that is not Word."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta, timezone

import pytest

from tests.fixtures.formats import CST, jpeg_bytes, pdf_bytes, write_docx
from xieshang.importers.documents import file_type
from xieshang.importers.exif import photo_time

TAKEN = datetime(2024, 2, 29, 21, 15, 42)


@pytest.mark.parametrize("big_endian", [True, False])
@pytest.mark.parametrize("offset,zone", [(None, CST), ("-05:00", timezone(timedelta(hours=-5)))])
def test_photo_time_from_exif(tmp_path, parse, big_endian, offset, zone):
    path = tmp_path / "IMG_0001.jpg"
    path.write_bytes(jpeg_bytes(taken=TAKEN, offset=offset, big_endian=big_endian))
    _, [record] = parse(path)
    assert record.timestamp == TAKEN.replace(tzinfo=zone)
    assert (record.meta["time_source"], record.meta["exif_tag"]) == ("exif", "DateTimeOriginal")


@pytest.mark.parametrize("cut", [20, 40, 60, 80, 100, 120])
def test_damaged_exif_falls_back_to_mtime(tmp_path, parse, cut):
    good = jpeg_bytes(taken=TAKEN)
    app1 = good.index(b"Exif")
    broken = bytearray(good)
    broken[app1 + cut : app1 + cut + 8] = b"\xff" * 8  # offsets / counts pointing nowhere
    path = tmp_path / "p.jpg"
    path.write_bytes(bytes(broken))
    _, [record] = parse(path)
    assert record.meta["time_source"] in ("mtime", "exif")
    if record.meta["time_source"] == "exif":
        assert record.timestamp == TAKEN.replace(tzinfo=CST)


def test_photo_time_none_without_exif():
    assert photo_time(io.BytesIO(jpeg_bytes())) is None
    assert photo_time(io.BytesIO(b"\xff\xd8\xff\xe1\x00")) is None


def test_pdf_text_pages_and_creation_date(tmp_path, parse):
    created = datetime(2024, 1, 15, 9, 30, tzinfo=CST)
    path = tmp_path / "诊断证明.pdf"
    path.write_bytes(pdf_bytes(["Diagnosis certificate", "Patient: Wang Jun, lumbar disc"], created=created))
    _, [record] = parse(path)
    assert "Patient: Wang Jun, lumbar disc" in record.text and record.text.startswith("诊断证明\n")
    assert record.meta["pages"] == 1 and record.meta["created"] == created.isoformat()
    assert record.meta["time_source"] == "mtime" and "text_error" not in record.meta


def test_unreadable_pdf_is_kept_without_text(tmp_path, parse):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    _, [record] = parse(path)
    assert record.text == "scan" and record.meta["text_error"]


def test_xlsx_is_not_taken_for_a_document(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert file_type(buffer.getvalue()) is None


def test_docx_cut_anywhere_is_refused(tmp_path, refuse):
    data = write_docx(tmp_path / "d.docx").read_bytes()
    step = max(1, len(data) // 60)
    for cut in range(64, len(data) - 1, step):
        path = tmp_path / "cut.docx"
        path.write_bytes(data[:cut])
        refuse(path)


def test_docx_created_used_when_there_is_no_mtime(tmp_path):
    from pathlib import Path

    from xieshang.importers.base import SourceContext
    from xieshang.importers.documents import DocumentImporter

    path = write_docx(tmp_path / "x.docx")
    context = SourceContext(Path("x.docx"), path.stat().st_size)
    with path.open("rb") as stream:
        [record] = list(DocumentImporter().parse(stream, context))
    assert record.meta["time_source"] == "document_properties" and record.timestamp.tzinfo is not None
    assert record.timestamp < datetime.now(UTC)
