"""Decoding helpers for e-mail: GB charset labels, raw 8-bit headers, bodies, HTML to text."""

from __future__ import annotations

import base64
import binascii
import codecs
import quopri
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


_ANY_WORD = re.compile(rb"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
UNKNOWN_LABELS = {"unknown-8bit", "unknown", "x-unknown", "x-user-defined", "unknown_8bit", "8bit"}


def _known_codec(label: str) -> bool:
    if label in UNKNOWN_LABELS:
        return False
    try:
        codecs.lookup(label)
    except LookupError:
        return False
    return True


def _reword(match: re.Match[bytes]) -> bytes:
    """An encoded word in a charset Python cannot decode (unknown-8bit, x-unknown, a misspelt label) →
    the same text as a UTF-8 encoded word: its bytes read as UTF-8, else GB18030."""
    label = match.group(1).split(b"*", 1)[0].decode("ascii", "replace").lower()
    if _known_codec(label):
        return match.group(0)
    payload = match.group(3)
    try:
        if match.group(2) in (b"b", b"B"):
            data = base64.b64decode(payload + b"=" * (-len(payload) % 4))
        else:
            data = quopri.decodestring(payload.replace(b"_", b" "), header=True)
    except (ValueError, binascii.Error):
        return match.group(0)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    return b"=?utf-8?b?" + base64.b64encode(text.encode("utf-8")) + b"?="


def _header_block(raw: bytes) -> int:
    """Where the top-level header block ends (the first empty line), or the end."""
    found = re.search(rb"\r?\n\r?\n", raw)
    return found.end() if found else len(raw)


def repair_raw(raw: bytes) -> bytes:
    """The parser's working copy: a UTF-8 BOM dropped; encoded words in charsets Python cannot decode
    re-encoded as UTF-8 (header block only); GB labels → gb18030 in encoded words and RFC 2231 parameters;
    raw 8-bit header lines that are not UTF-8 read as GB18030 and re-encoded as UTF-8 (bodies untouched)."""
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    end = _header_block(raw)
    raw = _ANY_WORD.sub(_reword, raw[:end]) + raw[end:]
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


def raw_header_values(raw: bytes, names: set[str], limit: int = 2000) -> dict[str, str]:
    """The top-level headers `names` exactly as written in the original bytes (unfolded; encoded words
    left encoded; 8-bit bytes read as UTF-8, else GB18030): what the sender's program wrote."""
    block = raw.removeprefix(b"\xef\xbb\xbf")[: _header_block(raw.removeprefix(b"\xef\xbb\xbf"))]
    out: dict[str, str] = {}
    current = ""
    for line in re.split(rb"\r?\n", block):
        if line[:1] in (b" ", b"\t") and current:
            if current in out and len(out[current]) < limit:
                out[current] = (out[current] + " " + _text(line).strip())[:limit]
            continue
        name, colon, value = line.partition(b":")
        current = name.strip().decode("ascii", "replace").lower() if colon else ""
        if current in names and current not in out:
            out[current] = _text(value).strip()[:limit]
    return out


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")
