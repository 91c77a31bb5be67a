"""Detection over contact events: time of day, frequency, third-party reach, and the text rules."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo

from xieshang.core.conduct.model import ContactDirection, ContactEvent, ContactKind, Finding, SourceRef
from xieshang.core.conduct.rules import ConductRules, FrequencyRule, HoursRule
from xieshang.core.conduct.text import TextMatcher
from xieshang.core.phone import phone_key

_SEVERITY_RANK = {"high": 0, "medium": 1, "low": 2}
_KIND_ZH = {ContactKind.CALL: "来电", ContactKind.MESSAGE: "消息", ContactKind.TRANSCRIPT: "通话"}


@dataclass(frozen=True)
class ConductContext:
    """What the detector knows about the case besides the events."""

    tz: tzinfo = ZoneInfo("Asia/Shanghai")
    borrower_numbers: frozenset[str] = frozenset()  # the borrower's own numbers (normalised or not)
    court_case_exists: bool = False  # a real lawsuit exists: court-process statements may be true
    lender_names: tuple[str, ...] = ()  # names masked before text matching (they may contain keywords)


def _local_day(event: ContactEvent, tz: tzinfo) -> date:
    return event.timestamp.astimezone(tz).date()


def _hhmm(event: ContactEvent, tz: tzinfo) -> str:
    return event.timestamp.astimezone(tz).strftime("%H:%M")


class _Rule(Protocol):
    """What every kind of conduct rule gives a finding: its id, weight, confidence mark and sources."""

    @property
    def id(self) -> str: ...
    @property
    def severity(self) -> str: ...
    @property
    def confidence(self) -> str: ...
    @property
    def certainty(self) -> str: ...
    @property
    def sources(self) -> tuple[SourceRef, ...]: ...


def _finding(
    rule: _Rule,
    category: str,
    events: Sequence[ContactEvent],
    tz: tzinfo,
    *,
    lender: str,
    detail_zh: str,
    detail_en: str,
    excerpt: str = "",
) -> Finding:
    """A finding of `rule` resting on `events` (the first one dates it)."""
    return Finding(
        rule=rule.id,
        category=category,
        severity=rule.severity,
        confidence=rule.confidence,
        certainty=rule.certainty,
        sources=rule.sources,
        evidence_ids=tuple(e.id for e in events),
        when=events[0].timestamp.astimezone(tz),
        lender=lender,
        detail_zh=detail_zh,
        detail_en=detail_en,
        excerpt=excerpt,
    )


def _lender_contacts(events: Iterable[ContactEvent]) -> list[ContactEvent]:
    """Contacts a known lender made (incoming or missed), oldest first."""
    return sorted(
        (e for e in events if e.lender and e.from_counterpart and e.kind != ContactKind.TRANSCRIPT),
        key=lambda e: (e.timestamp, e.id),
    )


def _hours_findings(
    contacts: Sequence[ContactEvent], rules: Sequence[HoursRule], tz: tzinfo
) -> list[Finding]:
    groups: dict[tuple[int, str, date], list[ContactEvent]] = defaultdict(list)
    for event in contacts:
        moment = event.timestamp.astimezone(tz).time()
        for index, rule in enumerate(rules):  # the first rule that covers the time (strictest first in data)
            if rule.covers(moment):
                groups[(index, event.lender, _local_day(event, tz))].append(event)
                break
    findings = []
    for (index, lender, day), group in groups.items():
        rule = rules[index]
        times = "、".join(f"{_hhmm(e, tz)}{_KIND_ZH[e.kind]}" for e in group[:12])
        more = f" 等 {len(group)} 次" if len(group) > 12 else ""
        times_en = ", ".join(f"{_hhmm(e, tz)} {e.kind.value}" for e in group[:12])
        findings.append(
            _finding(
                rule,
                "hours",
                group,
                tz,
                lender=lender,
                detail_zh=f"{rule.title_zh}：{lender} 于 {day.isoformat()} {times}{more}（共 {len(group)} 次）",
                detail_en=f"{rule.title_en}: {lender} on {day.isoformat()} at {times_en} ({len(group)} in all)",
            )
        )
    return findings


def _period_key(day: date, period: str) -> date:
    return day - timedelta(days=day.weekday()) if period == "week" else day


def _frequency_findings(
    contacts: Sequence[ContactEvent], rules: Sequence[FrequencyRule], tz: tzinfo
) -> list[Finding]:
    findings = []
    for rule in rules:
        groups: dict[tuple[str, date], list[ContactEvent]] = defaultdict(list)
        for event in contacts:
            if event.kind in rule.kinds:
                groups[(event.lender, _period_key(_local_day(event, tz), rule.period))].append(event)
        for (lender, start), group in groups.items():
            if len(group) < rule.threshold:
                continue
            span_zh = (
                f"{start.isoformat()} 当天" if rule.period == "day" else f"{start.isoformat()} 起的一周内"
            )
            span_en = (
                f"on {start.isoformat()}" if rule.period == "day" else f"in the week from {start.isoformat()}"
            )
            findings.append(
                _finding(
                    rule,
                    "frequency",
                    group,
                    tz,
                    lender=lender,
                    detail_zh=f"{rule.title_zh}：{lender} {span_zh}联系 {len(group)} 次（阈值 {rule.threshold}）",
                    detail_en=f"{rule.title_en}: {lender} made {len(group)} contacts {span_en} "
                    f"(threshold {rule.threshold})",
                )
            )
    return findings


def _third_party_findings(
    contacts: Sequence[ContactEvent], rules: ConductRules, context: ConductContext
) -> list[Finding]:
    rule = rules.third_party_contact
    own = {phone_key(n) for n in context.borrower_numbers if phone_key(n)}
    if rule is None or not own:
        return []
    groups: dict[tuple[str, date], list[tuple[ContactEvent, list[str]]]] = defaultdict(list)
    for event in contacts:
        others = [r for r in event.recipients if phone_key(r) and phone_key(r) not in own]
        if others:
            groups[(event.lender, _local_day(event, context.tz))].append((event, others))
    findings = []
    for (lender, day), group in groups.items():
        numbers = sorted({n for _, others in group for n in others})
        findings.append(
            _finding(
                rule,
                "third_party",
                [e for e, _ in group],
                context.tz,
                lender=lender,
                detail_zh=f"{rule.title_zh}：{lender} 于 {day.isoformat()} 联系了非借款人号码 {'、'.join(numbers)}",
                detail_en=f"{rule.title_en}: {lender} reached numbers that are not the borrower's on "
                f"{day.isoformat()}: {', '.join(numbers)}",
            )
        )
    return findings


def _text_findings(
    events: Iterable[ContactEvent], rules: ConductRules, context: ConductContext
) -> list[Finding]:
    matcher = TextMatcher(rules)
    findings = []
    for event in sorted(events, key=lambda e: (e.timestamp, e.id)):
        if not event.text.strip() or event.direction == ContactDirection.OUTGOING:
            continue
        if not event.lender and not matcher.is_collection_text(event.text):
            continue  # an unknown counterpart talking about something else than a debt
        hits = matcher.scan(
            event.text,
            from_lender=bool(event.lender),
            court_case_exists=context.court_case_exists,
            extra_names=(*context.lender_names, event.lender),
        )
        for hit in hits:
            rule = hit.rule
            sentence = hit.excerpt or hit.sentence
            excerpt = sentence if len(sentence) <= 120 else sentence[:117] + "…"
            who = event.lender or event.counterpart
            findings.append(
                _finding(
                    rule,
                    rule.category,
                    [event],
                    context.tz,
                    lender=event.lender,
                    detail_zh=f"{rule.title_zh}：{who}「{excerpt}」",
                    detail_en=f"{rule.title_en}: {who} \u201c{excerpt}\u201d",
                    excerpt=excerpt,
                )
            )
    return findings


def detect_conduct(
    events: Iterable[ContactEvent], rules: ConductRules, context: ConductContext | None = None
) -> tuple[Finding, ...]:
    """Every finding over `events`, oldest first (then the most severe first)."""
    context = context or ConductContext()
    events = list(events)
    contacts = _lender_contacts(events)
    timed = [e for e in contacts if e.time_known]  # a time the source did not give is no hour, no day
    findings = [
        *_hours_findings(timed, rules.hours, context.tz),
        *_frequency_findings(timed, rules.frequency, context.tz),
        *_third_party_findings(contacts, rules, context),
        *_text_findings(events, rules, context),
    ]
    findings.sort(key=lambda f: (f.when, _SEVERITY_RANK.get(f.severity, 9), f.rule, f.evidence_ids))
    return tuple(findings)
