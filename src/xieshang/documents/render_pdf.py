"""PDF of a document: HTML + CSS laid out by WeasyPrint (pango/HarfBuzz shaping, CJK line breaking),
with the CJK font embedded (subset) from the project's own dependencies — see `fonts.py`.

The output is deterministic: the same document gives the same bytes (the dossier relies on it).
"""

from __future__ import annotations

import atexit
import functools
import logging
import unicodedata
from html import escape as _escape
from typing import Any

from xieshang.documents.fonts import FONT_FAMILY, cjk_font_path
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

PAGE_CSS = """
@page { size: A4; margin: 22mm 20mm 20mm 20mm;
  @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页";
                   font-family: "%(family)s"; font-size: 8.5pt; color: #555; } }
html { font-family: "%(family)s"; font-size: 11pt; line-height: 1.65; color: #111; }
h1 { font-size: 17pt; text-align: center; margin: 0 0 2mm 0; letter-spacing: 0.1em; }
.subtitle { text-align: center; color: #444; margin: 0 0 5mm 0; }
h2 { font-size: 12.5pt; margin: 5mm 0 2mm 0; }
h3 { font-size: 11pt; margin: 4mm 0 1mm 0; }
.parties { margin: 0 0 4mm 0; }
.parties p { margin: 0; }
p { margin: 0 0 2.5mm 0; text-align: justify; overflow-wrap: anywhere; }
sup { font-size: 7pt; }
table { border-collapse: collapse; width: 100%%; margin: 2mm 0 4mm 0; font-size: 9.5pt; }
caption { text-align: left; font-weight: bold; margin-bottom: 1mm; }
th, td { border: 0.5pt solid #666; padding: 1mm 1.5mm; vertical-align: top; }
th { background: #eee; }
td.num { text-align: right; white-space: nowrap; }
td.nowrap, th { white-space: nowrap; }
table.fixed { table-layout: fixed; }
table.fixed td { overflow-wrap: anywhere; }
table.fixed td.nowrap { white-space: normal; }
table.continued { margin-top: -4mm; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
.signature { margin-top: 8mm; margin-left: 55%%; }
.signature p { margin: 0 0 1.5mm 0; }
.sources { margin-top: 8mm; border-top: 0.5pt solid #999; padding-top: 2mm; font-size: 8.5pt; }
.sources p { margin: 0 0 1mm 0; }
.notice { margin-top: 4mm; font-size: 8.5pt; color: #444; }
.pagebreak { page-break-after: always; }
"""


@functools.cache
def _covered(font: str) -> frozenset[int]:
    """The code points the embedded font draws (its cmap)."""
    from fontTools.ttLib import TTFont

    with TTFont(font, lazy=True, fontNumber=0) as tt:
        return frozenset(tt.getBestCmap())


EMOJI_ZH = "〔表情〕"


def drawable(text: str) -> str:
    """`text` with every character the font cannot draw replaced by a word, never an empty box: emoji and
    other symbols → 〔表情〕 (a run of them once), invisible modifiers dropped, anything else → 〔U+XXXX〕.
    The originals keep the exact text; this is only how the PDF shows it."""
    covered = _covered(str(cjk_font_path()))
    out: list[str] = []
    for ch in text:
        if ord(ch) in covered or ch in "\n\t ":
            out.append(ch)
            continue
        category = unicodedata.category(ch)
        if category in ("Mn", "Me", "Cf", "Cc") or ch in "\ufe0e\ufe0f":
            continue
        if category in ("So", "Sk") or 0x1F000 <= ord(ch) <= 0x1FAFF:
            if not out or out[-1] != EMOJI_ZH:
                out.append(EMOJI_ZH)
            continue
        out.append(f"〔U+{ord(ch):04X}〕")
    return "".join(out)


def _t(text: str) -> str:
    return _escape(drawable(text))


def _marks(doc: Document, cites: tuple[str, ...]) -> str:
    return "".join(f"<sup>[{doc.source_number(c)}]</sup>" for c in cites)


def _cell_class(table: Table, column: int) -> str:
    classes = []
    if column in table.numeric_columns:
        classes.append("num")
    if column in table.nowrap_columns:
        classes.append("nowrap")
    return " ".join(classes)


CHUNK_ROWS = 100  # long tables are laid out in chunks: WeasyPrint's table layout grows faster than linearly


def _colgroup(table: Table) -> str:
    """Fixed column widths from the longest cell of each column (capped), the same for every chunk."""
    from xieshang.documents.render_text import display_width

    widths = [display_width(h) for h in table.headers]
    for row in table.rows:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row, strict=True)]
    capped = [min(max(w, 4), 40) for w in widths]
    total = sum(capped)
    return (
        "<colgroup>" + "".join(f'<col style="width:{100 * w / total:.2f}%">' for w in capped) + "</colgroup>"
    )


def _table_html(table: Table) -> str:
    chunked = len(table.rows) > CHUNK_ROWS
    head = "<thead><tr>" + "".join(f"<th>{_t(h)}</th>" for h in table.headers) + "</tr></thead>"
    cols = _colgroup(table) if chunked else ""
    parts = []
    for start in range(0, max(len(table.rows), 1), CHUNK_ROWS):
        classes = ["fixed"] if chunked else []
        if start > 0:
            classes.append("continued")
        parts.append(f'<table class="{" ".join(classes)}">' if classes else "<table>")
        if table.caption and start == 0:
            parts.append(f"<caption>{_t(table.caption)}</caption>")
        parts.append(cols + head + "<tbody>")
        for row in table.rows[start : start + CHUNK_ROWS]:
            cells = (f'<td class="{_cell_class(table, i)}">{_t(c)}</td>' for i, c in enumerate(row))
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</tbody></table>")
    return "".join(parts)


def document_html(doc: Document) -> str:
    """The HTML that WeasyPrint lays out (also useful to preview a letter in the browser)."""
    body: list[str] = [f"<h1>{_t(doc.title)}</h1>"]
    if doc.subtitle:
        body.append(f'<p class="subtitle">{_t(doc.subtitle)}</p>')
    body.append('<div class="parties">')
    for party in doc.parties:
        detail = f"（{_t(party.detail)}）" if party.detail else ""
        body.append(f"<p>{_t(party.role)}：{_t(party.name)}{detail}</p>")
    body.append(f"<p>日期：{format_date_zh(doc.date)}</p></div>")
    for block in doc.blocks:
        if isinstance(block, Heading):
            level = 2 if block.level <= 1 else 3
            body.append(f"<h{level}>{_t(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            body.append(f"<p>{_t(block.text)}{_marks(doc, block.cites)}</p>")
        elif isinstance(block, BulletList):
            tag = "ol" if block.ordered else "ul"
            body.append(f"<{tag}>" + "".join(f"<li>{_t(i)}</li>" for i in block.items) + f"</{tag}>")
        elif isinstance(block, Table):
            body.append(_table_html(block))
        elif isinstance(block, PageBreak):
            body.append('<div class="pagebreak"></div>')
    if doc.signature:
        body.append(
            '<div class="signature">' + "".join(f"<p>{_t(x)}</p>" for x in doc.signature.lines) + "</div>"
        )
    if doc.sources:
        lines = "".join(f"<p>{_t(source_line(i, s))}</p>" for i, s in enumerate(doc.sources, start=1))
        body.append(f'<div class="sources"><p><b>依据</b></p>{lines}</div>')
    body.append(f'<p class="notice">{_t(doc.notice)}</p>')
    return (
        f'<!doctype html><html lang="{_t(doc.lang)}"><head><meta charset="utf-8">'
        f"<title>{_t(doc.title)}</title></head><body>{''.join(body)}</body></html>"
    )


@functools.cache
def _stylesheet() -> tuple[Any, Any]:
    # Imported here: WeasyPrint loads pango at import time, which the rest of the product never needs.
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    face = f'@font-face {{ font-family: "{FONT_FAMILY}"; src: url("{cjk_font_path().as_uri()}"); }}\n'
    css = CSS(string=face + PAGE_CSS % {"family": FONT_FAMILY}, font_config=font_config)
    return css, font_config


# Drop WeasyPrint's font configuration before the interpreter tears its modules down (its __del__ needs them).
atexit.register(_stylesheet.cache_clear)


def render_pdf(doc: Document) -> bytes:
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    css, font_config = _stylesheet()
    pdf = HTML(string=document_html(doc)).write_pdf(
        stylesheets=[css], font_config=font_config, pdf_identifier=doc.kind.encode("ascii", "replace")
    )
    assert isinstance(pdf, bytes)
    return pdf
