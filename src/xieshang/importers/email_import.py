"""E-mail: one `.eml` (an mbox is in `mbox.py`), Chinese charsets decoded correctly.

Chinese clients label GBK/GB18030 text as `gb2312`; Python then silently garbles GBK-only characters
(喆, 珺, 镕). Every label `gb2312`/`gbk`/`x-gbk`/`cp936` is read as `gb18030` (a superset) — in RFC 2047
encoded words, RFC 2231 parameters, raw 8-bit headers and bodies. The original bytes are never changed:
only the parser's working copy is.

Direction (see `xieshang.importers.owner`): From is one of the owner's addresses → OUTGOING; To/Cc/
Delivered-To holds one → INCOMING; else Gmail's `X-Gmail-Labels` (Sent / Inbox); else a `Delivered-To` /
`X-Original-To` header (the message was delivered to a mailbox: received) → INCOMING; else UNKNOWN.
The counterpart is the first To (or Cc) of an outgoing message, the From of any other.

Time: the Date header; when it is missing, unreadable or absurd (before 1970, after 2100), the mbox
`From ` line, then the file's mtime — `meta["time_source"]` says which ("date", "mbox_from_line",
"mtime").
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from typing import IO, Any

from xieshang.importers._common import EARLIEST, LATEST, format_error, zone
from xieshang.importers.base import Attachment, Direction, Record, RecordKind, SourceContext
from xieshang.importers.email_text import (
    header_text,
    html_to_text,
    part_text,
    raw_header_values,
    repair_raw,
    unsurrogate,
)
from xieshang.importers.owner import normalise_id, owner_set

_HEADER_LINE = re.compile(rb"^[!-9;-~]{1,76}:[ \t]?")
_KNOWN = (b"from", b"to", b"date", b"subject", b"message-id", b"received", b"return-path", b"mime-version",
          b"content-type", b"x-mailer", b"delivered-to", b"reply-to", b"cc")  # fmt: skip
_TRUNCATION = {"CloseBoundaryNotFoundDefect", "StartBoundaryNotFoundDefect"}
_SENT_LABELS = {"sent", "sent mail", "sent messages", "已发送", "已发邮件", "已发送邮件", "发件箱"}
_INBOX_LABELS = {"inbox", "收件箱"}
_MSG_ID = re.compile(r"<([^<>\s]+)>")
_RAW_KEPT = {"from", "to", "cc", "subject", "date", "sender", "reply-to"}


def looks_like_headers(lines: list[bytes]) -> bool:
    """True when `lines` start with RFC 5322 header lines, two or more of them well-known names."""
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


def robust_addresses(text: str) -> list[tuple[str, str]]:
    """Addresses of a header the strict parser cannot read: `Test TEST, test<test@test.com>` (a comma
    unquoted in a display name) is one person — the words before an address join its display name."""
    out: list[tuple[str, str]] = []
    pending: list[str] = []
    for name, address in getaddresses([text]):
        if "@" not in address:
            pending.extend(part for part in (name, address) if part)
            continue
        display = ", ".join([*pending, name] if name else pending)
        out.append((display.strip().strip('"').strip(), address.strip().lower()))
        pending = []
    if not out and text.strip():
        return [("", text.strip().lower())]
    return out


def addresses(msg: Message, name: str) -> list[tuple[str, str]]:
    """(display name, lower-case address) of each address in a header; [] when missing."""
    try:
        header = msg.get(name)
    except (TypeError, ValueError, IndexError, AttributeError):
        return []
    if header is None:
        return []
    try:
        found = getattr(header, "addresses", None)
        if found is None:
            raise TypeError(name)
        parsed = [(unsurrogate(a.display_name), unsurrogate(a.addr_spec).lower()) for a in found]
    except (AttributeError, TypeError, ValueError, IndexError):
        parsed = []
    if parsed and all("@" in address for _n, address in parsed):
        return parsed
    return robust_addresses(unsurrogate(str(header)))


def _message_ids(value: str) -> list[str]:
    return _MSG_ID.findall(value) or ([value.strip()] if value.strip() else [])


def _direction(msg: Message, owners: set[str], parties: dict[str, list[str]]) -> tuple[Direction, str]:
    """(direction, the reason) of one message."""
    if owners:
        if any(normalise_id(a) in owners for a in parties["from"]):
            return Direction.OUTGOING, "owner_address"
        if any(normalise_id(a) in owners for key in ("to", "cc", "delivered_to") for a in parties[key]):
            return Direction.INCOMING, "owner_address"
    labels = {label.strip().lower() for label in header_text(msg, "x-gmail-labels").split(",")}
    if labels & _SENT_LABELS:
        return Direction.OUTGOING, "gmail_label"
    if labels & _INBOX_LABELS:
        return Direction.INCOMING, "gmail_label"
    if parties["delivered_to"]:
        return Direction.INCOMING, "delivered_to"
    return Direction.UNKNOWN, ""


class MessageReader:
    """Turns one message's raw bytes into a Record. `owners`: the owner's normalised addresses."""

    def __init__(self, owners: set[str] | None = None) -> None:
        self.owners = owners if owners is not None else set()

    def record(
        self,
        raw: bytes,
        context: SourceContext,
        position: str,
        fallback_date: datetime | None,
        kind_name: str = "",
    ) -> Record:
        if not raw.strip():
            raise format_error(context, position, "邮件为空", "empty message")
        raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not looks_like_headers(raw.lstrip(b"\r\n").split(b"\n", 60)[:60]):
            raise format_error(context, position, "没有邮件头", "no e-mail headers")
        msg = BytesParser(policy=policy.default).parsebytes(repair_raw(raw))
        assert isinstance(msg, EmailMessage)
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
        sender = addresses(msg, "from")
        to, cc = addresses(msg, "to"), addresses(msg, "cc")
        delivered = addresses(msg, "delivered-to") + addresses(msg, "x-original-to")
        parties = {
            "from": [a for _n, a in sender],
            "to": [a for _n, a in to],
            "cc": [a for _n, a in cc],
            "delivered_to": [a for _n, a in delivered],
        }
        direction, reason = _direction(msg, self.owners, parties)
        when, time_source = self._date(msg, context, position, fallback_date)
        body_part = msg.get_body(preferencelist=("plain", "html"))
        body = ""
        if body_part is not None:
            body = part_text(body_part)
            if body_part.get_content_subtype() == "html":
                body = html_to_text(body)
        attachments = tuple(_attachments(msg, body_part))
        counterpart_name, counterpart = sender[0] if sender else ("", "")
        if direction is Direction.OUTGOING and (to or cc):
            counterpart_name, counterpart = (to or cc)[0]
        raw_headers = raw_header_values(raw, _RAW_KEPT)
        meta: dict[str, Any] = {
            "raw_headers": raw_headers,  # as written (encoded words undecoded): what the parser read
            "subject": subject,
            "from": parties["from"][0] if sender else "",
            "from_name": sender[0][0] if sender else "",
            "to": parties["to"],
            "cc": parties["cc"],
            "time_source": time_source,
        }
        if reason:
            meta["direction_from"] = reason
        in_reply_to = _message_ids(header_text(msg, "in-reply-to"))
        if in_reply_to:
            meta["in_reply_to"] = in_reply_to[0]
        references = _message_ids(header_text(msg, "references"))
        if references:
            meta["references"] = references[-50:]
        return Record(
            kind=RecordKind.EMAIL,
            timestamp=when,
            direction=direction,
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
    ) -> tuple[datetime, str]:
        raw = next((str(v) for k, v in msg.raw_items() if k.lower() == "date"), "")  # policy.default
        raw = " ".join(unsurrogate(raw).split())  # would print a zoneless date with "-0000" (= UTC)
        when: datetime | None = None
        if raw:
            try:
                when = parsedate_to_datetime(raw)
            except (TypeError, ValueError, IndexError, OverflowError):
                when = None
        if when is not None:
            if when.tzinfo is None:  # "-0000" (RFC 5322: UTC, zone unknown) or no zone at all (local)
                when = when.replace(tzinfo=UTC if "-0000" in raw else zone(context.default_timezone))
            if EARLIEST <= when < LATEST:
                return when, "date"
        if fallback is not None:
            return fallback, "mbox_from_line"
        if context.mtime is not None:
            return context.mtime, "mtime"
        raise format_error(context, position, "邮件没有可读的日期", "the message has no readable date")


def _fallback_name(part: Message, n: int) -> str:
    extension = mimetypes.guess_extension(part.get_content_type()) or ".bin"
    cid = unsurrogate(str(part.get("content-id", "") or "")).strip().strip("<>")
    stem = re.sub(r"[^\w.-]+", "_", cid.split("@", 1)[0])[:60] if cid else f"part-{n}"
    prefix = "inline-" if part.get_content_disposition() != "attachment" else ""
    return f"{prefix}{stem}{extension}"


def _attachments(msg: Message, body_part: Message | None) -> Iterator[Attachment]:
    """Every attachment, inline image and forwarded message (message/rfc822) — not the chosen body nor its
    text alternative. A part without a name gets one from its Content-ID and type (`inline-logo.png`)."""
    stack: list[Message] = [msg]
    n = 0
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
        n += 1
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        name = unsurrogate(filename or "") or _fallback_name(part, n)
        yield Attachment(filename=name, content_type=content_type, data=data)


class EmlImporter:
    """One RFC 5322 message (`.eml`)."""

    name = "eml"
    version = "3"

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        head = head.removeprefix(b"\xef\xbb\xbf")  # a UTF-8 BOM some Windows tools write first
        if head.startswith(b"From "):
            return False
        lines = head.lstrip(b"\r\n").split(b"\n", 60)[:60]
        return bool(lines) and looks_like_headers(lines)

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        reader = MessageReader(owner_set(context))
        yield reader.record(stream.read(), context, "message 1", None, self.name)
