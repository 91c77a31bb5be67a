"""The negotiation record in the evidence ledger: every contact, offer, agreement and agreed payment the
user enters (or changes) appends one ledger entry, so the dossier can show when each was written down and
that it has not been changed since.

The entry is of kind `annotation` (a statement the user adds to the case, as against an imported file)
and holds what was entered as canonical JSON's SHA-256 plus the few fields a reader needs to find it —
the full text stays in the database (and in the dossier's negotiation.csv), never twice in the ledger.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from xieshang.cases.models import Case
from xieshang.evidence.ledger import canonical_json, ledger_append
from xieshang.evidence.models import LedgerEntry

NOTE_KINDS = ("contact", "offer", "offer_answer", "agreement", "agreed_payment", "agreed_payment_undone")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return value.pk
    return value


def content_sha256(fields: Mapping[str, Any]) -> str:
    """The SHA-256 of what was entered (canonical JSON of the fields, dates ISO, amounts as strings)."""
    data = {k: _plain(v) for k, v in fields.items()}
    return hashlib.sha256(canonical_json(data).encode("utf-8")).hexdigest()


def negotiation_noted(
    *, case: Case, what: str, item_id: int, fields: Mapping[str, Any], user: Any = None
) -> LedgerEntry:
    """Append the ledger entry of one negotiation item the user entered (in the caller's transaction)."""
    if what not in NOTE_KINDS:
        raise ValueError(f"unknown negotiation note {what!r}")
    data: dict[str, Any] = {
        "negotiation": what,
        "id": item_id,
        "entered_by_user": True,
        "content_sha256": content_sha256(fields),
    }
    if getattr(user, "pk", None):
        data["user"] = user.get_username()
    return ledger_append(kind=LedgerEntry.Kind.ANNOTATION, case_name=case.name, data=data)
