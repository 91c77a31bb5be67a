"""iPhone messages: `sms.db` (SMS, MMS and iMessage), as in an iTunes/Finder backup
(`3d/3d0d7e5fb2ce288813306e4d4636395e047a3d28`) or copied off the phone.

Tables: `message` (required), `handle` (required), and when present `chat`, `chat_message_join`,
`chat_handle_join`, `attachment`, `message_attachment_join`. Columns differ between iOS versions: each
optional column is read only when the table has it.

- Time: `message.date` counts from 2001-01-01 UTC, in seconds (iOS ≤ 10) or nanoseconds (iOS 11+):
  a magnitude over 10^11 is nanoseconds (10^11 s would be the year 5170). `date` 0/NULL: no time of its
  own → the file's mtime with `meta["time_source"] = "mtime"` (never counted as an event time).
- Direction and status: `is_from_me` 1 → OUTGOING, `error` ≠ 0 → failed, `is_sent`/`is_delivered` →
  sent, else outbox (not known to have left the phone); `is_from_me` 0 → INCOMING, received. A group
  event (`item_type` ≠ 0: renamed, member added/removed) is UNKNOWN with `meta["system"]`.
- Speakers: a chat with more than one other member (`chat_handle_join`), or `style` 43, is a group: the
  counterpart is the chat (`chat_identifier`, named by `display_name`), `meta["group"]`, and every
  incoming message keeps its speaker in `meta["sender"]` (the handle: a number or an Apple ID e-mail).
  The owner is never guessed: `meta["owner_id"]` is the phone's own address when the database names it
  (`destination_caller_id` / `account`), else absent.
- Text: `text`, else the string inside `attributedBody` (a typedstream NSAttributedString, which newer
  iOS writes instead). Attachments (`~/Library/SMS/Attachments/…`) are read from the backup when the file
  sits in one (`<backup>/<xx>/<sha1 of "MediaDomain-Library/SMS/Attachments/…">`) or from an
  `Attachments` folder beside the database; those not present are listed in `meta["attachments_missing"]`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from xieshang.importers._common import format_error, normalize_number
from xieshang.importers.base import Attachment, Direction, MessageStatus, Record, RecordKind, SourceContext
from xieshang.importers.sqlite_safe import SafeDb, open_db, sniff_tables

APPLE_EPOCH = datetime(2001, 1, 1, tzinfo=UTC)
NANOS_THRESHOLD = 10**11
REQUIRED = frozenset({"message", "handle"})
SMS_DB_FILE_ID = "3d0d7e5fb2ce288813306e4d4636395e047a3d28"
GROUP_STYLE = 43
MAX_ATTACHMENT_BYTES = 64 << 20
_LATEST = datetime(2100, 1, 1, tzinfo=UTC)
_HEX40 = re.compile(r"^[0-9a-f]{40}$")


def apple_time(value: Any) -> datetime | None:
    """A UTC datetime from an Apple-epoch value in seconds or nanoseconds; None for 0/NULL/absurd."""
    if not value:
        return None
    if isinstance(value, bytes | str):
        try:
            value = float(value) if value is not None else None
        except (TypeError, ValueError):
            return None
        if value is None:
            return None
    number = float(value)
    if number == 0:
        return None
    seconds = number / 1e9 if abs(number) > NANOS_THRESHOLD else number
    try:
        when = APPLE_EPOCH + timedelta(seconds=seconds)
    except OverflowError:
        return None
    return when if datetime(1970, 1, 1, tzinfo=UTC) <= when < _LATEST else None


def attributed_text(blob: bytes | None) -> str:
    """The plain string of an `attributedBody` typedstream (NSAttributedString → NSString), "" if none.

    After the class name `NSString` come a few type bytes, then `+` (0x2B, a C string) and its length: one
    byte, or 0x81 and a 2-byte little-endian length, or 0x82 and a 4-byte one."""
    if not blob:
        return ""
    at = blob.find(b"NSString")
    if at < 0:
        return ""
    plus = blob.find(b"+", at + 8, at + 8 + 12)
    if plus < 0:
        return ""
    i = plus + 1
    if i >= len(blob):
        return ""
    first = blob[i]
    if first == 0x81:
        length, i = int.from_bytes(blob[i + 1 : i + 3], "little"), i + 3
    elif first == 0x82:
        length, i = int.from_bytes(blob[i + 1 : i + 5], "little"), i + 5
    else:
        length, i = first, i + 1
    raw = blob[i : i + length]
    return raw.decode("utf-8", errors="replace") if len(raw) == length else ""


@dataclass(frozen=True)
class _Chat:
    identifier: str
    name: str
    members: tuple[str, ...]
    group: bool


def backup_root(path: Path) -> Path | None:
    """The iTunes/Finder backup folder holding `path` (`<root>/<xx>/<40 hex>` with a Manifest.db)."""
    if not _HEX40.match(path.name) or path.parent.name != path.name[:2]:
        return None
    root = path.parent.parent
    return root if (root / "Manifest.db").is_file() else None


def backup_file_id(domain: str, relative_path: str) -> str:
    """The name a backup gives a file: SHA-1 of "<domain>-<relative path>" (iOS 10 and later)."""
    return hashlib.sha1(f"{domain}-{relative_path}".encode()).hexdigest()


def _attachment_file(name: str, context: SourceContext) -> Path | None:
    """Where the backup (or a copied Library/SMS folder) keeps an attachment named `~/Library/SMS/…`."""
    relative = name[2:] if name.startswith("~/") else name.lstrip("/")
    if relative.startswith("var/mobile/"):
        relative = relative[len("var/mobile/") :]
    if not relative.startswith("Library/SMS/Attachments/") or ".." in relative.split("/"):
        return None
    root = backup_root(context.path)
    if root is not None:
        file_id = backup_file_id("MediaDomain", relative)
        candidate = root / file_id[:2] / file_id
    else:
        candidate = context.path.parent / "Attachments" / relative[len("Library/SMS/Attachments/") :]
    return candidate if candidate.is_file() else None


def _read_attachment(path: Path) -> bytes | None:
    try:
        if path.stat().st_size > MAX_ATTACHMENT_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


class IosSmsImporter:
    """iOS `sms.db`: SMS, MMS and iMessage, with group chats, speakers and attachments."""

    name = "ios_sms_db"
    version = "1"

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        tables = sniff_tables(head, context)
        return tables is not None and tables >= REQUIRED

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        with open_db(stream, context) as db:
            tables = db.tables()
            missing = REQUIRED - tables
            if missing:
                raise format_error(
                    context, "file", f"不是 iOS 短信数据库（缺少表：{', '.join(sorted(missing))}）",
                    f"not an iOS sms.db (missing tables: {', '.join(sorted(missing))})",
                )  # fmt: skip
            chats = self._chats(db, tables)
            attachments = self._attachments(db, tables)
            yield from self._messages(db, tables, chats, attachments, context)

    def _chats(self, db: SafeDb, tables: set[str]) -> dict[int, _Chat]:
        if "chat" not in tables:
            return {}
        members: dict[int, list[str]] = {}
        if "chat_handle_join" in tables:
            for chat_id, handle in db.query(
                "SELECT j.chat_id, h.id FROM chat_handle_join j JOIN handle h ON h.ROWID = j.handle_id "
                "ORDER BY j.chat_id, h.ROWID"
            ):
                members.setdefault(int(chat_id), []).append(_address(handle))
        out: dict[int, _Chat] = {}
        rows = db.query(
            f"SELECT ROWID, {db.col('chat', 'chat_identifier')}, {db.col('chat', 'display_name')}, "
            f"{db.col('chat', 'style')} FROM chat"
        )
        for rowid, identifier, display_name, style in rows:
            people = tuple(members.get(int(rowid), ()))
            out[int(rowid)] = _Chat(
                identifier=str(identifier or ""),
                name=str(display_name or ""),
                members=people,
                group=style == GROUP_STYLE or len(people) > 1,
            )
        return out

    def _attachments(self, db: SafeDb, tables: set[str]) -> dict[int, list[tuple[str, str, str]]]:
        if not {"attachment", "message_attachment_join"} <= tables:
            return {}
        out: dict[int, list[tuple[str, str, str]]] = {}
        for message_id, filename, mime, transfer in db.query(
            f"SELECT j.message_id, {db.col('attachment', 'filename', 'a')}, {db.col('attachment', 'mime_type', 'a')}, "
            f"{db.col('attachment', 'transfer_name', 'a')} FROM message_attachment_join j "
            "JOIN attachment a ON a.ROWID = j.attachment_id ORDER BY j.message_id, a.ROWID"
        ):
            out.setdefault(int(message_id), []).append(
                (str(filename or ""), str(mime or ""), str(transfer or ""))
            )
        return out

    def _messages(
        self,
        db: SafeDb,
        tables: set[str],
        chats: dict[int, _Chat],
        attachments: dict[int, list[tuple[str, str, str]]],
        context: SourceContext,
    ) -> Iterator[Record]:
        optional = ("guid", "text", "attributedBody", "service", "date", "date_read", "date_delivered",
                    "is_from_me", "is_sent", "is_delivered", "error", "item_type", "subject",
                    "destination_caller_id", "account", "is_read", "cache_has_attachments")  # fmt: skip
        select = ", ".join(db.col("message", c, "m") for c in optional)
        chat_join = (
            "LEFT JOIN (SELECT message_id, MIN(chat_id) AS chat_id FROM chat_message_join GROUP BY message_id) c "
            "ON c.message_id = m.ROWID"
            if "chat_message_join" in tables
            else ""
        )
        chat_col = "c.chat_id" if chat_join else "NULL"
        sql = (
            f"SELECT m.ROWID AS rowid_, {select}, h.id AS handle, {db.expr('handle', 'service', 'h')} AS handle_service, {chat_col} AS chat_id "
            f"FROM message m LEFT JOIN handle h ON h.ROWID = m.handle_id {chat_join} ORDER BY m.ROWID"
        )
        for n, row in enumerate(db.rows(sql), start=1):
            yield self._record(n, row, chats, attachments, context)

    def _record(
        self,
        n: int,
        row: Any,
        chats: dict[int, _Chat],
        attachments: dict[int, list[tuple[str, str, str]]],
        context: SourceContext,
    ) -> Record:
        rowid = int(row["rowid_"])
        position = f"message #{n} (ROWID {rowid})"
        when = apple_time(row["date"])
        service = str(row["service"] or row["handle_service"] or "")
        meta: dict[str, Any] = {"service": service, "rowid": rowid, "time_source": "message"}
        if when is None:
            if context.mtime is None:
                raise format_error(context, position, "消息没有时间", "the message has no time")
            when, meta["time_source"] = context.mtime, "mtime"
        outgoing = bool(row["is_from_me"])
        system = bool(row["item_type"])
        if system:
            direction, status = Direction.UNKNOWN, ""
            meta["system"] = True
        elif outgoing:
            direction = Direction.OUTGOING
            if row["error"]:
                status = MessageStatus.FAILED
                meta["error"] = int(row["error"])
            elif row["is_sent"] or row["is_delivered"] or row["date_delivered"]:
                status = MessageStatus.SENT
            else:
                status = MessageStatus.OUTBOX
        else:
            direction, status = Direction.INCOMING, MessageStatus.RECEIVED
        for key in ("date_read", "date_delivered"):
            stamp = apple_time(row[key])
            if stamp is not None:
                meta[key] = stamp.isoformat()
        owner = str(row["destination_caller_id"] or "") or _account(row["account"])
        if owner:
            meta["owner_id"] = _address(owner)
        handle = _address(row["handle"] or "")
        chat = chats.get(int(row["chat_id"])) if row["chat_id"] is not None else None
        counterpart, counterpart_name = handle, ""
        if chat is not None and chat.group:
            counterpart, counterpart_name = chat.identifier, chat.name
            meta["group"] = True
            meta["members"] = list(chat.members)
            meta["sender"] = "" if outgoing else handle  # the owner when outgoing; never guessed otherwise
        elif chat is not None and not handle and chat.members:
            counterpart = chat.members[0]
        subject = str(row["subject"] or "")
        if subject:
            meta["subject"] = subject
        text = str(row["text"]) if row["text"] is not None else attributed_text(row["attributedBody"])
        if row["text"] is None and text:
            meta["text_from"] = "attributedBody"
        found: list[Attachment] = []
        missing: list[str] = []
        for filename, mime, transfer in attachments.get(rowid, ()):
            shown = transfer or filename.rsplit("/", 1)[-1] or "attachment"
            located = _attachment_file(filename, context)
            data = _read_attachment(located) if located is not None else None
            if data is None:
                missing.append(shown)
            else:
                found.append(
                    Attachment(filename=shown, content_type=mime or "application/octet-stream", data=data)
                )
        if missing:
            meta["attachments_missing"] = missing
        kind = RecordKind.MMS if found or missing else RecordKind.SMS  # iMessage too: meta["service"]
        return Record(
            kind=kind,
            timestamp=when,
            direction=direction,
            counterpart=counterpart,
            counterpart_name=counterpart_name,
            text=text,
            position=position,
            external_id=str(row["guid"] or ""),
            meta=meta,
            attachments=tuple(found),
            status=status,
        )


@lru_cache(maxsize=4096)
def _address(value: Any) -> str:
    """A handle as an address: a number lightly normalised, an e-mail lower-cased."""
    text = str(value or "").strip()
    if "@" in text:
        return text.lower()
    return normalize_number(text)


def _account(value: Any) -> str:
    """`account` is "e:me@icloud.com" / "p:+8613…" on iMessage; "" otherwise."""
    text = str(value or "")
    return text[2:] if text[:2] in ("e:", "p:") else ""


__all__ = ["IosSmsImporter", "apple_time", "attributed_text", "backup_file_id", "backup_root"]
