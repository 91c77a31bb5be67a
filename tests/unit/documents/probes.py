"""Reading generated files back the way a person or a checker would: text of a DOCX and a PDF, and the
glyphs a PDF page really draws (font, embedding, ink)."""

from __future__ import annotations

import ctypes
import io
from dataclasses import dataclass

import docx
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def docx_east_asian_fonts(data: bytes) -> set[str]:
    """The w:eastAsia fonts named by every run that holds text."""
    document = docx.Document(io.BytesIO(data))
    fonts: set[str] = set()
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for run in document.element.body.iter(f"{ns}r"):
        if not "".join(t.text or "" for t in run.iter(f"{ns}t")):
            continue
        r_fonts = run.find(f"{ns}rPr/{ns}rFonts")
        fonts.add("" if r_fonts is None else r_fonts.get(f"{ns}eastAsia", ""))
    return fonts


def pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    try:
        return "\n".join(
            pdf[i].get_textpage().get_text_range().replace("\r\n", "\n") for i in range(len(pdf))
        )
    finally:
        pdf.close()


@dataclass(frozen=True)
class Glyph:
    char: str
    font: str
    embedded: bool
    ink: float  # share of dark pixels in the glyph's box
    bitmap: bytes  # the glyph's box, 24×24 grey levels


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def cjk_glyphs(data: bytes, page_index: int = 0, limit: int = 40, scale: float = 3.0) -> list[Glyph]:
    """The first `limit` CJK characters drawn on a page: the font that draws each, whether that font is
    embedded, and how much ink its box holds on the rendered page."""
    pdf = pdfium.PdfDocument(data)
    try:
        page = pdf[page_index]
        image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
        height = page.get_height()
        text = page.get_textpage()
        out: list[Glyph] = []
        for i in range(text.count_chars()):
            ch = text.get_text_range(i, 1)
            if not _is_cjk(ch):
                continue
            buf = ctypes.create_string_buffer(256)
            flags = ctypes.c_int()
            pdfium_c.FPDFText_GetFontInfo(text.raw, i, buf, 256, ctypes.byref(flags))
            font = pdfium_c.FPDFTextObj_GetFont(pdfium_c.FPDFText_GetTextObject(text.raw, i))
            embedded = bool(font) and pdfium_c.FPDFFont_GetIsEmbedded(font) == 1
            left, bottom, right, top = text.get_charbox(i)
            box = (
                int(left * scale),
                int((height - top) * scale),
                int(right * scale) + 1,
                int((height - bottom) * scale) + 1,
            )
            crop = image.crop(box)
            pixels = crop.tobytes()
            ink = sum(1 for p in pixels if p < 128) / max(1, len(pixels))
            out.append(Glyph(ch, buf.value.decode("latin-1"), embedded, ink, crop.resize((24, 24)).tobytes()))
            if len(out) >= limit:
                break
        return out
    finally:
        pdf.close()


def assert_real_cjk_glyphs(data: bytes, font_hint: str = "CJK") -> None:
    """Every CJK character on page 1 is drawn by an embedded CJK font with ink, and different characters
    look different (a font without the glyphs draws the same empty box for all of them)."""
    glyphs = cjk_glyphs(data)
    assert len(glyphs) >= 4, "no Chinese text found on the first page"
    for g in glyphs:
        assert font_hint in g.font, f"{g.char!r} drawn with {g.font!r}"
        assert g.embedded, f"{g.char!r}: font {g.font!r} not embedded"
        assert g.ink > 0.04, f"{g.char!r}: box nearly empty (ink {g.ink:.3f})"
    by_char = {g.char: g.bitmap for g in glyphs}
    assert len(set(by_char.values())) == len(by_char), "different characters render identically"
