"""One entry point for the three formats."""

from __future__ import annotations

from xieshang.documents.model import Document

FORMATS = ("docx", "pdf", "txt")


def render(doc: Document, fmt: str) -> bytes:
    if fmt == "docx":
        from xieshang.documents.render_docx import render_docx

        return render_docx(doc)
    if fmt == "pdf":
        from xieshang.documents.render_pdf import render_pdf

        return render_pdf(doc)
    if fmt == "txt":
        from xieshang.documents.render_text import render_text

        return render_text(doc).encode("utf-8")
    raise ValueError(f"unknown format {fmt!r}")
