"""Suggested lender tags: untagged numbers whose texts read as collection and name a lender, or carry a
collector's marks (工号, 法务部, 贷后, 催收专员) — shown for the user to confirm, never applied by themselves."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from xieshang.core.conduct.detect import ConductContext, _Reader, party_key
from xieshang.core.conduct.model import ContactEvent
from xieshang.core.conduct.rules import ConductRules

# A collector's marks in the text: a staff number, or a collection department speaking.
STAFF_MARK = re.compile(
    r"工号\s*[:：]?\s*[A-Za-z]{0,3}\d{2,8}|(?:法务部|贷后(?:部|中心|专员|团队)|催收(?:专员|部|中心|组)|外访(?:组|专员|团队))"
)
_EVIDENCE_SHOWN = 20


@dataclass(frozen=True)
class TagSuggestion:
    counterpart: str  # as the first record has it
    key: str  # party_key
    lender: str  # the lender its texts name most ("" = none named: the user names it)
    reasons: tuple[str, ...]  # "names_lender", "staff_mark"
    marks: tuple[str, ...]  # what was found: lender names, 工号A1024 …
    evidence_ids: tuple[str, ...]  # the texts that show it (the first 20)
    records: int  # how many of the number's texts show it

    def reason_zh(self) -> str:
        parts = []
        if "names_lender" in self.reasons:
            parts.append(f"催收内容提到 {self.lender}")
        if "staff_mark" in self.reasons:
            marks = "、".join(m for m in self.marks if STAFF_MARK.fullmatch(m))
            parts.append(f"出现催收人员标记（{marks}）")
        return "；".join(parts)

    def reason_en(self) -> str:
        parts = []
        if "names_lender" in self.reasons:
            parts.append(f"collection texts name {self.lender}")
        if "staff_mark" in self.reasons:
            marks = ", ".join(m for m in self.marks if STAFF_MARK.fullmatch(m))
            parts.append(f"a collector's marks ({marks})")
        return "; ".join(parts)

    def as_json(self, lang: str = "zh") -> dict[str, Any]:
        return {
            "counterpart": self.counterpart,
            "key": self.key,
            "lender": self.lender,
            "reasons": list(self.reasons),
            "marks": list(self.marks),
            "reason": self.reason_en() if lang.startswith("en") else self.reason_zh(),
            "evidence_ids": list(self.evidence_ids),
            "records": self.records,
        }


def suggest_lender_tags(
    events: Iterable[ContactEvent], rules: ConductRules, context: ConductContext | None = None
) -> tuple[TagSuggestion, ...]:
    """One suggestion per untagged number or sender with collection texts that name a lender or carry a
    collector's marks; those naming a lender first, then by how many texts show it."""
    context = context or ConductContext()
    reader = _Reader(rules, context)
    found: dict[str, dict[str, Any]] = {}
    for event in sorted(events, key=lambda e: (e.timestamp, e.id)):
        if event.lender or not event.counterpart:
            continue
        read = reader.read(event)
        if read is None:
            continue
        lender = reader.lender_named(read.normalized)
        marks = [m.group(0) for m in STAFF_MARK.finditer(read.normalized)]
        if not lender and not marks:
            continue
        key = party_key(event.counterpart)
        entry = found.setdefault(
            key, {"counterpart": event.counterpart, "lenders": [], "marks": [], "ids": [], "n": 0}
        )
        if lender:
            entry["lenders"].append(lender)
        entry["marks"].extend(m for m in marks if m not in entry["marks"])
        entry["n"] += 1
        if len(entry["ids"]) < _EVIDENCE_SHOWN:
            entry["ids"].append(event.id)
    suggestions = []
    for key, entry in found.items():
        lenders: list[str] = entry["lenders"]
        lender = max(dict.fromkeys(lenders), key=lenders.count) if lenders else ""
        reasons = tuple(
            r for r, on in (("names_lender", bool(lender)), ("staff_mark", bool(entry["marks"]))) if on
        )
        suggestions.append(
            TagSuggestion(
                counterpart=entry["counterpart"],
                key=key,
                lender=lender,
                reasons=reasons,
                marks=tuple(dict.fromkeys([*([lender] if lender else []), *entry["marks"]])),
                evidence_ids=tuple(entry["ids"]),
                records=entry["n"],
            )
        )
    suggestions.sort(key=lambda s: (not s.lender, -s.records, s.key))
    return tuple(suggestions)
