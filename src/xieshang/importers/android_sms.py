"""Android's own message database `mmssms.db` (com.android.providers.telephony): `sms`, and MMS in
`pdu` / `part` / `addr`.

- `sms`: `date` in Unix milliseconds; `type` 1 inbox, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued
  (`Telephony.TextBasedSmsColumns`) → the record's status; only inbox is INCOMING, the rest are the
  owner's (OUTGOING) — and a draft, outbox, failed or queued one was never sent. A draft often has no
  `address`: the thread's recipients (`threads.recipient_ids` → `canonical_addresses`) are used.
- `pdu`: `date` in Unix SECONDS; `msg_box` 1 inbox, 2 sent, 3 draft, 4 outbox, 5 failed. `addr.type`
  137 from, 151 to, 130 cc, 129 bcc; `insert-address-token` is the phone's own placeholder, never a
  counterpart. A message to more than one person is a group MMS (`meta["group"]`); its counterpart is
  the numbers joined by "~" as SMS Backup & Restore writes them. A received MMS is a group when its
  recipients include anyone but the owner (the case's own numbers, `owner_ids`, compared by
  `core.phone.phone_key`), or — the owner not known — more than one recipient. Parts: text parts are the text; others
  are attachments when the part file (`_data`, `…/app_parts/PART_…`) sits in an `app_parts` folder beside
  the database, else listed in `meta["attachments_missing"]`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import IO, Any

from xieshang.core.phone import phone_key
from xieshang.importers._common import clean, format_error, normalize_number
from xieshang.importers.base import Attachment, Direction, MessageStatus, Record, RecordKind, SourceContext
from xieshang.importers.sms_backup import ADDR_BCC, ADDR_CC, ADDR_FROM, ADDR_TO
from xieshang.importers.sqlite_safe import SafeDb, open_db, sniff_tables

SMS_STATUS = {1: MessageStatus.RECEIVED, 2: MessageStatus.SENT, 3: MessageStatus.DRAFT,
              4: MessageStatus.OUTBOX, 5: MessageStatus.FAILED, 6: MessageStatus.QUEUED}  # fmt: skip
MMS_STATUS = {1: MessageStatus.RECEIVED, 2: MessageStatus.SENT, 3: MessageStatus.DRAFT,
              4: MessageStatus.OUTBOX, 5: MessageStatus.FAILED}  # fmt: skip
SMS_COLUMNS = frozenset({"address", "date", "type", "body"})
OWN_TOKEN = "insert-address-token"
MAX_PART_BYTES = 64 << 20
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_LATEST = datetime(2100, 1, 1, tzinfo=UTC)
_ROLES = {int(ADDR_FROM): "from", int(ADDR_TO): "to", int(ADDR_CC): "cc", int(ADDR_BCC): "bcc"}


def unix_time(value: Any, *, millis: bool) -> datetime | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    if number <= 0:
        return None
    when = _EPOCH + timedelta(milliseconds=number if millis else number * 1000)
    return when if when < _LATEST else None


def _direction(status: str) -> Direction:
    if status == MessageStatus.RECEIVED:
        return Direction.INCOMING
    return Direction.OUTGOING if status else Direction.UNKNOWN


class AndroidSmsDbImporter:
    """Android `mmssms.db`: SMS with their box, MMS with addresses and parts."""

    name = "android_mmssms_db"
    version = "1"

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        tables = sniff_tables(head, context)
        return tables is not None and "sms" in tables and ("pdu" in tables or "threads" in tables)

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        with open_db(stream, context) as db:
            tables = db.tables()
            if "sms" not in tables or not db.columns("sms") >= SMS_COLUMNS:
                raise format_error(
                    context, "file", "不是 Android 短信数据库（缺少 sms 表或其列）",
                    "not an Android mmssms.db (the sms table or its columns are missing)",
                )  # fmt: skip
            threads = self._threads(db, tables)
            yield from self._sms(db, threads, context)
            if {"pdu", "addr", "part"} <= tables:
                yield from self._mms(db, context)

    def _threads(self, db: SafeDb, tables: set[str]) -> dict[int, str]:
        """thread id → its recipients' numbers joined by "~" (for drafts without an address)."""
        if not {"threads", "canonical_addresses"} <= tables:
            return {}
        numbers = {int(i): str(a or "") for i, a in db.query("SELECT _id, address FROM canonical_addresses")}
        out: dict[int, str] = {}
        for thread_id, recipient_ids in db.query("SELECT _id, recipient_ids FROM threads"):
            ids = [int(x) for x in str(recipient_ids or "").split() if x.isdigit()]
            out[int(thread_id)] = "~".join(normalize_number(numbers[i]) for i in ids if numbers.get(i))
        return out

    def _sms(self, db: SafeDb, threads: dict[int, str], context: SourceContext) -> Iterator[Record]:
        optional = ("_id", "thread_id", "address", "date", "date_sent", "type", "body", "subject", "read",
                    "status", "service_center", "locked", "sub_id", "error_code", "person")  # fmt: skip
        sql = f"SELECT {', '.join(db.col('sms', c, 's') for c in optional)} FROM sms s ORDER BY s._id"
        for n, row in enumerate(db.rows(sql), start=1):
            position = f"sms #{n} (_id {row['_id']})"
            box = int(row["type"]) if str(row["type"]).lstrip("-").isdigit() else -1
            status = SMS_STATUS.get(box, "")
            meta: dict[str, Any] = {
                "box": status or str(row["type"]),
                "time_source": "message",
                "_id": row["_id"],
            }
            when = unix_time(row["date"], millis=True)
            if when is None:
                if context.mtime is None:
                    raise format_error(context, position, "短信没有时间", "the message has no time")
                when, meta["time_source"] = context.mtime, "mtime"
            sent = unix_time(row["date_sent"], millis=True)
            if sent is not None:
                meta["date_sent"] = sent.isoformat()
            for key in ("read", "status", "locked", "sub_id", "error_code", "service_center"):
                value = row[key]
                if value not in (None, "", "null"):
                    meta["delivery_status" if key == "status" else key] = value
            subject = clean(row["subject"])
            if subject:
                meta["subject"] = subject
            address = normalize_number(clean(row["address"]))
            if not address and row["thread_id"] is not None:
                address = threads.get(int(row["thread_id"]), "")
                if address:
                    meta["address_from"] = "thread"
            yield Record(
                kind=RecordKind.SMS,
                timestamp=when,
                direction=_direction(status),
                counterpart=address,
                text=str(row["body"] or ""),
                position=position,
                meta=meta,
                status=status,
            )

    def _mms(self, db: SafeDb, context: SourceContext) -> Iterator[Record]:
        optional = ("_id", "thread_id", "date", "date_sent", "msg_box", "m_id", "sub", "m_type", "read",
                    "sub_id", "locked")  # fmt: skip
        sql = f"SELECT {', '.join(db.col('pdu', c, 'p') for c in optional)} FROM pdu p ORDER BY p._id"
        for n, row in enumerate(db.rows(sql), start=1):
            yield self._one_mms(db, n, row, context)

    def _one_mms(self, db: SafeDb, n: int, row: Any, context: SourceContext) -> Record:
        mid = int(row["_id"])
        position = f"mms #{n} (_id {mid})"
        box = int(row["msg_box"]) if str(row["msg_box"]).lstrip("-").isdigit() else -1
        status = MMS_STATUS.get(box, "")
        meta: dict[str, Any] = {"box": status or str(row["msg_box"]), "time_source": "message", "_id": mid}
        when = unix_time(row["date"], millis=False)
        if when is None:
            if context.mtime is None:
                raise format_error(context, position, "彩信没有时间", "the MMS has no time")
            when, meta["time_source"] = context.mtime, "mtime"
        typed: dict[str, list[str]] = {"from": [], "to": [], "cc": [], "bcc": []}
        for address, kind in db.query("SELECT address, type FROM addr WHERE msg_id = ? ORDER BY _id", (mid,)):
            number = normalize_number(clean(str(address or "")))
            role = _ROLES.get(int(kind or 0))
            if number and role and number != OWN_TOKEN and number not in typed[role]:
                typed[role].append(number)
        recipients = typed["to"] + typed["cc"] + typed["bcc"]
        owners = {phone_key(i) for i in context.owner_ids if phone_key(i)}
        if status == MessageStatus.RECEIVED:
            counterpart = "~".join(typed["from"])
            if owners:  # the case's own numbers: anyone else among the recipients makes it a group
                meta["group"] = any(phone_key(n) not in owners for n in recipients)
            else:  # the owner is one of the recipients; others too → a group
                meta["group"] = len({phone_key(n) or n for n in recipients}) > 1
        else:
            counterpart = "~".join(recipients)
            meta["group"] = len({phone_key(n) or n for n in recipients}) > 1
        meta.update((role, numbers) for role, numbers in typed.items() if numbers)
        if meta["group"] and status == MessageStatus.RECEIVED:
            meta["sender"] = counterpart
        subject = clean(str(row["sub"] or ""))
        if subject:
            meta["subject"] = subject
        sent = unix_time(row["date_sent"], millis=False)
        if sent is not None:
            meta["date_sent"] = sent.isoformat()
        texts: list[str] = []
        attachments: list[Attachment] = []
        missing: list[str] = []
        part_cols = ", ".join(db.col("part", c) for c in ("seq", "ct", "name", "cl", "fn", "_data", "text"))
        for part in db.query(f"SELECT {part_cols} FROM part WHERE mid = ? ORDER BY _id", (mid,)):
            seq, content_type, name, cl, fn, data_path, text = part
            content_type = str(content_type or "").lower()
            if content_type == "application/smil" or seq == -1:
                continue
            if content_type.startswith("text/plain") and text is not None:
                if str(text):
                    texts.append(str(text))
                continue
            shown = clean(str(name or "")) or clean(str(cl or "")) or clean(str(fn or "")) or "part"
            data = _part_bytes(str(data_path or ""), context)
            if data is None:
                missing.append(shown)
            else:
                attachments.append(Attachment(filename=shown, content_type=content_type, data=data))
        if missing:
            meta["attachments_missing"] = missing
        return Record(
            kind=RecordKind.MMS,
            timestamp=when,
            direction=_direction(status),
            counterpart=counterpart,
            text="\n".join(texts),
            position=position,
            external_id=clean(str(row["m_id"] or "")),
            meta=meta,
            attachments=tuple(attachments),
            status=status,
        )


def _part_bytes(data_path: str, context: SourceContext) -> bytes | None:
    """The part file's bytes when an `app_parts` folder beside the database holds it."""
    name = PurePosixPath(data_path).name
    if not name or name in (".", ".."):
        return None
    for folder in (context.path.parent / "app_parts", context.path.parent.parent / "app_parts"):
        candidate = Path(folder) / name
        try:
            if candidate.is_file() and candidate.stat().st_size <= MAX_PART_BYTES:
                return candidate.read_bytes()
        except OSError:
            return None
    return None
