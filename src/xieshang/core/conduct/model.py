"""Values of the conduct check: what happened (ContactEvent) and what it may breach (Finding)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

SEVERITIES = ("low", "medium", "high")  # ordered, weakest first
CONFIDENCES = ("unconfirmed", "quoted", "verified")  # ordered, weakest first


class ContactKind(StrEnum):
    MESSAGE = "message"  # SMS, MMS, chat, e-mail
    CALL = "call"  # a call-log entry (answered, missed or rejected)
    TRANSCRIPT = "transcript"  # the text of a recorded call


class ContactDirection(StrEnum):
    INCOMING = "incoming"
    OUTGOING = "outgoing"
    MISSED = "missed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class ContactEvent:
    """One contact in the evidence. `id` links a finding back to the evidence record.

    `lender` is the lender the counterpart belongs to ("" = not known). `recipients` are the numbers the
    contact reached when the evidence shows them (a group MMS, a relative's phone backup); empty = the
    borrower's own phone.
    """

    id: str
    kind: ContactKind
    timestamp: datetime  # timezone-aware
    direction: ContactDirection
    counterpart: str = ""
    text: str = ""
    lender: str = ""
    recipients: tuple[str, ...] = ()
    # The evidence was received by someone else (a relative's exported SMS): who, as the user named them.
    received_by: str = ""
    # False when the source gave no time of its own (the file's modification time stood in): such an
    # event is never placed at an hour or on a day (no night-contact or frequency finding), "时间未知".
    time_known: bool = True

    def __post_init__(self) -> None:
        if self.timestamp.tzinfo is None or self.timestamp.utcoffset() is None:
            raise ValueError("ContactEvent.timestamp must be timezone-aware")

    @property
    def from_counterpart(self) -> bool:
        """True when the counterpart made the contact (not the borrower)."""
        return self.direction in (ContactDirection.INCOMING, ContactDirection.MISSED)


@dataclass(frozen=True)
class SourceRef:
    """A legal or self-regulatory source of a rule, with its confidence mark."""

    key: str
    title: str
    article: str
    confidence: str  # one of CONFIDENCES
    summary_zh: str = ""
    summary_en: str = ""

    def label(self) -> str:
        return f"{self.title} {self.article}".strip()

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "article": self.article,
            "confidence": self.confidence,
            "summary_zh": self.summary_zh,
            "summary_en": self.summary_en,
        }


@dataclass(frozen=True)
class Finding:
    """A possible breach: the rule, how serious, how sure the rule is, and the exact evidence."""

    rule: str
    category: str  # hours | frequency | third_party | threat | insult | impersonation | personal_account …
    severity: str  # one of SEVERITIES
    confidence: str  # the rule's confidence mark, one of CONFIDENCES
    certainty: str  # "likely" or "possible": how the product words the finding
    sources: tuple[SourceRef, ...]
    evidence_ids: tuple[str, ...]
    when: datetime  # the first evidence's time (aware)
    lender: str
    detail_zh: str
    detail_en: str
    excerpt: str = ""
    counterpart: str = ""  # the number or sender, when the finding rests on one (always for untagged ones)
    suspected_lender: str = ""  # untagged: the lender the content names ("" = none named)
    model_score: float | None = None  # raised by the text classifier: its probability
    cues: tuple[str, ...] = ()  # the classifier's words that weighed most

    @property
    def untagged(self) -> bool:
        """From a number or sender no lender is tied to (neither the import nor the user tied one)."""
        return not self.lender

    @property
    def source(self) -> str:
        return "；".join(s.label() for s in self.sources)

    def detail(self, lang: str = "zh") -> str:
        return self.detail_en if lang.startswith("en") else self.detail_zh

    def as_json(self, lang: str = "zh") -> dict[str, Any]:
        """The CLI contract (`rule, severity, confidence, source, evidence_ids, when, detail`) plus extras."""
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "confidence": self.confidence,
            "certainty": self.certainty,
            "source": self.source,
            "sources": [s.as_json() for s in self.sources],
            "evidence_ids": list(self.evidence_ids),
            "when": self.when.isoformat(),
            "lender": self.lender,
            "detail": self.detail(lang),
            "excerpt": self.excerpt,
            "counterpart": self.counterpart,
            "untagged": self.untagged,
            "suspected_lender": self.suspected_lender,
            "model_score": None if self.model_score is None else round(self.model_score, 3),
            "cues": list(self.cues),
        }
