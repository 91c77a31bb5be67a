"""Text and creation date of a PDF for search, with pypdf (pure Python, BSD): bounded in pages and characters.

A PDF that pypdf cannot read is still evidence (viewers are lenient): the document is kept with no text and
`meta["text_error"]`; a password-protected one with `meta["encrypted"] = True`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO

MAX_PAGES = 100  # pages read for text
MAX_CHARS = 200_000


@dataclass(frozen=True)
class PdfInfo:
    text: str = ""
    pages: int | None = None
    created: datetime | None = None
    encrypted: bool = False
    error: str = ""


def pdf_info(stream: IO[bytes]) -> PdfInfo:
    """The text of the first `MAX_PAGES` pages (at most `MAX_CHARS`), page count and CreationDate."""
    import pypdf  # imported here: only PDF imports pay for it

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed-but-readable PDFs are common
    stream.seek(0)
    try:
        reader = pypdf.PdfReader(stream, strict=False)
        encrypted = reader.is_encrypted
        if encrypted and not reader.decrypt(""):
            return PdfInfo(encrypted=True, pages=None)
        parts: list[str] = []
        size = 0
        for page in reader.pages[:MAX_PAGES]:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size >= MAX_CHARS:
                break
        created = None
        try:
            metadata = reader.metadata
            created = metadata.creation_date if metadata is not None else None
        except Exception:  # a damaged /Info dictionary: no date, the text still counts
            created = None
        if created is not None and created.tzinfo is None:
            created = created.replace(tzinfo=UTC)
        text = "\n".join(p.strip() for p in parts if p.strip())[:MAX_CHARS]
        return PdfInfo(text=text, pages=len(reader.pages), created=created, encrypted=encrypted)
    except Exception as exc:  # pypdf raises many types for damaged files; the document is still kept
        return PdfInfo(error=f"{type(exc).__name__}: {exc}"[:200])
