"""Decoding helpers for e-mail: GB charset labels, raw 8-bit headers, bodies, HTML to text."""

from __future__ import annotations

import re
from email.message import Message

from lxml import html as lxml_html

GB_LABELS = {"gb2312", "gbk", "x-gbk", "cp936", "gb_2312-80", "csgb2312", "x-euc-cn", "euc-cn"}
_WORD_LABEL = re.compile(rb"=\?(gb2312|gbk|x-gbk|cp936|euc-cn|x-euc-cn)(\*[a-z-]+)?\?", re.IGNORECASE)
_PARAM_LABEL = re.compile(rb"\*=(gb2312|gbk|x-gbk|cp936)'", re.IGNORECASE)
_BOUNDARY = re.compile(rb'boundary\s*=\s*"?([^";\r\n]+)"?', re.IGNORECASE)


_UTF8_EVIDENCE = 9  # non-ASCII bytes (three CJK characters in UTF-8)


def codec_for(charset: str | None) -> str:
    """The codec to decode a declared charset with: the GB family → gb18030; no label → utf-8."""
    label = (charset or "utf-8").strip().strip('"').lower()
    return "gb18030" if label in GB_LABELS else label


def _to_utf8(line: bytes) -> bytes:
    try:
        line.decode("utf-8")
        return line
    except UnicodeDecodeError:
        return line.decode("gb18030", errors="replace").encode("utf-8")


def repair_raw(raw: bytes) -> bytes:
    """The parser's working copy: GB labels → gb18030 in encoded words and RFC 2231 parameters; raw 8-bit
    header lines that are not UTF-8 read as GB18030 and re-encoded as UTF-8 (bodies untouched)."""
    raw = _WORD_LABEL.sub(rb"=?gb18030?", raw)
    raw = _PARAM_LABEL.sub(rb"*=gb18030'", raw)
    if raw.isascii():
        return raw
    out: list[bytes] = []
    boundaries: set[bytes] = set()
    in_header = True
    for line in raw.split(b"\n"):
        bare = line.rstrip(b"\r")
        if in_header:
            if not bare:
                in_header = False
            else:
                if not bare.isascii():
                    line = _to_utf8(line)
                match = _BOUNDARY.search(bare)
                if match:
                    boundaries.add(b"--" + match.group(1).strip())
        elif bare.startswith(b"--"):
            token = bare.rstrip()
            if token in boundaries:
                in_header = True
        out.append(line)
    return b"\n".join(out)


def unsurrogate(text: str) -> str:
    """Undo `surrogateescape` left by the parser in address display names (raw UTF-8 bytes)."""
    if not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    raw = text.encode("utf-8", errors="surrogateescape")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def header_text(msg: Message, name: str) -> str:
    """A header as text ("" when missing or unreadable)."""
    try:
        value = msg.get(name)
    except (TypeError, ValueError, IndexError):
        return ""
    return "" if value is None else unsurrogate(str(value))


def part_text(part: Message) -> str:
    """A text part decoded with its declared charset (GB family as gb18030), then UTF-8, then GB18030.

    A part labelled GB but holding valid UTF-8 with at least `_UTF8_EVIDENCE` non-ASCII bytes is read as
    UTF-8: GB-encoded Chinese of that length is practically never valid UTF-8, while the other way round
    GB18030 would decode it silently into other characters (a relabelled forward, a webmail bug).
    """
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    declared = codec_for(part.get_content_charset())
    codecs: tuple[str, ...] = (declared, "utf-8", "gb18030")
    if declared == "gb18030" and sum(b > 0x7F for b in payload[:4096]) >= _UTF8_EVIDENCE:
        codecs = ("utf-8", "gb18030")
    for codec in codecs:
        try:
            return payload.decode(codec)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("utf-8", errors="replace")


def html_to_text(markup: str) -> str:
    """Visible text of an HTML body (lxml's HTML parser: no network, no entities beyond HTML's own)."""
    if not markup.strip():
        return ""
    try:
        root = lxml_html.fromstring(markup)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return markup
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    for br in root.xpath("//br|//p|//div|//tr"):
        br.tail = "\n" + (br.tail or "")
    return re.sub(r"\n\s*\n+", "\n", root.text_content()).strip()
