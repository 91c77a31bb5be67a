"""Aggregates for the report: per-lender counts and a weekday × hour heat map of lender contacts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from xieshang.core.conduct.model import SEVERITIES, ContactEvent, ContactKind, Finding


@dataclass(frozen=True)
class LenderCounts:
    lender: str
    calls: int
    messages: int
    night_contacts: int  # contacts covered by any finding of category "hours"
    findings: int
    by_severity: tuple[tuple[str, int], ...]  # (severity, count), weakest first
    by_category: tuple[tuple[str, int], ...]  # (category, count), by category name

    def as_json(self) -> dict[str, Any]:
        return {
            "lender": self.lender,
            "calls": self.calls,
            "messages": self.messages,
            "night_contacts": self.night_contacts,
            "findings": self.findings,
            "by_severity": dict(self.by_severity),
            "by_category": dict(self.by_category),
        }


@dataclass(frozen=True)
class ConductSummary:
    per_lender: tuple[LenderCounts, ...]
    heatmap: tuple[tuple[int, ...], ...]  # 7 rows (Monday=0 … Sunday=6) × 24 columns (local hour)
    contacts: int  # lender contacts counted in the heat map
    first: datetime | None
    last: datetime | None
    time_unknown: int = 0  # lender contacts whose source gave no time (not in the heat map): "时间未知"

    def as_json(self) -> dict[str, Any]:
        return {
            "per_lender": [c.as_json() for c in self.per_lender],
            "heatmap": [list(row) for row in self.heatmap],
            "contacts": self.contacts,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
            "time_unknown": self.time_unknown,
        }


def summarize_conduct(
    events: Iterable[ContactEvent], findings: Sequence[Finding], tz: tzinfo
) -> ConductSummary:
    """Counts of contacts a known lender made (incoming or missed), and of findings, per lender."""
    contacts = [e for e in events if e.lender and e.from_counterpart and e.kind != ContactKind.TRANSCRIPT]
    grid = [[0] * 24 for _ in range(7)]
    calls: Counter[str] = Counter()
    messages: Counter[str] = Counter()
    unknown = 0
    for event in contacts:
        (calls if event.kind == ContactKind.CALL else messages)[event.lender] += 1
        if not event.time_known:
            unknown += 1  # counted for its lender, but placed at no hour and in no first/last
            continue
        local = event.timestamp.astimezone(tz)
        grid[local.weekday()][local.hour] += 1
    night: dict[str, set[str]] = {}
    per_finding: dict[str, list[Finding]] = {}
    for finding in findings:
        per_finding.setdefault(finding.lender, []).append(finding)
        if finding.category == "hours":
            night.setdefault(finding.lender, set()).update(finding.evidence_ids)
    lenders = sorted({*calls, *messages, *(f.lender for f in findings if f.lender)})
    rows = []
    for lender in lenders:
        own = per_finding.get(lender, [])
        severity = Counter(f.severity for f in own)
        category = Counter(f.category for f in own)
        rows.append(
            LenderCounts(
                lender=lender,
                calls=calls[lender],
                messages=messages[lender],
                night_contacts=len(night.get(lender, ())),
                findings=len(own),
                by_severity=tuple((s, severity[s]) for s in SEVERITIES),
                by_category=tuple(sorted(category.items())),
            )
        )
    rows.sort(key=lambda r: (-r.findings, -(r.calls + r.messages), r.lender))
    times = sorted(e.timestamp for e in contacts if e.time_known)
    return ConductSummary(
        per_lender=tuple(rows),
        heatmap=tuple(tuple(row) for row in grid),
        contacts=len(contacts) - unknown,
        first=times[0].astimezone(tz) if times else None,
        last=times[-1].astimezone(tz) if times else None,
        time_unknown=unknown,
    )
