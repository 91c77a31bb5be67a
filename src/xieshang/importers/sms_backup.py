"""SMS Backup & Restore `sms-*.xml`: `<sms>` and `<mms>` (parts → attachments, addrs → counterparts)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import IO, Any

from lxml import etree

from xieshang.importers._common import clean, format_error, from_epoch, normalize_number
from xieshang.importers.base import Attachment, Direction, MessageStatus, Record, RecordKind, SourceContext
from xieshang.importers.safexml import iter_children, root_name

MAX_BODY_CHARS = 1 << 20  # an SMS body over 1 Mi characters is not an SMS: refuse the file
MAX_PART_BYTES = 64 << 20  # base64 of one MMS part

# `type` of <sms>: 1 received, 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued
SMS_BOX = {"1": "inbox", "2": "sent", "3": "draft", "4": "outbox", "5": "failed", "6": "queued"}
# `msg_box` of <mms>: 1 received, 2 sent, 3 draft, 4 outbox (Android also writes 5 failed)
MMS_BOX = {"1": "inbox", "2": "sent", "3": "draft", "4": "outbox", "5": "failed"}
_SMS_META = ("protocol", "subject", "service_center", "read", "status", "locked", "sub_id")
ADDR_FROM, ADDR_TO, ADDR_CC, ADDR_BCC = "137", "151", "130", "129"
_ADDR_ROLES = {ADDR_FROM: "from", ADDR_TO: "to", ADDR_CC: "cc", ADDR_BCC: "bcc"}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
BOX_STATUS = {"inbox": MessageStatus.RECEIVED, "sent": MessageStatus.SENT, "draft": MessageStatus.DRAFT,
              "outbox": MessageStatus.OUTBOX, "failed": MessageStatus.FAILED, "queued": MessageStatus.QUEUED}  # fmt: skip


def _date_sent(value: str | None, meta: dict[str, Any]) -> None:
    """`date_sent` (ms; 0 or "null" when the phone did not record it) → meta["date_sent"] as ISO UTC."""
    text = clean(value)
    if text.isdigit() and 0 < int(text) < 4_102_444_800_000:
        meta["date_sent"] = (_EPOCH + timedelta(milliseconds=int(text))).isoformat()


def _direction(box: str) -> Direction:
    if box == "inbox":
        return Direction.INCOMING
    return Direction.OUTGOING if box else Direction.UNKNOWN


class SmsBackupImporter:
    """SMS Backup & Restore (SyncTech) message backup: root `<smses>`."""

    name = "sms_backup_restore"
    version = "3"

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        return root_name(head) == "smses"

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        counts = {"sms": 0, "mms": 0}
        for elem in iter_children(stream, context, root="smses", tags=("sms", "mms")):
            counts[elem.tag] += 1
            position = f"{elem.tag} #{counts[elem.tag]}, line {elem.sourceline}"
            if elem.tag == "sms":
                yield self._sms(elem, context, position)
            else:
                yield self._mms(elem, context, position)

    def _sms(self, elem: etree._Element, context: SourceContext, position: str) -> Record:
        a = dict(elem.items())  # one C call; faster than a dozen attribute look-ups
        body = a.get("body", "")
        if len(body) > MAX_BODY_CHARS:
            raise format_error(context, position, "短信内容异常地长", "the message body is absurdly long")
        box = SMS_BOX.get(a.get("type", ""), "")
        meta: dict[str, Any] = {"box": box or clean(a.get("type"))}
        for key in _SMS_META:
            value = a.get(key)
            if value and value != "null":
                meta[key] = value
        _date_sent(a.get("date_sent"), meta)
        return Record(
            kind=RecordKind.SMS,
            timestamp=from_epoch(a.get("date"), context, position, millis=True),
            direction=_direction(box),
            counterpart=normalize_number(clean(a.get("address"))),
            counterpart_name=clean(a.get("contact_name")),
            text=body if body != "null" else "",
            position=position,
            meta=meta,
            status=BOX_STATUS.get(box, ""),
        )

    def _mms(self, elem: etree._Element, context: SourceContext, position: str) -> Record:
        a = elem.attrib
        box = MMS_BOX.get(a.get("msg_box", ""), "")
        typed: dict[str, list[str]] = {"from": [], "to": [], "cc": [], "bcc": []}
        for addr in elem.iterfind("addrs/addr"):
            number = normalize_number(clean(addr.get("address")))
            role = _ADDR_ROLES.get(addr.get("type", ""))
            if number and role and number not in typed[role]:
                typed[role].append(number)
        senders = typed["from"]
        recipients = typed["to"] + typed["cc"] + typed["bcc"]
        listed = [normalize_number(n) for n in clean(a.get("address")).split("~") if clean(n)]
        if box == "inbox":
            counterpart = "~".join(senders) or "~".join(listed)
        else:
            counterpart = "~".join(listed) or "~".join(recipients)
        texts: list[str] = []
        attachments: list[Attachment] = []
        for n, part in enumerate(elem.iterfind("parts/part")):
            content_type = clean(part.get("ct")).lower()
            if content_type == "application/smil" or part.get("seq") == "-1":
                continue  # the SMIL layout, not content
            data = part.get("data")
            text = clean(part.get("text"))
            if content_type == "text/plain" and data is None:
                if text:
                    texts.append(text)
                continue
            if data is None:
                continue
            if len(data) > MAX_PART_BYTES:
                raise format_error(
                    context, f"{position}, part {n + 1}", "彩信附件过大", "MMS part is too large"
                )
            try:
                raw = base64.b64decode("".join(data.split()), validate=True)
            except (binascii.Error, ValueError):
                raise format_error(
                    context,
                    f"{position}, part {n + 1}",
                    "彩信附件的 base64 数据损坏",
                    "MMS part data is not valid base64",
                ) from None
            filename = (
                clean(part.get("name")) or clean(part.get("cl")) or clean(part.get("fn")) or f"part-{n}"
            )
            attachments.append(Attachment(filename=filename, content_type=content_type, data=raw))
        meta: dict[str, Any] = {"box": box or clean(a.get("msg_box")), "addresses": senders + recipients}
        meta.update((role, numbers) for role, numbers in typed.items() if numbers)
        _date_sent(a.get("date_sent"), meta)
        subject = clean(a.get("sub"))
        if subject:
            meta["subject"] = subject
        for key in ("read", "locked", "sub_id", "m_type"):
            value = clean(a.get(key))
            if value:
                meta[key] = value
        return Record(
            kind=RecordKind.MMS,
            timestamp=from_epoch(a.get("date"), context, position, millis=True),
            direction=_direction(box),
            counterpart=counterpart,
            counterpart_name=clean(a.get("contact_name")),
            text="\n".join(texts),
            position=position,
            external_id=clean(a.get("m_id")),
            meta=meta,
            attachments=tuple(attachments),
            status=BOX_STATUS.get(box, ""),
        )
