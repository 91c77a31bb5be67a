"""Documents by magic bytes with a doc_type guess; detection from content, the name only a tie-break."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.fixtures.formats import (
    jpeg_bytes,
    pdf_bytes,
    png_bytes,
    write_call_log,
    write_docx,
    write_eml,
    write_mbox,
    write_mp3,
    write_pdf,
    write_pywxdump_csv,
    write_qq_txt,
    write_sms_backup,
    write_wechatmsg_csv,
)  # fmt: skip
from tests.fixtures.formats_phone_db import (
    AndroidCall,
    AndroidSms,
    IosCall,
    IosMessage,
    write_call_history,
    write_calls_db,
    write_ios_sms_db,
    write_mmssms_db,
)
from xieshang.importers.base import Importer, ImportFormatError, RecordKind, SourceContext
from xieshang.importers.documents import guess_doc_type
from xieshang.importers.registry import all_importers, detect, importer_named, parse_stream


@pytest.mark.parametrize(
    "name,data,file_type,doc_type",
    [
        ("医院诊断证明.pdf", pdf_bytes(), "pdf", "diagnosis_certificate"),
        ("住院记录.jpg", jpeg_bytes(), "jpeg", "hospital_record"),
        ("离职证明.png", png_bytes(), "png", "resignation_certificate"),
        ("2024年工资条.pdf", pdf_bytes(), "pdf", "payslip"),
        ("招商银行流水.pdf", pdf_bytes(), "pdf", "bank_statement"),
        ("个人所得税纳税记录.pdf", pdf_bytes(), "pdf", "tax_record"),
        ("门诊病历.pdf", pdf_bytes(), "pdf", "medical_record"),
        ("失业保险金领取记录.pdf", pdf_bytes(), "pdf", "unemployment_benefit_record"),
        ("IMG_0001.JPG", jpeg_bytes(), "jpeg", "other"),
    ],
)
def test_documents(tmp_path, parse, name, data, file_type, doc_type):
    path = tmp_path / name
    path.write_bytes(data)
    importer, [record] = parse(path)
    assert importer == "document"
    assert record.kind is RecordKind.DOCUMENT
    assert (record.meta["file_type"], record.meta["doc_type"]) == (file_type, doc_type)
    assert record.timestamp == datetime.fromtimestamp(path.stat().st_mtime, UTC)
    assert Path(name).stem in record.text


def test_every_guessed_type_is_a_checklist_document() -> None:
    """An imported proof must be able to tick its hardship-checklist item."""
    import tomllib

    from xieshang.importers.documents import DOC_TYPES

    data = tomllib.loads(
        (Path(__file__).resolve().parents[3] / "src/xieshang/knowledge/hardship.toml").read_text("utf-8")
    )
    checklist = {doc["key"] for s in data["sections"] for r in s["requirements"] for doc in r["documents"]}
    assert {doc_type for doc_type, _ in DOC_TYPES} <= checklist


def test_docx_text_is_searchable(tmp_path, parse):
    import docx

    path = write_docx(tmp_path / "失业证明.docx", ["失业证明", "兹证明王珺自2024年1月起失业。"])
    created = docx.Document(str(path)).core_properties.created
    _, [record] = parse(path)
    assert record.meta.pop("created") == created.replace(tzinfo=UTC).isoformat()  # type: ignore[attr-defined]
    assert record.meta == {
        "file_type": "docx",
        "doc_type": "unemployment_certificate",
        "title": "失业证明",
        "time_source": "mtime",
    }
    assert "兹证明王珺自2024年1月起失业。" in record.text


@pytest.mark.parametrize("kind", ["pdf", "png", "docx"])
def test_truncated_documents_refused(tmp_path, refuse, kind):
    path = tmp_path / f"x.{kind}"
    if kind == "docx":
        write_docx(path)
    else:
        path.write_bytes(pdf_bytes() if kind == "pdf" else png_bytes())
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if kind != "docx" else data[:200])
    refuse(path)


def test_guess_doc_type_defaults_to_other():
    assert guess_doc_type("scan.pdf") == "other"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_detection_is_from_content_not_name(tmp_path):
    writers = {
        "sms_backup_restore": lambda p: write_sms_backup(p),
        "sms_backup_restore_calls": lambda p: write_call_log(p),
        "eml": lambda p: write_eml(p),
        "mbox": lambda p: write_mbox(p, 3),
        "wechatmsg_csv": lambda p: write_wechatmsg_csv(p),
        "pywxdump_csv": lambda p: write_pywxdump_csv(p),
        "qq_txt": lambda p: write_qq_txt(p),
        "call_recording": lambda p: write_mp3(p, 1.2),
        "document": lambda p: write_pdf(p),
        "ios_sms_db": lambda p: write_ios_sms_db(
            p, [IosMessage(1, "10086", datetime(2024, 1, 1, tzinfo=UTC), "hi")], nanoseconds=True
        ),
        "ios_call_history": lambda p: write_call_history(
            p, [IosCall("10086", datetime(2024, 1, 1, tzinfo=UTC), 3.0, True, True)]
        ),
        "android_mmssms_db": lambda p: write_mmssms_db(p, [AndroidSms("10086", 1_704_067_200_000, 1, "hi")]),
        "android_calls_db": lambda p: write_calls_db(p, [AndroidCall("10086", 1_704_067_200_000, 3, 1)]),
        "wechatmsg_html": lambda p: _write(
            p,
            "<!DOCTYPE html><html><head><title>老王</title></head><body><script>const chatMessages = [\n"
            "{ type:1, text: 'hi',is_send:0,avatar_path:'',timestamp:1704067200,is_chatroom:0,displayname:'老王'},"
            "\n];</script></body></html>",
        ),
        "wechatmsg_txt": lambda p: _write(
            p, "2024-01-01 08:00:00 老王\n在吗\n\n2024-01-01 08:01:00 我\n在\n\n"
        ),
    }
    assert set(writers) == {imp.name for imp in all_importers()}
    for expected, write in writers.items():
        path = write(tmp_path / f"{expected}.bin")  # a misleading name: content decides
        context = SourceContext(path, path.stat().st_size, datetime(2024, 1, 1, tzinfo=UTC))
        assert detect(path.read_bytes()[:65536], context).name == expected
        with path.open("rb") as stream:
            importer, records = parse_stream(stream, context)
            assert importer.name == expected and list(records)


def test_every_importer_has_name_version_and_protocol():
    for importer in all_importers():
        assert isinstance(importer, Importer)
        assert importer.name and importer.version
        assert (
            importer_named(importer.name) is importer.__class__
            or importer_named(importer.name).name == importer.name
        )


def test_unknown_format_names_file():
    context = SourceContext(Path("/x/逾期.bin"), 10)
    with pytest.raises(ImportFormatError) as info:
        parse_stream(io.BytesIO(b"\x00\x01binary garbage"), context)
    assert "逾期.bin" in info.value.message_zh and "unknown format" in info.value.message_en


def test_docx_zip_bomb_refused(tmp_path, refuse, monkeypatch):
    from xieshang.importers import documents

    monkeypatch.setattr(documents, "MAX_DOCX_UNPACKED", 1000)
    assert "zip bomb" in refuse(write_docx(tmp_path / "bomb.docx")).message_en
