"""What the conduct report page shows, shaped from a `ConductReport`: the options read from the URL,
severity counts, the timeline of findings with their evidence records, the per-lender table and the
weekday × hour heat map. No HTML here (the template renders it); no writes."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from xieshang.cases.models import Case
from xieshang.conduct.service import ConductReport
from xieshang.core.conduct import ConductRules, Finding, TextMatcher
from xieshang.core.rules import CONFIDENCE_LABELS
from xieshang.evidence.models import EvidenceRecord

MAX_NUMBERS = 10
RECORDS_PER_FINDING = 8  # records listed under one finding; the rest through the search page
_SPLIT = re.compile(r"[\s,，;；、]+")
_NUMBER = re.compile(r"^\+?\d[\d-]{4,19}$")


@dataclass(frozen=True)
class Options:
    """The report's options as given in the URL (GET), so a report is reproducible by its address."""

    numbers: tuple[str, ...]
    court_case_exists: bool
    numbers_text: str
    rejected: tuple[str, ...]  # what was given as a number but is not one


def read_options(query: Mapping[str, str]) -> Options:
    text = str(query.get("numbers", ""))[:400]
    numbers: list[str] = []
    rejected: list[str] = []
    for part in _SPLIT.split(text):
        if not part:
            continue
        if _NUMBER.match(part) and len(numbers) < MAX_NUMBERS:
            numbers.append(part)
        else:
            rejected.append(part[:30])
    court = str(query.get("court", "")) in ("1", "on", "true", "yes")
    return Options(tuple(dict.fromkeys(numbers)), court, text, tuple(rejected))


def severity_label(severity: str) -> str:
    labels = {
        "high": _("High"),
        "medium": _("Medium"),
        "low": _("Low"),
    }
    return labels.get(severity, severity)


def certainty_label(certainty: str) -> str:
    return {"likely": _("likely breach"), "possible": _("possible breach")}.get(certainty, certainty)


def confidence_label(confidence: str, lang: str) -> str:
    zh, en = CONFIDENCE_LABELS.get(confidence, (confidence, confidence))
    return en if lang == "en" else zh


def confidence_legend(lang: str) -> list[dict[str, str]]:
    meaning = {
        "verified": _("The rule was checked against the full text of the law or regulation."),
        "quoted": _(
            "The rule is known only as quoted by a third party (a news report, a regulator's summary); "
            "the full text was not checked."
        ),
        "unconfirmed": _(
            "No primary text was found: the rule is cited by some sources but is not established law. "
            "Treat such a finding as a possibility to raise, not as a breach."
        ),
    }
    return [
        {"mark": mark, "label": confidence_label(mark, lang), "meaning": meaning[mark]}
        for mark in ("verified", "quoted", "unconfirmed")
    ]


def severity_counts(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    counts = Counter(f.severity for f in findings)
    return [
        {"severity": s, "label": severity_label(s), "count": counts[s]} for s in ("high", "medium", "low")
    ]


def _highlight(finding: Finding, matcher: TextMatcher, court: bool, names: Sequence[str]) -> list[str]:
    """[before, matched, after] of the excerpt, when the rule's matched words are found in it verbatim."""
    if not finding.excerpt:
        return []
    hits = matcher.scan(
        finding.excerpt,
        from_lender=bool(finding.lender),
        court_case_exists=court,
        extra_names=(*names, finding.lender),
    )
    for hit in hits:
        if hit.rule.id == finding.rule and hit.matched and hit.matched in finding.excerpt:
            before, _sep, after = finding.excerpt.partition(hit.matched)
            return [before, hit.matched, after]
    return []


def _search_url(case: Case, record: EvidenceRecord, tz: ZoneInfo) -> str:
    day = record.timestamp.astimezone(tz).date().isoformat()
    query = record.counterpart or record.text[:20]
    params = {"q": query, "kind": record.kind, "from": day, "to": day}
    return f"{reverse('case-search', args=[case.name])}?{urlencode(params)}"


def _record_row(case: Case, record: EvidenceRecord, tz: ZoneInfo) -> dict[str, Any]:
    text = " ".join(record.text.split())
    return {
        "id": record.pk,
        "when": record.timestamp.astimezone(tz),
        "kind": record.get_kind_display(),
        "direction": record.get_direction_display(),
        "counterpart": record.counterpart_name or record.counterpart,
        "text": text[:140] + ("…" if len(text) > 140 else ""),
        "source_file": record.source_file.original_name,
        "position": record.position,
        "file_url": reverse("case-evidence-file", args=[case.name, record.source_file_id]),
        "search_url": _search_url(case, record, tz),
        "play_url": _play_url(case, record),
    }


def _play_url(case: Case, record: EvidenceRecord) -> str:
    """A machine-transcript segment: its recording's page, playing from where the segment starts."""
    meta = record.meta if isinstance(record.meta, dict) else {}
    if record.kind != EvidenceRecord.Kind.TRANSCRIPT or not record.linked_record_id:
        return ""
    start = meta.get("start") or 0
    page = reverse("case-recording", args=[case.name, record.linked_record_id])
    return f"{page}?{urlencode({'t': start, 'segment': record.pk})}#segment-{record.pk}"


def _records(case: Case, ids: Iterable[str]) -> dict[str, EvidenceRecord]:
    pks = {int(i) for i in ids if str(i).isdigit()}
    records = EvidenceRecord.objects.filter(case=case, pk__in=pks).select_related("source_file")
    return {str(r.pk): r for r in records}


def timeline(
    report: ConductReport, case: Case, rules: ConductRules, lang: str, lenders: Sequence[str]
) -> list[dict[str, Any]]:
    """The findings in time order, each with its badges, sources, excerpt and evidence records."""
    tz = ZoneInfo(report.timezone)
    shown = [f.evidence_ids[:RECORDS_PER_FINDING] for f in report.findings]
    records = _records(case, (i for ids in shown for i in ids))
    matcher = TextMatcher(rules)
    rows = []
    for n, finding in enumerate(report.findings, start=1):
        cited = [_record_row(case, records[i], tz) for i in shown[n - 1] if i in records]
        rows.append(
            {
                "n": n,
                "f": finding,
                "when": finding.when.astimezone(tz),
                "severity_label": severity_label(finding.severity),
                "certainty_label": certainty_label(finding.certainty),
                "confidence_label": confidence_label(finding.confidence, lang),
                "detail": finding.detail(lang),
                "note": report.note(finding, lang),  # 机器转写，请核对录音
                "sources": [
                    {
                        "label": s.label(),
                        "confidence": s.confidence,
                        "confidence_label": confidence_label(s.confidence, lang),
                        "summary": s.summary_en if lang == "en" else s.summary_zh,
                    }
                    for s in finding.sources
                ],
                "highlight": _highlight(finding, matcher, report.court_case_exists, lenders),
                "records": cited,
                "more": len(finding.evidence_ids) - len(cited),
            }
        )
    return rows


def options_query(options: Options) -> dict[str, str]:
    """The page's options as the query the complaint letter reads too, so both see the same findings."""
    query: dict[str, str] = {}
    if options.numbers:
        query["numbers"] = " ".join(options.numbers)
    if options.court_case_exists:
        query["court"] = "1"
    return query


def complaint_links(case: Case, options: Options | None = None) -> dict[str, str]:
    """The complaint letter's download links (documents app), one per format, with the page's options."""
    query = urlencode(options_query(options)) if options is not None else ""
    return {
        fmt: reverse("documents:letter", kwargs={"case_name": case.name, "kind": "complaint", "fmt": fmt})
        + (f"?{query}" if query else "")
        for fmt in ("docx", "pdf", "txt")
    }


def lender_rows(report: ConductReport, case: Case, options: Options | None = None) -> list[dict[str, Any]]:
    """Per lender: contacts, night contacts, findings by severity, and its own complaint letter."""
    debts: dict[str, str] = {}
    for lender, key in case.debts.order_by("pk").values_list("lender", "key"):
        debts.setdefault(lender, key)
    letter = reverse("documents:letter", kwargs={"case_name": case.name, "kind": "complaint", "fmt": "docx"})
    base_query = options_query(options) if options is not None else {}
    rows = []
    for counts in report.summary.per_lender:
        severity = dict(counts.by_severity)
        key = debts.get(counts.lender, "")
        rows.append(
            {
                "c": counts,
                "high": severity.get("high", 0),
                "medium": severity.get("medium", 0),
                "low": severity.get("low", 0),
                "letter": f"{letter}?{urlencode({**base_query, 'debt': key})}" if key else "",
            }
        )
    return rows


def _band(rules: ConductRules, hour: int) -> str:
    """The hours rule that covers most of the hour (night / late_evening), "" for none."""
    for rule in rules.hours:
        if rule.covers(time(hour, 30)):
            return rule.id.rsplit(".", 1)[-1].replace("_", "-")
    return ""


def heatmap(report: ConductReport, rules: ConductRules) -> dict[str, Any]:
    """The 7 × 24 grid with a shading level (0–5) per cell and the hours rules' bands per column."""
    grid = report.summary.heatmap
    peak = max((v for row in grid for v in row), default=0)
    bands = [_band(rules, h) for h in range(24)]
    days = [str(WEEKDAYS[d]) for d in range(7)]  # Django's own translated names, Monday first
    rows = []
    for day, values in zip(days, grid, strict=True):
        cells = []
        for hour, value in enumerate(values):
            level = 0 if value == 0 or peak == 0 else max(1, min(5, -(-value * 5 // peak)))
            cells.append({"hour": hour, "count": value, "level": level, "band": bands[hour]})
        rows.append({"day": day, "cells": cells, "total": sum(values)})
    hours = [{"hour": h, "band": bands[h]} for h in range(24)]
    return {
        "rows": rows,
        "hours": hours,
        "groups": _band_groups(rules, bands),
        "legend": [{"band": b, "label": label} for b, label in _band_labels(rules).items()],
        "peak": peak,
        "contacts": report.summary.contacts,
        "time_unknown": report.summary.time_unknown,
    }


def _band_labels(rules: ConductRules) -> dict[str, str]:
    names = {"night": _("night contact"), "late-evening": _("late-evening contact")}
    labels = {}
    for rule in rules.hours:
        band = rule.id.rsplit(".", 1)[-1].replace("_", "-")
        window = f"{rule.start:%H:%M}–{rule.end:%H:%M}"
        labels[band] = f"{names.get(band, band)} {window}"
    return labels


def _band_groups(rules: ConductRules, bands: Sequence[str]) -> list[dict[str, Any]]:
    """Runs of neighbouring hours in the same band (the row above the hour headers)."""
    labels = _band_labels(rules)
    groups: list[dict[str, Any]] = []
    for band in bands:
        if groups and groups[-1]["band"] == band:
            groups[-1]["span"] += 1
        else:
            groups.append({"band": band, "span": 1, "label": labels.get(band, "")})
    return groups


def period(report: ConductReport) -> tuple[datetime | None, datetime | None]:
    return report.summary.first, report.summary.last
