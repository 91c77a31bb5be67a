"""DOCX of a document (python-docx). Every run names an East Asian font (w:eastAsia), else Word
falls back to a Latin face and shows the Chinese in whatever font the reader's machine picks."""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.run import Run

from xieshang.documents.model import (
    BulletList,
    Document,
    Heading,
    PageBreak,
    Paragraph,
    Table,
    format_date_zh,
    source_line,
)

EAST_ASIA_FONT = "宋体"  # SimSun: present on every Chinese Windows / WPS installation
LATIN_FONT = "Times New Roman"


def set_run_font(run: Run, size: float | None = None, bold: bool | None = None) -> None:
    run.font.name = LATIN_FONT
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(r_fonts)
    r_fonts.set(qn("w:eastAsia"), EAST_ASIA_FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


def _style_defaults(docx: DocxDocument) -> None:
    for style_name in ("Normal", "Title", "Heading 1", "Heading 2", "List Bullet", "List Number"):
        style = docx.styles[style_name]
        style.font.name = LATIN_FONT
        r_pr = style.element.get_or_add_rPr()
        r_fonts = r_pr.find(qn("w:rFonts"))
        if r_fonts is None:
            r_fonts = r_pr.makeelement(qn("w:rFonts"), {})
            r_pr.append(r_fonts)
        r_fonts.set(qn("w:eastAsia"), EAST_ASIA_FONT)
    docx.styles["Normal"].font.size = Pt(11)


def _para(
    docx: DocxDocument, text: str, *, size: float | None = None, bold: bool = False, align: int | None = None
) -> None:
    p = docx.add_paragraph()
    if align is not None:
        p.alignment = align  # type: ignore[assignment]
    set_run_font(p.add_run(text), size=size, bold=bold)


def _table(docx: DocxDocument, table: Table) -> None:
    if table.caption:
        _para(docx, table.caption, bold=True)
    t = docx.add_table(rows=1, cols=len(table.headers))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(t.rows[0].cells, table.headers, strict=True):
        cell.text = ""
        set_run_font(cell.paragraphs[0].add_run(header), size=9.5, bold=True)
    for row in table.rows:
        cells = t.add_row().cells
        for i, (cell, value) in enumerate(zip(cells, row, strict=True)):
            p = cell.paragraphs[0]
            if i in table.numeric_columns:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            set_run_font(p.add_run(value), size=9.5)


def render_docx(doc: Document) -> bytes:
    docx = new_docx()
    _style_defaults(docx)
    docx.core_properties.title = doc.title
    docx.core_properties.author = "协商 Xieshang"
    _para(docx, doc.title, size=17, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    if doc.subtitle:
        _para(docx, doc.subtitle, align=WD_ALIGN_PARAGRAPH.CENTER)
    for party in doc.parties:
        detail = f"（{party.detail}）" if party.detail else ""
        _para(docx, f"{party.role}：{party.name}{detail}")
    _para(docx, f"日期：{format_date_zh(doc.date)}")
    for block in doc.blocks:
        if isinstance(block, Heading):
            _para(docx, block.text, size=13 if block.level <= 1 else 11.5, bold=True)
        elif isinstance(block, Paragraph):
            p = docx.add_paragraph()
            set_run_font(p.add_run(block.text))
            for rule_id in block.cites:
                mark = p.add_run(f"[{doc.source_number(rule_id)}]")
                set_run_font(mark)
                mark.font.superscript = True
        elif isinstance(block, BulletList):
            style = "List Number" if block.ordered else "List Bullet"
            for item in block.items:
                set_run_font(docx.add_paragraph(style=style).add_run(item))
        elif isinstance(block, Table):
            _table(docx, block)
        elif isinstance(block, PageBreak):
            docx.add_page_break()  # type: ignore[no-untyped-call]
    if doc.signature:
        for line in doc.signature.lines:
            _para(docx, line, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if doc.sources:
        _para(docx, "依据", size=9, bold=True)
        for i, source in enumerate(doc.sources, start=1):
            _para(docx, source_line(i, source), size=9)
    _para(docx, doc.notice, size=9)
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()
