"""Detection over contact events: time of day, frequency, third-party reach, and the text rules."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo

from xieshang.core.conduct.classifier import COLLECTION, LabelScore, TextModel
from xieshang.core.conduct.model import ContactDirection, ContactEvent, ContactKind, Finding, SourceRef
from xieshang.core.conduct.rules import ConductRules, FrequencyRule, HoursRule
from xieshang.core.conduct.text import TextHit, TextMatcher
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
    # The text classifier (None: the rules alone). It raises candidates where no rule of a kind fired, and
    # decides with the rules whether a message from an untagged number reads as collection.
    model: TextModel | None = None
    # (name as written, lender): to say which lender an untagged number's collection content names.
    lender_aliases: tuple[tuple[str, str], ...] = ()


def party_key(counterpart: str) -> str:
    """What an untagged counterpart is grouped by: its number's digits, else the sender as written."""
    digits = phone_key(counterpart)
    return digits if len(digits) >= 5 and not re.search(r"[A-Za-z@]", counterpart) else counterpart.casefold()


@dataclass(frozen=True)
class _Party:
    """Who made a contact: a lender (tagged) or an untagged number whose content reads as collection."""

    lender: str
    key: str = ""  # party_key of the untagged number ("" for a lender)
    counterpart: str = ""
    suspected: str = ""  # the lender the untagged number's content names

    def zh(self) -> str:
        if self.lender:
            return self.lender
        like = f"内容像是 {self.suspected} 的催收" if self.suspected else "内容像是催收"
        return f"来自未标记的号码 {self.counterpart}：{like}"

    def en(self) -> str:
        if self.lender:
            return self.lender
        like = f"reads like {self.suspected}'s collection" if self.suspected else "reads like collection"
        return f"from the untagged number {self.counterpart}: {like}"


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
    party: _Party,
    detail_zh: str,
    detail_en: str,
    excerpt: str = "",
    model_score: float | None = None,
    cues: tuple[str, ...] = (),
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
        lender=party.lender,
        detail_zh=detail_zh,
        detail_en=detail_en,
        excerpt=excerpt,
        counterpart=party.counterpart or (events[0].counterpart if len(events) == 1 else ""),
        suspected_lender=party.suspected,
        model_score=model_score,
        cues=cues,
    )


Contact = tuple[ContactEvent, _Party]


def _collector_contacts(events: Iterable[ContactEvent], suspects: dict[str, _Party]) -> list[Contact]:
    """Contacts a lender, or an untagged number whose content reads as collection, made (incoming or
    missed), oldest first (with or without a known time: the caller leaves the others out of hour and day
    counts)."""
    found = []
    for e in events:
        if not e.from_counterpart or e.kind == ContactKind.TRANSCRIPT:
            continue
        if e.lender:
            found.append((e, _Party(e.lender)))
        elif e.counterpart and (party := suspects.get(party_key(e.counterpart))) is not None:
            found.append((e, party))
    return sorted(found, key=lambda c: (c[0].timestamp, c[0].id))


def _hours_findings(contacts: Sequence[Contact], rules: Sequence[HoursRule], tz: tzinfo) -> list[Finding]:
    groups: dict[tuple[int, _Party, date], list[ContactEvent]] = defaultdict(list)
    for event, party in contacts:
        moment = event.timestamp.astimezone(tz).time()
        for index, rule in enumerate(rules):  # the first rule that covers the time (strictest first in data)
            if rule.covers(moment):
                groups[(index, party, _local_day(event, tz))].append(event)
                break
    findings = []
    for (index, party, day), group in groups.items():
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
                party=party,
                detail_zh=f"{rule.title_zh}：{party.zh()} 于 {day.isoformat()} {times}{more}（共 {len(group)} 次）",
                detail_en=f"{rule.title_en}: {party.en()} on {day.isoformat()} at {times_en} "
                f"({len(group)} in all)",
            )
        )
    return findings


def _period_key(day: date, period: str) -> date:
    return day - timedelta(days=day.weekday()) if period == "week" else day


def _frequency_findings(
    contacts: Sequence[Contact], rules: Sequence[FrequencyRule], tz: tzinfo
) -> list[Finding]:
    findings = []
    for rule in rules:
        groups: dict[tuple[_Party, date], list[ContactEvent]] = defaultdict(list)
        for event, party in contacts:
            if event.kind not in rule.kinds:
                continue
            if rule.answered_only and event.direction != ContactDirection.INCOMING:
                continue  # a missed or rejected call is not an effective one
            groups[(party, _period_key(_local_day(event, tz), rule.period))].append(event)
        for (party, start), group in groups.items():
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
                    party=party,
                    detail_zh=f"{rule.title_zh}：{party.zh()} {span_zh}联系 {len(group)} 次"
                    f"（阈值 {rule.threshold}）",
                    detail_en=f"{rule.title_en}: {party.en()} made {len(group)} contacts {span_en} "
                    f"(threshold {rule.threshold})",
                )
            )
    return findings


def _third_party_findings(
    contacts: Sequence[Contact], rules: ConductRules, context: ConductContext
) -> list[Finding]:
    """Contacts the evidence shows reached someone else: recipients of a group message that are not the
    borrower's numbers, or evidence imported as received by a third party (a relative's phone)."""
    rule = rules.third_party_contact
    if rule is None:
        return []
    own = {phone_key(n) for n in context.borrower_numbers if phone_key(n)}
    groups: dict[tuple[_Party, date], list[tuple[ContactEvent, list[str]]]] = defaultdict(list)
    for event, party in contacts:
        others = []
        if own:
            others = [r for r in event.recipients if phone_key(r) and phone_key(r) not in own]
        if event.received_by:
            others.append(event.received_by)
        if others:
            groups[(party, _local_day(event, context.tz))].append((event, others))
    findings = []
    for (party, day), group in groups.items():
        numbers = sorted({n for _, others in group for n in others})
        findings.append(
            _finding(
                rule,
                "third_party",
                [e for e, _ in group],
                context.tz,
                party=party,
                detail_zh=f"{rule.title_zh}：{party.zh()} 于 {day.isoformat()} 联系了非借款人 "
                f"{'、'.join(numbers)}（共 {len(group)} 次）",
                detail_en=f"{rule.title_en}: {party.en()} reached people who are not the borrower on "
                f"{day.isoformat()}: {', '.join(numbers)} ({len(group)} in all)",
            )
        )
    return findings


@dataclass(frozen=True)
class _Read:
    """What the text of one incoming contact says: the rules' hits and the classifier's raised labels."""

    hits: tuple[TextHit, ...]
    raised: dict[str, LabelScore]
    debt_words: bool = False  # no classifier: the rules' debt words stand in for it
    normalized: str = ""  # the text in the rules' normal form

    @property
    def collection(self) -> bool:
        return bool(self.hits) or COLLECTION in self.raised or self.debt_words


class _Reader:
    """Reads each incoming text once (a repeated text, once in all)."""

    def __init__(self, rules: ConductRules, context: ConductContext) -> None:
        self.matcher = TextMatcher(rules)
        self.context = context
        self._cache: dict[tuple[str, str], _Read | None] = {}
        aliases = sorted(context.lender_aliases, key=lambda a: len(a[0]), reverse=True)
        self._lenders = dict((name.casefold(), lender) for name, lender in aliases if len(name) >= 2)
        self._alias = (
            re.compile("|".join(re.escape(n) for n, _ in aliases if len(n) >= 2), re.IGNORECASE)
            if self._lenders
            else None
        )

    def read(self, event: ContactEvent) -> _Read | None:
        """None: not a collector's text (or no text, or the borrower's own)."""
        if not event.text.strip() or event.direction == ContactDirection.OUTGOING:
            return None
        key = (event.text, event.lender)
        if key not in self._cache:
            self._cache[key] = self._read(event)
        return self._cache[key]

    def _read(self, event: ContactEvent) -> _Read | None:
        model = self.context.model
        normalized = self.matcher.normalize(event.text)
        # The model reads the rules' normal form (normalising twice changes nothing: done once here).
        raised = model.raised(normalized) if model is not None else {}
        from_lender = bool(event.lender)
        if not from_lender:
            # An untagged counterpart: with the classifier, its text must read as a collector's (not the
            # borrower's question, a friend's story, the news) or raise a finding kind strongly ("直接转我，别跟
            # 平台客服说。": a short demand reads like a friend's to the `collection` label); without it, the
            # rules' debt words decide. Passed-on or own-loan talk is never read as a collector's.
            lexicon = self.matcher.lexicon
            if lexicon.passed_on is not None and lexicon.passed_on.search(normalized):
                return None
            if model is not None:
                reads = COLLECTION in raised or model.strong_kind(raised)
            else:
                reads = bool(lexicon.collection.search(normalized))
            if not reads:
                # A rule that opens the gate (a letter to the employer, a collector asking a contact), with
                # the rules' debt words in the text, reads as collection by itself (round 12).
                hits = self._scan(event)
                if not (any(hit.rule.opens_gate for hit in hits) and lexicon.collection.search(normalized)):
                    return None
                return _Read(hits, raised, debt_words=model is None, normalized=normalized)
        hits = self._scan(event)
        read = _Read(hits, raised, debt_words=model is None, normalized=normalized)
        return read if from_lender or read.collection else None

    def _scan(self, event: ContactEvent) -> tuple[TextHit, ...]:
        return tuple(
            self.matcher.scan(
                event.text,
                from_lender=bool(event.lender),
                court_case_exists=self.context.court_case_exists,
                extra_names=(*self.context.lender_names, event.lender),
            )
        )

    def lender_named(self, normalized: str) -> str:
        """The lender a text (in the rules' normal form) names, "" for none."""
        if self._alias is None:
            return ""
        found = self._alias.search(normalized)
        return self._lenders.get(found.group(0).casefold(), "") if found else ""


def _suspects(events: Sequence[ContactEvent], reader: _Reader) -> dict[str, _Party]:
    """Untagged numbers and senders whose incoming texts read as collection (at least half of them), with
    the lender their collection texts name most (the first named on a tie)."""
    named: dict[str, list[str]] = {}
    first: dict[str, str] = {}
    texts: Counter[str] = Counter()  # incoming texts per untagged number
    reads: Counter[str] = Counter()  # ... of which read as collection
    for event in events:
        if event.lender or not event.counterpart:
            continue
        key = party_key(event.counterpart)
        if event.text.strip() and event.direction != ContactDirection.OUTGOING:
            texts[key] += 1
        read = reader.read(event)
        if read is None:
            continue
        first.setdefault(key, event.counterpart)
        lender = reader.lender_named(read.normalized)
        named.setdefault(key, [])
        reads[key] += 1
        if lender:
            named[key].append(lender)
    parties = {}
    for key, names in named.items():
        if 2 * reads[key] < texts[key]:
            continue  # most of what the number wrote is not collection: a friend, not a collector
        suspected = max(dict.fromkeys(names), key=names.count) if names else ""
        parties[key] = _Party("", key, first[key], suspected)
    return parties


def _text_findings(
    events: Iterable[ContactEvent],
    rules: ConductRules,
    context: ConductContext,
    reader: _Reader,
    suspects: dict[str, _Party],
) -> list[Finding]:
    findings = []
    for event in sorted(events, key=lambda e: (e.timestamp, e.id)):
        read = reader.read(event)
        if read is None:
            continue
        if event.lender:
            party = _Party(event.lender)
        else:
            party = suspects.get(party_key(event.counterpart)) or _Party("", counterpart=event.counterpart)
        who_zh = party.zh() if party.lender else party.zh() + "，"
        fired = set()
        for hit in read.hits:
            rule = hit.rule
            fired.add(rule.category)
            excerpt = _excerpt(hit.excerpt or hit.sentence)
            findings.append(
                _finding(
                    rule,
                    rule.category,
                    [event],
                    context.tz,
                    party=party,
                    detail_zh=f"{rule.title_zh}：{who_zh}「{excerpt}」",
                    detail_en=f"{rule.title_en}: {party.en()} \u201c{excerpt}\u201d",
                    excerpt=excerpt,
                )
            )
        for label, score in read.raised.items():
            model_rule = rules.model_rule(label)
            if model_rule is None or label in fired:
                continue
            if model_rule.unless_court_case and context.court_case_exists:
                continue
            if not model_rule.admits(read.normalized):
                continue
            if fired and context.model is not None and score.probability < context.model.beside_rule(label):
                continue  # another kind's rule already reads this text: the classifier's kind needs more
            excerpt = _excerpt(event.text.strip())
            cues_zh = "、".join(score.cues)
            findings.append(
                _finding(
                    model_rule,
                    model_rule.category,
                    [event],
                    context.tz,
                    party=party,
                    detail_zh=f"{model_rule.title_zh}：{who_zh}「{excerpt}」（置信度 {score.probability:.2f}；起作用的字词：{cues_zh}）",
                    detail_en=f"{model_rule.title_en}: {party.en()} \u201c{excerpt}\u201d "
                    f"(confidence {score.probability:.2f}; words that weighed: {', '.join(score.cues)})",
                    excerpt=excerpt,
                    model_score=score.probability,
                    cues=score.cues,
                )
            )
    return findings


def _excerpt(sentence: str) -> str:
    return sentence if len(sentence) <= 120 else sentence[:117] + "…"


def detect_conduct(
    events: Iterable[ContactEvent], rules: ConductRules, context: ConductContext | None = None
) -> tuple[Finding, ...]:
    """Every finding over `events`, oldest first (then the most severe first).

    Every incoming text that reads as collection is checked, whatever number sent it: from a lender's
    number, or from an untagged one when the rules' debt words or the classifier say it is about a debt.
    An untagged number with such a text is a suspected collector: its calls and messages count for the
    hours, frequency and third-party checks, and its findings say it is untagged."""
    context = context or ConductContext()
    events = list(events)
    reader = _Reader(rules, context)
    suspects = _suspects(events, reader)
    contacts = _collector_contacts(events, suspects)
    timed = [c for c in contacts if c[0].time_known]  # a time the source did not give is no hour, no day
    findings = [
        *_hours_findings(timed, rules.hours, context.tz),
        *_frequency_findings(timed, rules.frequency, context.tz),
        *_third_party_findings(contacts, rules, context),
        *_text_findings(events, rules, context, reader, suspects),
    ]
    findings.sort(key=lambda f: (f.when, _SEVERITY_RANK.get(f.severity, 9), f.rule, f.evidence_ids))
    return tuple(findings)
