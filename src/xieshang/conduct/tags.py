"""What the user says about the evidence, kept in the ledger (who, when) — never a change to a record:

- a lender tag: "this number (or sender) is 360借条's collector" (`lender_tag_add`), or its withdrawal
  (`lender_tag_remove`);
- a receiving third party: "this file was exported from my mother's phone" (`evidence_received_by`): its
  messages and calls reached her, not the borrower, and count as contact with a third party.

Each is an annotation entry of the hash-chained ledger (`data.type` = lender_tag | lender_untag |
received_by); the conduct check replays them (`user_lender_tags`, `received_by_files`) over the records
it reads. The latest entry for a number or file wins.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction

from xieshang.cases.models import Case
from xieshang.core.conduct.detect import party_key
from xieshang.core.errors import InputError
from xieshang.evidence.ledger import ledger_append
from xieshang.evidence.models import EvidenceFile, LedgerEntry

TAG = "lender_tag"
UNTAG = "lender_untag"
RECEIVED_BY = "received_by"
_TYPES = (TAG, UNTAG, RECEIVED_BY)


@dataclass(frozen=True)
class UserTag:
    """A lender tag the user gave a number or sender (ledger entry `seq`)."""

    key: str  # party_key of the counterpart
    counterpart: str  # as the user wrote it
    lender: str
    seq: int
    at: datetime
    by: str

    def as_json(self) -> dict[str, Any]:
        return {
            "counterpart": self.counterpart,
            "key": self.key,
            "lender": self.lender,
            "ledger_seq": self.seq,
            "at": self.at.isoformat(),
            "by": self.by,
        }


@dataclass(frozen=True)
class ReceivedBy:
    """A file of the case the user says a third party received (ledger entry `seq`)."""

    sha256: str
    holder: str
    seq: int
    at: datetime
    by: str

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.sha256,
            "holder": self.holder,
            "ledger_seq": self.seq,
            "at": self.at.isoformat(),
            "by": self.by,
        }


def _username(user: Any) -> str:
    return getattr(user, "username", "") or ""


def _entries(case: Case) -> list[tuple[LedgerEntry, dict[str, Any]]]:
    rows = LedgerEntry.objects.filter(case_name=case.name, kind=LedgerEntry.Kind.ANNOTATION).order_by("seq")
    found = []
    for entry in rows.filter(payload__contains='"type":"'):
        data = json.loads(entry.payload).get("data", {})
        if isinstance(data, dict) and data.get("type") in _TYPES:
            found.append((entry, data))
    return found


def _clean_counterpart(counterpart: str) -> tuple[str, str]:
    shown = counterpart.strip()
    if not shown or len(shown) > 255:
        raise InputError(
            "请给出号码或发送方（1 到 255 个字符）。", "Give a number or sender (1 to 255 characters)."
        )
    return shown, party_key(shown)


@transaction.atomic
def lender_tag_add(
    *, case: Case, counterpart: str, lender: str, user: Any = None, note: str = ""
) -> LedgerEntry:
    """Say that `counterpart` (a number or sender) speaks for `lender`: a ledger entry; the records stay."""
    shown, key = _clean_counterpart(counterpart)
    lender = lender.strip()
    if not lender or len(lender) > 100:
        raise InputError(
            "请给出机构名称（1 到 100 个字符）。", "Give the lender's name (1 to 100 characters)."
        )
    return ledger_append(
        kind=LedgerEntry.Kind.ANNOTATION,
        case_name=case.name,
        data={
            "type": TAG,
            "counterpart": shown,
            "key": key,
            "lender": lender,
            "note": note[:500],
            "by": _username(user),
        },
    )


@transaction.atomic
def lender_tag_remove(*, case: Case, counterpart: str, user: Any = None) -> LedgerEntry:
    """Withdraw the user's lender tag of `counterpart` (a new ledger entry; the old one stays in the chain)."""
    shown, key = _clean_counterpart(counterpart)
    if key not in user_lender_tags(case=case):
        raise InputError(f"号码 {shown} 没有用户标记。", f"{shown} has no lender tag of the user's.")
    return ledger_append(
        kind=LedgerEntry.Kind.ANNOTATION,
        case_name=case.name,
        data={"type": UNTAG, "counterpart": shown, "key": key, "by": _username(user)},
    )


def user_lender_tags(*, case: Case) -> dict[str, UserTag]:
    """The user's lender tags in force, by party_key (the latest entry per number wins)."""
    tags: dict[str, UserTag] = {}
    for entry, data in _entries(case):
        key = str(data.get("key", ""))
        if data["type"] == TAG and key:
            tags[key] = UserTag(
                key,
                str(data.get("counterpart", "")),
                str(data.get("lender", "")),
                entry.seq,
                entry.created_at,
                str(data.get("by", "")),
            )
        elif data["type"] == UNTAG:
            tags.pop(key, None)
    return tags


@transaction.atomic
def evidence_received_by(*, case: Case, sha256: str, holder: str, user: Any = None) -> LedgerEntry:
    """Say that the file `sha256` of the case holds what a third party received (`holder`: who they are,
    e.g. "母亲 13800138000"): its collectors' contacts count as contact with a third party."""
    holder = holder.strip()
    if not holder or len(holder) > 100:
        raise InputError(
            "请说明是谁收到的（1 到 100 个字符）。", "Say who received it (1 to 100 characters)."
        )
    file = EvidenceFile.objects.filter(case=case, sha256=sha256.strip().lower()).first()
    if file is None:
        raise InputError(f"案件中没有该文件：{sha256}", f"No such file in the case: {sha256}")
    return ledger_append(
        kind=LedgerEntry.Kind.ANNOTATION,
        case_name=case.name,
        data={"type": RECEIVED_BY, "file": file.sha256, "holder": holder, "by": _username(user)},
    )


def received_by_files(*, case: Case) -> dict[str, ReceivedBy]:
    """Files the user says a third party received, by SHA-256 (the latest entry per file wins)."""
    found: dict[str, ReceivedBy] = {}
    for entry, data in _entries(case):
        if data["type"] == RECEIVED_BY and data.get("file"):
            sha = str(data["file"])
            found[sha] = ReceivedBy(
                sha, str(data.get("holder", "")), entry.seq, entry.created_at, str(data.get("by", ""))
            )
    return found
