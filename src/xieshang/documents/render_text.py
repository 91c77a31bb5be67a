"""Plain text of a document, for pasting into a chat (WeChat, SMS, e-mail)."""

from __future__ import annotations

import unicodedata

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


def display_width(text: str) -> int:
    """Columns the text takes in a monospaced chat box: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def _marks(doc: Document, cites: tuple[str, ...]) -> str:
    return "".join(f"[{doc.source_number(c)}]" for c in cites)


def table_lines(table: Table) -> list[str]:
    widths = [display_width(h) for h in table.headers]
    for row in table.rows:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row, strict=True)]
    lines = [table.caption] if table.caption else []
    lines.append(
        "  ".join(
            _pad(h, w, i in table.numeric_columns)
            for i, (h, w) in enumerate(zip(table.headers, widths, strict=True))
        ).rstrip()
    )
    lines.append("  ".join("-" * w for w in widths))
    for row in table.rows:
        cells = (
            _pad(c, w, i in table.numeric_columns) for i, (c, w) in enumerate(zip(row, widths, strict=True))
        )
        lines.append("  ".join(cells).rstrip())
    return lines


def render_text(doc: Document) -> str:
    lines: list[str] = [doc.title]
    if doc.subtitle:
        lines.append(doc.subtitle)
    lines.append("")
    for party in doc.parties:
        lines.append(f"{party.role}：{party.name}" + (f"（{party.detail}）" if party.detail else ""))
    lines.append(f"日期：{format_date_zh(doc.date)}")
    lines.append("")
    for block in doc.blocks:
        if isinstance(block, Heading):
            lines.extend([f"【{block.text}】"])
        elif isinstance(block, Paragraph):
            lines.extend([block.text + _marks(doc, block.cites), ""])
        elif isinstance(block, BulletList):
            for i, item in enumerate(block.items, start=1):
                lines.append(f"{i}. {item}" if block.ordered else f"· {item}")
            lines.append("")
        elif isinstance(block, Table):
            lines.extend([*table_lines(block), ""])
        elif isinstance(block, PageBreak):
            lines.append("")
    if doc.signature:
        lines.extend(doc.signature.lines)
        lines.append("")
    if doc.sources:
        lines.append("依据：")
        lines.extend(source_line(i, s) for i, s in enumerate(doc.sources, start=1))
        lines.append("")
    lines.append(doc.notice)
    return "\n".join(lines).rstrip() + "\n"
