"""Safe, streaming XML: refuse any DTD before parsing, then lxml iterparse that resolves nothing.

A file whose prolog holds a `<!DOCTYPE` (and so possibly `<!ENTITY` declarations: XXE, billion laughs) is
refused after reading at most `PROLOG_LIMIT` bytes — nothing is expanded, fetched or loaded. The parser
itself is also configured never to resolve entities, load a DTD or touch the network. Each top-level
element is handed over once complete, then cleared and dropped, so memory stays flat in the file size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from lxml import etree

from xieshang.importers._common import format_error
from xieshang.importers.base import SourceContext

PROLOG_LIMIT = 1 << 20  # bytes read, at most, to find the root element
_NAME = re.compile(r"[^\s/>]+")
_CHUNK = 64 * 1024
# a named entity reference other than the five predefined ones (lxml loses its position otherwise)
_FOREIGN_ENTITY = re.compile(rb"&(?!(?:lt|gt|amp|quot|apos);)[A-Za-z_:][A-Za-z0-9_.:-]{0,64};")
_CARRY = 80
MAX_ELEMENT_BYTES = 128 << 20  # one record (an MMS with its media) at most; beyond → refused, memory bounded


@dataclass(frozen=True)
class Prolog:
    """What precedes the root element: its name (None if not reached), whether a DTD was declared."""

    root: str | None
    doctype: bool
    complete: bool  # the root's start was reached
    garbage: bool = False  # text that is not XML markup before the root


def _decode(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head[: len(head) - len(head) % 2].decode("utf-16", errors="replace")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.decode("latin-1")  # ASCII-compatible: enough to read markup


def scan_prolog(head: bytes) -> Prolog:
    """Read the XML prolog in `head`: declaration, comments, processing instructions, DOCTYPE, root start."""
    text = _decode(head)
    pos, doctype, n = 0, False, len(text)
    while True:
        while pos < n and text[pos] in " \t\r\n":
            pos += 1
        if pos >= n:
            return Prolog(None, doctype, False)
        if text.startswith("<?", pos):
            end = text.find("?>", pos + 2)
            if end < 0:
                return Prolog(None, doctype, False)
            pos = end + 2
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos + 4)
            if end < 0:
                return Prolog(None, doctype, False)
            pos = end + 3
        elif text.startswith("<!", pos):
            doctype = True
            bracket, close = text.find("[", pos), text.find(">", pos)
            if close < 0:
                return Prolog(None, True, False)
            if 0 <= bracket < close:
                end = text.find("]", bracket)
                close = text.find(">", end) if end >= 0 else -1
                if close < 0:
                    return Prolog(None, True, False)
            pos = close + 1
        elif text.startswith("<", pos):
            match = _NAME.match(text, pos + 1)
            if not match or pos + 1 + len(match.group()) >= n:
                return Prolog(None, doctype, False)
            return Prolog(match.group(), doctype, True)
        else:
            return Prolog(None, doctype, False, garbage=True)


def root_name(head: bytes) -> str | None:
    """The root element's name when `head` starts like an XML document (for `sniff`), else None."""
    return scan_prolog(head).root


def _checked_start(stream: IO[bytes], context: SourceContext, expected_root: str) -> bytes:
    prefix = b""
    while True:
        chunk = stream.read(_CHUNK)
        prefix += chunk
        prolog = scan_prolog(prefix)
        if prolog.doctype:
            raise format_error(
                context,
                "prolog",
                "含有 DTD / 实体声明（DOCTYPE、ENTITY），出于安全原因拒绝导入，未解析任何内容",
                "contains a DTD / entity declarations (DOCTYPE, ENTITY); refused for safety, nothing was resolved",
            )
        if prolog.complete:
            if prolog.root != expected_root:
                raise format_error(
                    context, "line 1", f"根元素应为 <{expected_root}>，实为 <{prolog.root}>",
                    f"root element should be <{expected_root}>, found <{prolog.root}>",
                )  # fmt: skip
            return prefix
        if prolog.garbage or not chunk or len(prefix) > PROLOG_LIMIT:
            reason_zh = "不是 XML 文件" if prolog.garbage or prefix.strip() else "文件为空"
            reason_en = "not an XML file" if prolog.garbage or prefix.strip() else "the file is empty"
            if not chunk and not prolog.garbage and prefix.strip():
                reason_zh, reason_en = "文件被截断（没有根元素）", "truncated: no root element"
            raise format_error(context, "prolog", reason_zh, reason_en)


def iter_children(
    stream: IO[bytes], context: SourceContext, *, root: str, tags: tuple[str, ...]
) -> Iterator[etree._Element]:
    """Yield each complete top-level child of `<root>` whose tag is in `tags`, then free it.

    Raises `ImportFormatError` naming line and column for a DTD, an undefined entity, malformed or truncated
    XML. The caller must not keep references to yielded elements (they are cleared after the next step).
    """
    chunk = _checked_start(stream, context, root)
    parser = etree.XMLPullParser(
        events=("end",),
        tag=tags,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
    )
    lines_before = 1  # line number at which the current chunk starts
    carry = b""
    pending = 0  # bytes fed since the last complete record
    try:
        while chunk:
            window = carry + chunk
            match = _FOREIGN_ENTITY.search(window)
            if match and match.start() >= len(window) - _CARRY:
                following = stream.read(_CHUNK)
                chunk, window = chunk + following, window + following
                match = _FOREIGN_ENTITY.search(window)
            if match:
                line = lines_before - carry.count(b"\n") + window.count(b"\n", 0, match.start())
                name = window[match.start() : match.start() + 24].split(b";")[0].decode("utf-8", "replace")
                raise format_error(
                    context, f"line {line}", f"未定义的实体引用 {name}（拒绝解析实体）",
                    f"undefined entity reference {name} (entities are not resolved)",
                )  # fmt: skip
            carry = window[-_CARRY:]
            parser.feed(chunk)
            pending += len(chunk)
            for _event, elem in parser.read_events():
                parent = elem.getparent()
                if parent is None or parent.getparent() is not None:
                    continue  # not a direct child of the root (e.g. a <part> named like a record)
                pending = 0
                yield elem
                elem.clear(keep_tail=False)
                while elem.getprevious() is not None:
                    del parent[0]
            lines_before += chunk.count(b"\n")
            if pending > MAX_ELEMENT_BYTES:
                raise format_error(
                    context, f"line {lines_before}", f"单条记录超过 {MAX_ELEMENT_BYTES >> 20} MiB，拒绝导入",
                    f"one record is larger than {MAX_ELEMENT_BYTES >> 20} MiB; refused",
                )  # fmt: skip
            chunk = stream.read(_CHUNK)
        parser.close()
        for _event, _elem in parser.read_events():
            pass
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno or 0, 0)
        message = str(exc.msg or exc)
        if line:
            where = f"line {line}, column {column}"
        else:  # libxml2 gives no position for some errors (an undefined entity with resolve_entities=False)
            last = lines_before + chunk.count(b"\n")
            where = f"lines {lines_before}-{last}"
            message = f"undefined entity or malformed XML ({message})"
        truncated = not chunk or "Premature end" in message or "end of data" in message.lower()
        zh = "文件被截断或不完整" if truncated else "XML 格式错误"
        raise format_error(context, where, f"{zh}（{message}）", message) from None
