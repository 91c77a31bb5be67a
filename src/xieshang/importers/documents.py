"""Documents and images as hardship or financial proof: PDF, JPEG, PNG, DOCX — one DOCUMENT record each.

The type is detected from the magic bytes; `meta["doc_type"]` is a guess from keywords in the file name
(诊断 → diagnosis_certificate, 离职 → resignation_certificate, 工资 → payslip, 流水 → bank_statement,
税 → tax_record …: the document keys of the hardship checklist; else other).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import IO, Any

from xieshang.importers._common import EARLIEST, LATEST, format_error, zone
from xieshang.importers.base import Direction, ImportFormatError, Record, RecordKind, SourceContext
from xieshang.importers.exif import photo_time
from xieshang.importers.pdftext import pdf_info

MAX_DOCX_TEXT = 200_000  # characters of DOCX text kept for search
MAX_DOCX_UNPACKED = 200 << 20  # bytes of all DOCX members once unpacked
MAX_DOCX_MEMBERS = 5_000

# (doc_type, keywords) — the first type with a keyword in the file name wins. The types are the document keys of
# the hardship checklist (`xieshang/knowledge/hardship.toml`), so an imported proof ticks its checklist item;
# a test keeps the two in step.
DOC_TYPES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("death_certificate", ("死亡证明", "death")),
    ("divorce_certificate", ("离婚", "divorce")),
    ("sick_leave_certificate", ("病假", "休息证明", "sick")),
    ("diagnosis_certificate", ("诊断", "diagnos")),
    ("hospital_record", ("住院", "出院", "hospital", "discharge")),
    ("medical_invoice", ("医疗费", "医药费", "医疗发票", "费用清单", "medical invoice", "medical_invoice")),
    ("medical_record", ("病历", "门诊", "medical")),
    ("unemployment_benefit_record", ("失业保险金", "失业金", "unemployment benefit")),
    ("unemployment_certificate", ("失业", "unemploy")),
    ("resignation_certificate", ("离职", "解除劳动", "辞退", "裁员", "resign", "dismiss", "layoff")),
    ("social_insurance_record", ("社保", "social insurance")),
    ("pay_cut_notice", ("降薪", "停工", "停产", "pay cut")),
    ("income_certificate", ("收入证明", "income")),
    ("payslip", ("工资", "薪资", "薪水", "payslip", "salary")),
    ("bank_statement", ("流水", "对账单", "交易明细", "statement")),
    ("tax_record", ("税", "tax")),
    ("credit_report", ("征信", "信用报告", "credit report")),
    ("debt_list", ("借款合同", "借条", "账单", "欠款", "contract", "bill")),
    ("relationship_proof", ("户口", "结婚", "出生", "亲属关系")),
    ("disaster_certificate", ("受灾", "灾害", "disaster")),
    ("accident_report", ("事故", "报警回执", "accident")),
    ("hardship_statement", ("困难情况说明", "困难说明", "hardship")),
)  # fmt: skip


def guess_doc_type(file_name: str) -> str:
    """A document type from keywords in the file name; "other" when none matches."""
    lowered = file_name.lower()
    for doc_type, keywords in DOC_TYPES:
        if any(k in lowered for k in keywords):
            return doc_type
    return "other"


def file_type(head: bytes) -> str | None:
    """ "pdf", "jpeg", "png" or "docx" from the magic bytes (DOCX: a ZIP holding `word/`), else None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04") and (
        b"word/" in head or (b"[Content_Types].xml" in head and b"xl/" not in head and b"ppt/" not in head)
    ):
        return "docx"  # a ZIP holding word/ (an XLSX or PPTX is not read as a document)
    return None


def _check_png(data: IO[bytes], context: SourceContext) -> None:
    data.seek(8)
    chunk = data.read(8)
    if chunk[4:8] != b"IHDR":
        raise format_error(context, "byte 8", "PNG 文件缺少 IHDR", "PNG without IHDR")
    data.seek(-12, io.SEEK_END)
    if data.read(12)[4:8] != b"IEND":
        raise format_error(context, "end of file", "PNG 文件被截断", "truncated PNG (no IEND)")


def _check_pdf(data: IO[bytes], context: SourceContext) -> None:
    data.seek(0, io.SEEK_END)
    size = data.tell()
    data.seek(max(0, size - 2048))
    if b"%%EOF" not in data.read():
        raise format_error(context, "end of file", "PDF 文件被截断（没有 %%EOF）", "truncated PDF (no %%EOF)")


def _check_jpeg(data: IO[bytes], context: SourceContext) -> None:
    data.seek(0, io.SEEK_END)
    size = data.tell()
    data.seek(max(0, size - 4096))
    if b"\xff\xd9" not in data.read():
        raise format_error(
            context, "end of file", "JPEG 文件被截断（没有结束标记）", "truncated JPEG (no EOI marker)"
        )


def _docx_text(data: IO[bytes], context: SourceContext) -> tuple[str, datetime | None]:
    import docx  # python-docx: lxml underneath, no entity resolution

    try:
        with zipfile.ZipFile(data) as archive:
            sizes = {info.filename: info.file_size for info in archive.infolist()}
        if "word/document.xml" not in sizes:
            raise format_error(
                context,
                "file",
                "不是 Word 文档（缺少 word/document.xml）",
                "not a DOCX (no word/document.xml)",
            )
        if sum(sizes.values()) > MAX_DOCX_UNPACKED or len(sizes) > MAX_DOCX_MEMBERS:
            raise format_error(
                context, "file", "DOCX 解压后过大（疑似压缩炸弹）", "DOCX unpacks too large (zip bomb?)"
            )
        data.seek(0)
        document = docx.Document(data)
    except ImportFormatError:
        raise
    except Exception as exc:  # zipfile, lxml and python-docx raise many types for a damaged package
        detail = f"{type(exc).__name__}: {exc}"[:200]
        raise format_error(
            context, "file", f"DOCX 文件损坏（{detail}）", f"damaged DOCX ({detail})"
        ) from None
    parts: list[str] = []
    size = 0
    for paragraph in document.paragraphs:
        parts.append(paragraph.text)
        size += len(paragraph.text)
        if size > MAX_DOCX_TEXT:
            break
    created = document.core_properties.created
    if created is not None and created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return "\n".join(p for p in parts if p.strip())[:MAX_DOCX_TEXT], created


class DocumentImporter:
    """PDF, JPEG, PNG, DOCX → one DOCUMENT record with `file_type` and a `doc_type` guess."""

    name = "document"
    version = "2"

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        return file_type(head) is not None

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        kind = file_type(stream.read(64 * 1024))
        stream.seek(0)
        if kind is None:
            raise format_error(
                context, "byte 0", "不是 PDF、JPG、PNG 或 DOCX 文件", "not a PDF, JPG, PNG or DOCX file"
            )
        text, created = "", None
        meta: dict[str, Any] = {
            "file_type": kind,
            "doc_type": guess_doc_type(context.path.name),
            "title": context.path.stem,
        }
        taken: datetime | None = None
        if kind == "png":
            _check_png(stream, context)
        elif kind == "pdf":
            _check_pdf(stream, context)
            info = pdf_info(stream)
            text, created = info.text, info.created
            meta.update({k: v for k, v in (("pages", info.pages), ("encrypted", info.encrypted or None),
                                           ("text_error", info.error)) if v})  # fmt: skip
        elif kind == "jpeg":
            _check_jpeg(stream, context)
            exif = photo_time(stream)
            if exif is not None:
                zone_ = exif.offset or zone(context.default_timezone)
                candidate = exif.when.replace(tzinfo=zone_)
                if EARLIEST <= candidate < LATEST:
                    taken, meta["exif_tag"] = candidate, exif.tag
        else:
            text, created = _docx_text(stream, context)
        if created is not None and EARLIEST <= created < LATEST:
            meta["created"] = created.isoformat()
        if taken is not None:
            timestamp, meta["time_source"] = taken, "exif"
        elif context.mtime is not None:
            timestamp, meta["time_source"] = context.mtime, "mtime"
        elif created is not None and EARLIEST <= created < LATEST:
            timestamp, meta["time_source"] = created, "document_properties"
        else:
            raise format_error(context, "file", "无法确定文件时间（没有修改时间）", "no file time (no mtime)")
        yield Record(
            kind=RecordKind.DOCUMENT,
            timestamp=timestamp,
            direction=Direction.UNKNOWN,
            counterpart="",
            text="\n".join(t for t in (context.path.stem, text) if t),
            position="file",
            meta=meta,
        )
