"""Small helpers of the conduct rule tests: the rule ids a text hits, and a text as one incoming SMS."""

from __future__ import annotations

from datetime import datetime

from xieshang.core.conduct import ContactEvent, ContactKind, TextMatcher
from xieshang.core.conduct.model import ContactDirection


def rule_ids(matcher: TextMatcher, text: str, *, from_lender: bool = False) -> set[str]:
    return {h.rule.id for h in matcher.scan(text, from_lender=from_lender)}


def sms(text: str, lender: str = "") -> ContactEvent:
    """`text` as an incoming SMS from one untagged mobile (or, with `lender`, a number tied to it)."""
    return ContactEvent(
        id="1",
        kind=ContactKind.MESSAGE,
        timestamp=datetime.fromisoformat("2026-03-02T14:00:00+08:00"),
        direction=ContactDirection.INCOMING,
        counterpart="17700000001",
        text=text,
        lender=lender,
    )
