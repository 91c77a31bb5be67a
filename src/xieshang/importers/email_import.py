"""E-mail: one `.eml` or an mbox (streamed message by message), Chinese charsets decoded correctly.

Chinese clients label GBK/GB18030 text as `gb2312`; Python then silently garbles GBK-only characters
(喆, 珺, 镕). Every label `gb2312`/`gbk`/`x-gbk`/`cp936` is read as `gb18030` (a superset) — in RFC 2047
encoded words, RFC 2231 parameters, raw 8-bit headers and bodies. The original bytes are never changed:
only the parser's working copy is.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from typing import IO, Any

from xieshang.importers._common import checked, format_error, local_time, zone
from xieshang.importers.base import Attachment, Direction, Record, RecordKind, SourceContext
from xieshang.importers.email_text import header_text, html_to_text, part_text, repair_raw, unsurrogate

_HEADER_LINE = re.compile(rb"^[!-9;-~]{1,76}:[ \t]?")
_KNOWN = (b"from", b"to", b"date", b"subject", b"message-id", b"received", b"return-path", b"mime-version",
          b"content-type", b"x-mailer", b"delivered-to", b"reply-to", b"cc")  # fmt: skip
_MBOX_FROM = re.compile(rb"^From \S*.*\d{4}\s*$")
_TRUNCATION = {"CloseBoundaryNotFoundDefect", "StartBoundaryNotFoundDefect"}


def _looks_like_headers(lines: list[bytes]) -> bool:
    names = set()
    for line in lines:
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t"):
            continue
        if not _HEADER_LINE.match(line):
            return False
        names.add(line.split(b":", 1)[0].lower())
    return len(names.intersection(_KNOWN)) >= 2


class _MessageReader:
    """Turns one message's raw bytes into a Record."""

    def record(
        self,
        raw: bytes,
        context: SourceContext,
        position: str,
        fallback_date: datetime | None,
        kind_name: str,
    ) -> Record:
        if not raw.strip():
            raise format_error(context, position, "邮件为空", "empty message")
        msg = BytesParser(policy=policy.default).parsebytes(repair_raw(raw))
        assert isinstance(msg, EmailMessage)
        if not _looks_like_headers(raw.lstrip(b"\r\n").split(b"\n", 60)[:60]):
            raise format_error(context, position, "没有邮件头", "no e-mail headers")
        for part in msg.walk():
            found = {type(d).__name__ for d in part.defects}.intersection(_TRUNCATION)
            if found:
                raise format_error(
                    context,
                    position,
                    "邮件被截断（MIME 分段不完整）",
                    f"truncated message ({', '.join(sorted(found))})",
                )
        subject = header_text(msg, "subject")
        from_name, from_addr = _first_address(msg, "from")
        to = _addresses(msg, "to")
        cc = _addresses(msg, "cc")
        when = self._date(msg, context, position, fallback_date)
        body_part = msg.get_body(preferencelist=("plain", "html"))
        body = ""
        if body_part is not None:
            body = part_text(body_part)
            if body_part.get_content_subtype() == "html":
                body = html_to_text(body)
        attachments = tuple(_attachments(msg, body_part))
        labels = header_text(msg, "x-gmail-labels")
        outgoing = any(
            label.strip().lower() in ("sent", "已发送", "sent mail") for label in labels.split(",")
        )
        counterpart, counterpart_name = from_addr, from_name
        if outgoing and to:
            counterpart, counterpart_name = to[0][1], to[0][0]
        meta: dict[str, Any] = {
            "subject": subject,
            "from": from_addr,
            "from_name": from_name,
            "to": [addr for _name, addr in to],
            "cc": [addr for _name, addr in cc],
        }
        return Record(
            kind=RecordKind.EMAIL,
            timestamp=when,
            direction=Direction.OUTGOING if outgoing else Direction.UNKNOWN,
            counterpart=counterpart,
            counterpart_name=counterpart_name,
            text=f"{subject}\n\n{body.strip()}" if subject else body.strip(),
            position=position,
            external_id=header_text(msg, "message-id").strip().strip("<>").strip(),
            meta=meta,
            attachments=attachments,
        )

    def _date(
        self, msg: Message, context: SourceContext, position: str, fallback: datetime | None
    ) -> datetime:
        raw = header_text(msg, "date")
        when: datetime | None = None
        if raw:
            try:
                when = parsedate_to_datetime(raw)
            except (TypeError, ValueError, IndexError):
                when = None
        if when is None:
            when = fallback or context.mtime
        if when is None:
            raise format_error(context, position, "邮件没有可读的日期", "the message has no readable date")
        if when.tzinfo is None:
            return local_time(when, context, position)
        return checked(when, context, position)


def _first_address(msg: Message, name: str) -> tuple[str, str]:
    found = _addresses(msg, name)
    return found[0] if found else ("", "")


def _addresses(msg: Message, name: str) -> list[tuple[str, str]]:
    header = msg.get(name)
    if header is None:
        return []
    try:
        addresses = getattr(header, "addresses", None)
        if addresses is None:
            raise TypeError(name)
    except (AttributeError, TypeError, ValueError, IndexError):
        return [("", unsurrogate(str(header)))]
    return [(unsurrogate(a.display_name), unsurrogate(a.addr_spec).lower()) for a in addresses]


def _attachments(msg: Message, body_part: Message | None) -> Iterator[Attachment]:
    stack: list[Message] = [msg]
    while stack:
        part = stack.pop(0)
        content_type = part.get_content_type()
        if content_type == "message/rfc822":
            inner = part.get_payload(0)
            data = inner.as_bytes() if isinstance(inner, Message) else b""
            name = unsurrogate(part.get_filename() or "") or "forwarded.eml"
            yield Attachment(filename=name, content_type=content_type, data=data)
            continue
        if part.is_multipart():
            payload = part.get_payload()
            stack[0:0] = [p for p in payload if isinstance(p, Message)] if isinstance(payload, list) else []
            continue
        if part is body_part:
            continue
        filename = part.get_filename()
        if (
            filename is None
            and part.get_content_maintype() == "text"
            and part.get_content_disposition() != "attachment"
        ):
            continue  # the other alternative of the body (html beside plain)
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        yield Attachment(filename=unsurrogate(filename or ""), content_type=content_type, data=data)


class EmlImporter:
    """One RFC 5322 message (`.eml`)."""

    name = "eml"
    version = "1"

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        if head.startswith(b"From "):
            return False
        lines = head.lstrip(b"\r\n").split(b"\n", 60)[:60]
        return bool(lines) and _looks_like_headers(lines)

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        yield _MessageReader().record(stream.read(), context, "message 1", None, self.name)


class MboxImporter:
    """A Unix mbox (mboxo/mboxrd): messages after `From ` lines, read one at a time from the byte stream."""

    name = "mbox"
    version = "1"

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        lines = head.split(b"\n", 60)[:60]
        return bool(_MBOX_FROM.match(lines[0].rstrip(b"\r"))) and _looks_like_headers(lines[1:])

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        reader = _MessageReader()
        buffer: list[bytes] = []
        start_line, from_line, count, previous_blank = 0, b"", 0, True
        for number, line in enumerate(stream, start=1):
            if previous_blank and line.startswith(b"From "):
                if buffer or from_line:
                    count += 1
                    yield self._one(reader, buffer, from_line, context, count, start_line)
                buffer, from_line, start_line = [], line, number
                previous_blank = False
                continue
            if number == 1:
                raise format_error(
                    context, "line 1", "不是 mbox 文件（缺少 From 行）", "not an mbox: no From line"
                )
            previous_blank = not line.strip()
            stripped = line.lstrip(b">")
            buffer.append(line[1:] if stripped is not line and stripped.startswith(b"From ") else line)
        if from_line:
            count += 1
            yield self._one(reader, buffer, from_line, context, count, start_line)

    def _one(
        self,
        reader: _MessageReader,
        lines: list[bytes],
        from_line: bytes,
        context: SourceContext,
        n: int,
        line: int,
    ) -> Record:
        if lines and not lines[-1].strip():
            lines = lines[:-1]  # the blank line that separates messages
        fallback = _from_line_date(from_line, context)
        return reader.record(b"".join(lines), context, f"message {n}, line {line}", fallback, "mbox")


def _from_line_date(line: bytes, context: SourceContext) -> datetime | None:
    parts = line.decode("ascii", "replace").split()
    if len(parts) < 7:
        return None
    try:
        naive = datetime.strptime(" ".join(parts[-5:]), "%a %b %d %H:%M:%S %Y")
    except ValueError:
        return None
    return naive.replace(tzinfo=zone("UTC"))
