"""The collection-conduct findings of a stored case and the records they rest on, as document facts
(the complaint letter's facts section and its record-level evidence index). Reads only."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from xieshang.asr.segments import format_offset
from xieshang.cases.models import Case
from xieshang.documents.facts import CitedRecordFacts, FindingFacts, findings_by_kind
from xieshang.documents.stored import KIND_ZH
from xieshang.importers.positions import position_zh

EXCERPT_CHARS = 40  # a message's excerpt in the index; the original keeps the whole text
LETTER_FINDINGS = 60  # more findings than this: a letter keeps the first and latest of each rule and lender
_DIRECTION_ZH = {"incoming": "来电", "outgoing": "去电"}
_MISSED = ("missed", "rejected", "refused", "blocked")


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """`text` on one line, cut to `limit` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + "…"


def _call_summary(direction: str, meta: Mapping[str, Any]) -> str:
    """What the call log says of a call: 未接来电 / 去电，未接通 / 来电，通话 35 秒 (the log's own figures)."""
    if direction == "missed":
        return "未接来电"
    head = _DIRECTION_ZH.get(direction, "通话")
    seconds = meta.get("duration_seconds")
    if meta.get("call_type") in _MISSED or seconds == 0:
        return f"{head}，未接通"
    return f"{head}，通话 {seconds} 秒" if isinstance(seconds, int) else head


def _record_excerpt(kind: str, direction: str, text: str, meta: Any, source_file: str) -> str:
    meta = meta if isinstance(meta, dict) else {}
    if kind == "call":
        return _call_summary(direction, meta)
    if kind == "recording":
        from xieshang.conduct.service import transcript_of
        from xieshang.evidence.models import EvidenceRecord

        said = transcript_of(EvidenceRecord(kind=kind, text=text, meta=meta), source_file)
        return "录音文字：" + excerpt(said) if said else "通话录音"
    if kind == "transcript":  # a machine-transcript segment, with where it is in the recording
        offset = meta.get("start")
        at = f"，{format_offset(float(offset))} 起" if isinstance(offset, int | float) else ""
        return f"录音文字（机器转写，请核对录音{at}）：" + excerpt(text)
    return excerpt(text)


def conduct_facts(
    case: Case,
    refs: Mapping[str, str],
    *,
    borrower_numbers: Iterable[str] = (),
    court_case_exists: bool = False,
) -> tuple[list[FindingFacts], list[CitedRecordFacts]]:
    """The conduct findings (with the evidence files `refs` names and the records they cite) and every
    cited record with its source file, SHA-256 and position; ([], []) when the conduct check is missing.
    `borrower_numbers` and `court_case_exists` are the conduct page's options (same findings as the page)."""
    try:
        from xieshang.conduct.service import conduct_evidence_index, conduct_report
    except ImportError:
        return [], []
    from xieshang.evidence.models import EvidenceRecord

    report = conduct_report(case=case, borrower_numbers=borrower_numbers, court_case_exists=court_case_exists)
    tz = ZoneInfo(report.timezone)
    items = conduct_evidence_index(report, case=case)
    voiced = [i.id for i in items if i.kind in ("call", "recording", "transcript")]  # only these need meta
    metas = dict(EvidenceRecord.objects.filter(pk__in=voiced).values_list("pk", "meta")) if voiced else {}
    cited = [
        CitedRecordFacts(
            id=str(item.id),
            when=item.timestamp.astimezone(tz),
            kind=KIND_ZH.get(item.kind, item.kind),
            counterpart=item.counterpart,
            excerpt=_record_excerpt(
                item.kind, item.direction, item.text, metas.get(item.id), item.source_file
            ),
            source_file=item.source_file,
            sha256=item.source_sha256,
            position=position_zh(item.position),
        )
        for item in items
    ]
    file_of = {c.id: c.sha256 for c in cited}
    findings = [
        FindingFacts(
            rule=f.rule,
            severity=f.severity,
            confidence=f.confidence,
            source=f.source,
            when=f.when.astimezone(tz),
            detail=f.detail("zh") + (f"（{report.note(f, 'zh')}）" if report.machine_transcript(f) else ""),
            evidence_refs=tuple(sorted({refs.get(file_of.get(i, ""), "") for i in f.evidence_ids} - {""})),
            lender=f.lender,
            evidence_ids=tuple(str(i) for i in f.evidence_ids),
            suspected_lender=f.suspected_lender,
        )
        for f in report.findings
    ]
    return findings, cited


def condense_findings(
    findings: list[FindingFacts], cited: list[CitedRecordFacts], limit: int | None = None
) -> tuple[list[FindingFacts], list[CitedRecordFacts]]:
    """Findings a letter can list: all of them up to `limit` (LETTER_FINDINGS); beyond, for each rule and
    lender the first and the latest finding, marked with how many of that kind there were and over which
    days, and only the records those cite. A complaint about 3,000 threatening messages then reads as a few
    dozen lines (74 s and 1.5 GB of PDF before); the dossier's findings.csv keeps every finding."""
    limit = LETTER_FINDINGS if limit is None else limit
    if len(findings) <= limit:
        return findings, cited
    kept: list[FindingFacts] = []
    for group in findings_by_kind(findings):
        ends = group.items[:1] if len(group.items) == 1 else (group.items[0], group.items[-1])
        kept += [
            dataclasses.replace(
                f, similar=len(group.items), similar_first=group.first, similar_last=group.last
            )
            for f in ends
        ]
    kept.sort(key=lambda f: (f.when is None, f.when))
    wanted = {i for f in kept for i in f.evidence_ids}
    return kept, [c for c in cited if c.id in wanted]
