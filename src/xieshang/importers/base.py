"""The importer protocol: a file in, typed evidence records out.

An importer is a pure, streaming parser. It never touches settings, the database or the store: the
evidence service (`xieshang.evidence`) hashes the original, opens a transaction, iterates the records and
writes them. An importer raises `ImportFormatError` (naming the file position) for malformed input; the
service then keeps nothing of that file.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import IO, Any, Protocol, runtime_checkable

from xieshang.core.errors import InputError


class RecordKind(StrEnum):
    SMS = "sms"
    MMS = "mms"
    CALL = "call"
    EMAIL = "email"
    ATTACHMENT = "attachment"  # a file that arrived inside another record (MMS part, e-mail attachment)
    CHAT = "chat"
    RECORDING = "recording"
    DOCUMENT = "document"


class Direction(StrEnum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"
    MISSED = "missed"  # missed, rejected or blocked incoming call
    UNKNOWN = "unknown"


class MessageStatus(StrEnum):
    """Where a message stands, as its source says. Only SENT (and RECEIVED) messages were exchanged: a
    draft, a message waiting in the outbox or the queue, and a failed one never reached anybody."""

    RECEIVED = "received"
    SENT = "sent"
    DRAFT = "draft"
    OUTBOX = "outbox"
    FAILED = "failed"
    QUEUED = "queued"


UNSENT = frozenset({MessageStatus.DRAFT, MessageStatus.OUTBOX, MessageStatus.FAILED, MessageStatus.QUEUED})
# SMS Backup & Restore's box names (records imported before `message_status` existed carry only these)
_BOX_STATUS = {"inbox": MessageStatus.RECEIVED, "sent": MessageStatus.SENT, "draft": MessageStatus.DRAFT,
               "outbox": MessageStatus.OUTBOX, "failed": MessageStatus.FAILED, "queued": MessageStatus.QUEUED}  # fmt: skip


def message_status(meta: Mapping[str, Any] | None) -> str:
    """The status a stored record's details give: `message_status`, else the SMS box; "" when unstated."""
    if not meta:
        return ""
    status = meta.get("message_status")
    if isinstance(status, str) and status:
        return status
    box = meta.get("box")
    return _BOX_STATUS.get(box, "") if isinstance(box, str) else ""


def is_unsent(meta: Mapping[str, Any] | None) -> bool:
    """True for a draft, or a message still in the outbox/queue, or one that failed: never exchanged."""
    return message_status(meta) in UNSENT


def time_known(meta: Mapping[str, Any] | None) -> bool:
    """False when the record's time is the file's modification time (`time_source` "mtime"): no event time."""
    return not meta or meta.get("time_source") != "mtime"


@dataclass(frozen=True)
class Attachment:
    """A file carried inside a record; the service stores it as evidence of its own, linked to the record.

    `filename` is whatever the source said — untrusted: the store never uses it as a path.
    """

    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Record:
    kind: RecordKind
    timestamp: datetime  # always timezone-aware
    direction: Direction
    counterpart: str  # phone number, e-mail address, chat id — as in the source, normalised lightly
    text: str = ""
    counterpart_name: str = ""
    position: str = ""  # where in the source file: "sms #12", "line 40", "message 3" …
    external_id: str = ""  # an id the source gives (Message-ID, MsgSvrID …) for duplicate detection
    meta: Mapping[str, Any] = field(default_factory=dict)  # subject, duration_seconds, sim, status …
    attachments: tuple[Attachment, ...] = ()
    status: str = ""  # a MessageStatus value for messages whose source says it; "" = not stated

    def __post_init__(self) -> None:
        if self.timestamp.tzinfo is None or self.timestamp.utcoffset() is None:
            raise ValueError("Record.timestamp must be timezone-aware")


@dataclass(frozen=True)
class SourceContext:
    """What an importer may know about the file besides its bytes."""

    path: Path  # the original's path (for names: recordings carry number and time in the name)
    size: int
    mtime: datetime | None = None
    default_timezone: str = "Asia/Shanghai"  # local times in exports are read in this zone
    # The owner's own identifiers, when the caller knows them: e-mail addresses, phone numbers, QQ numbers,
    # wxids (compared case-insensitively). They decide direction where a format does not say it (e-mail,
    # QQ); without them the importers infer the owner (see `xieshang.importers.owner`).
    owner_ids: frozenset[str] = frozenset()


class ImportFormatError(InputError):
    """Malformed or hostile input. The message names the file and the position."""

    code = "import_format_error"


@runtime_checkable
class Importer(Protocol):
    name: str  # stable identifier, e.g. "sms_backup_restore"
    version: str  # bump when the records it produces change

    def sniff(self, head: bytes, context: SourceContext) -> bool:
        """True if this importer reads the file whose first bytes (up to 64 KiB) are `head`."""

    def parse(self, stream: IO[bytes], context: SourceContext) -> Iterator[Record]:
        """Yield the file's records, streaming (constant memory in the file's size)."""
