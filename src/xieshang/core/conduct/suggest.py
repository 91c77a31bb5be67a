"""Suggested lender tags: untagged numbers whose texts read as collection and name a lender, or carry a
collector's marks (工号, 法务部, 贷后, 催收专员) — shown for the user to confirm, never applied by themselves."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from xieshang.core.conduct.detect import ConductContext, _Reader, party_key
from xieshang.core.conduct.model import ContactDirection, ContactEvent
from xieshang.core.conduct.rules import ConductRules

# A collector's marks in the text: a staff number, or a collection department speaking.
STAFF_MARK = re.compile(
    r"工号\s*[:：]?\s*[A-Za-z]{0,3}\d{2,8}|(?:法务部|贷后(?:部|中心|专员|团队)|催收(?:专员|部|中心|组)|外访(?:组|专员|团队))"
)
_EVIDENCE_SHOWN = 20
# A phone number written in a text: a mobile, a landline with its area code, or a service number.
NUMBER_IN_TEXT = re.compile(
    r"(?<!\d)(?:1[3-9]\d(?:[- ]?\d{4}){2}|0\d{2,3}-?\d{7,8}|95\d{3,6}|400-?\d{3}-?\d{4})(?!\d)"
)


@dataclass(frozen=True)
class TagSuggestion:
    counterpart: str  # as the first record has it
    key: str  # party_key
    lender: str  # the lender its texts name most ("" = none named: the user names it)
    reasons: tuple[str, ...]  # "mentioned_by_lender", "names_lender", "staff_mark"
    marks: tuple[str, ...]  # what was found: lender names, 工号A1024 …
    evidence_ids: tuple[str, ...]  # the texts that show it (the first 20)
    records: int  # how many of the number's texts show it

    def reason_zh(self) -> str:
        parts = []
        if "mentioned_by_lender" in self.reasons:
            parts.append(f"{self.lender} 的消息里提到了这个号码")
        if "names_lender" in self.reasons:
            parts.append(f"催收内容提到 {self.lender}")
        if "staff_mark" in self.reasons:
            marks = "、".join(m for m in self.marks if STAFF_MARK.fullmatch(m))
            parts.append(f"出现催收人员标记（{marks}）")
        return "；".join(parts)

    def reason_en(self) -> str:
        parts = []
        if "mentioned_by_lender" in self.reasons:
            parts.append(f"{self.lender}'s messages give this number")
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
    collector's marks, or that a lender's own messages give as a number to call ("请回电 177…"); those
    naming a lender first, then by how many texts show it."""
    context = context or ConductContext()
    reader = _Reader(rules, context)
    events = sorted(events, key=lambda e: (e.timestamp, e.id))
    untagged = {party_key(e.counterpart): e.counterpart for e in events if not e.lender and e.counterpart}
    given: dict[str, dict[str, Any]] = {}  # untagged numbers that lenders' messages give
    for event in events:
        if not event.lender or not event.text or event.direction == ContactDirection.OUTGOING:
            continue
        for number in NUMBER_IN_TEXT.findall(reader.matcher.normalize(event.text)):
            key = party_key(number)
            if key in untagged and key != party_key(event.counterpart):
                entry = given.setdefault(key, {"lenders": [], "ids": []})
                entry["lenders"].append(event.lender)
                if len(entry["ids"]) < _EVIDENCE_SHOWN:
                    entry["ids"].append(event.id)
    found: dict[str, dict[str, Any]] = {}
    for event in events:
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
    for key, entry in given.items():
        mine = found.setdefault(
            key, {"counterpart": untagged[key], "lenders": [], "marks": [], "ids": [], "n": 0}
        )
        mine["given_by"] = entry["lenders"]
        mine["ids"] = list(dict.fromkeys([*entry["ids"], *mine["ids"]]))[:_EVIDENCE_SHOWN]
        mine["n"] += len(entry["lenders"])
    suggestions = []
    for key, entry in found.items():
        given_by: list[str] = entry.get("given_by", [])
        lenders: list[str] = given_by or entry["lenders"]  # a lender giving the number decides
        lender = max(dict.fromkeys(lenders), key=lenders.count) if lenders else ""
        reasons = tuple(
            r
            for r, on in (
                ("mentioned_by_lender", bool(given_by)),
                ("names_lender", bool(entry["lenders"])),
                ("staff_mark", bool(entry["marks"])),
            )
            if on
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
