"""Read a case's evidence records, run the conduct detector, and shape the report for every door
(CLI, web report, complaint letter). Read-only: nothing is written."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import PurePath
from typing import Any
from zoneinfo import ZoneInfo

from xieshang.cases.access import case_get_for_user
from xieshang.cases.models import Case
from xieshang.cases.own_contacts import phone_numbers
from xieshang.conduct.tags import received_by_files, user_lender_tags
from xieshang.core.conduct import (
    ConductContext,
    ConductRules,
    ConductSummary,
    ContactEvent,
    ContactKind,
    Finding,
    detect_conduct,
    summarize_conduct,
)
from xieshang.core.conduct.classifier import TextModel
from xieshang.core.conduct.detect import party_key
from xieshang.core.conduct.model import ContactDirection
from xieshang.core.conduct.suggest import TagSuggestion, suggest_lender_tags
from xieshang.core.lender_tags import TagRow, associate_by_number
from xieshang.core.phone import phone_key
from xieshang.evidence.lender_tags import case_tagger
from xieshang.evidence.models import EvidenceFile, EvidenceRecord
from xieshang.importers.base import is_unsent, time_known
from xieshang.knowledge.conduct import load_conduct_model, load_conduct_rules

# Evidence kinds the check reads, and what they are to the detector. Recordings count only with a
# transcript (the call itself is in the call log); documents and attachments carry no contact time.
_KINDS: Mapping[str, ContactKind] = {
    EvidenceRecord.Kind.SMS: ContactKind.MESSAGE,
    EvidenceRecord.Kind.MMS: ContactKind.MESSAGE,
    EvidenceRecord.Kind.CHAT: ContactKind.MESSAGE,
    EvidenceRecord.Kind.EMAIL: ContactKind.MESSAGE,
    EvidenceRecord.Kind.CALL: ContactKind.CALL,
    EvidenceRecord.Kind.RECORDING: ContactKind.TRANSCRIPT,
    # a segment of a machine transcript (xieshang transcribe): its findings say "机器转写，请核对录音"
    EvidenceRecord.Kind.TRANSCRIPT: ContactKind.TRANSCRIPT,
}
MACHINE_NOTE_ZH = "机器转写，请核对录音"
MACHINE_NOTE_EN = "machine transcript: check against the recording"


@dataclass(frozen=True)
class EvidenceItem:
    """One record a finding cites, with where it came from (for the complaint letter's evidence index)."""

    id: int
    kind: str
    timestamp: datetime
    direction: str
    counterpart: str
    lender: str
    text: str
    source_file: str
    source_sha256: str
    position: str
    rules: tuple[str, ...]  # the findings that cite it

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "timestamp": self.timestamp.isoformat(),
            "direction": self.direction,
            "counterpart": self.counterpart,
            "lender": self.lender,
            "text": self.text,
            "source_file": self.source_file,
            "source_sha256": self.source_sha256,
            "position": self.position,
            "rules": list(self.rules),
        }


@dataclass(frozen=True)
class ConductReport:
    case: str
    findings: tuple[Finding, ...]
    summary: ConductSummary
    records_checked: int
    rules_version: str
    timezone: str
    court_case_exists: bool
    borrower_numbers: tuple[str, ...]
    disclaimer_zh: str
    disclaimer_en: str
    model_version: str = ""  # the text classifier's ("" = rules only)
    suggestions: tuple[TagSuggestion, ...] = ()  # untagged numbers that look like a lender's collector
    # ids of the events that are machine-transcript segments, and where each starts in its recording
    machine_offsets: Mapping[str, float] = field(default_factory=dict)

    def machine_transcript(self, finding: Finding) -> bool:
        """Whether a finding rests on a machine transcript (to be checked against the recording)."""
        return any(str(i) in self.machine_offsets for i in finding.evidence_ids)

    def note(self, finding: Finding, lang: str = "zh") -> str:
        if not self.machine_transcript(finding):
            return ""
        return MACHINE_NOTE_EN if lang.startswith("en") else MACHINE_NOTE_ZH

    def disclaimer(self, lang: str = "zh") -> str:
        return self.disclaimer_en if lang.startswith("en") else self.disclaimer_zh

    def as_json(self, lang: str = "zh") -> dict[str, Any]:
        """The `xieshang conduct --json` document (spec cli.md) with extra fields."""
        findings = []
        for finding in self.findings:
            item = finding.as_json(lang)
            item["evidence_ids"] = [int(i) for i in finding.evidence_ids]
            if self.machine_transcript(finding):
                item["machine_transcript"] = True
                item["note"] = self.note(finding, lang)
                item["offsets"] = {
                    str(i): self.machine_offsets[str(i)]
                    for i in finding.evidence_ids
                    if str(i) in self.machine_offsets
                }
            findings.append(item)
        return {
            "case": self.case,
            "findings": findings,
            "summary": self.summary.as_json(),
            "records_checked": self.records_checked,
            "rules_version": self.rules_version,
            "timezone": self.timezone,
            "court_case_exists": self.court_case_exists,
            "borrower_numbers": list(self.borrower_numbers),
            "disclaimer": self.disclaimer(lang),
            "model_version": self.model_version,
            "tag_suggestions": [s.as_json(lang) for s in self.suggestions],
        }


def _recipients(record: EvidenceRecord) -> tuple[str, ...]:
    """The numbers an incoming MMS reached besides its sender (a group message to the borrower's contacts)."""
    if record.kind != EvidenceRecord.Kind.MMS or not isinstance(record.meta, dict):
        return ()
    addresses = record.meta.get("addresses") or []
    senders = {phone_key(n) for n in record.counterpart.split("~") if n}
    return tuple(str(a) for a in addresses if isinstance(a, str) and a and phone_key(a) not in senders)


def transcript_of(record: EvidenceRecord, file_name: str = "") -> str:
    """What was said in a recorded call: `meta["transcript"]`, else the record's text unless that is only
    the recording's file name (what the recordings importer stores for search). "" = no transcript."""
    meta = record.meta if isinstance(record.meta, dict) else {}
    transcript = meta.get("transcript")
    if isinstance(transcript, str) and transcript.strip():
        return transcript
    text = record.text.strip()
    if not text or text == PurePath(file_name).stem or text == file_name:
        return ""
    return record.text


def _event(record: EvidenceRecord, file_name: str = "", received_by: str = "") -> ContactEvent | None:
    kind = _KINDS.get(record.kind)
    if kind is None:
        return None
    meta = record.meta if isinstance(record.meta, dict) else {}
    if is_unsent(meta):
        return None  # a draft, or a message that never left the outbox: no contact was made
    text = record.text
    if kind == ContactKind.TRANSCRIPT:
        text = transcript_of(record, file_name)
        if not text:
            return None
    return ContactEvent(
        id=str(record.pk),
        kind=kind,
        timestamp=record.timestamp,
        direction=ContactDirection(record.direction),
        counterpart=record.counterpart,
        text=text,
        lender=record.lender,
        recipients=_recipients(record),
        received_by=received_by,
        time_known=time_known(meta),
    )


def conduct_events(*, case: Case) -> list[ContactEvent]:
    """The case's messages, calls and transcripts as detector input, oldest first.

    Lender tags are completed in memory as the import tags them today (`lender_tags`): records stored
    before a debt was added, or by an older version, get the tag their text and number association give
    now. Then the user's own tags (ledger entries, `conduct.tags`) decide for the numbers they name, and
    files the user says a third party received mark their records as received by that person. Nothing is
    written: the stored records never change.
    """
    records = EvidenceRecord.objects.filter(case=case, kind__in=list(_KINDS)).order_by("timestamp", "id")
    recordings = records.filter(kind=EvidenceRecord.Kind.RECORDING)
    file_names = dict(recordings.values_list("id", "source_file__original_name"))
    received = received_by_files(case=case)
    holders = {
        file_id: received[sha].holder
        for file_id, sha in EvidenceFile.objects.filter(case=case, sha256__in=list(received)).values_list(
            "id", "sha256"
        )
    }
    tagger = case_tagger(case.debts.values_list("id", "lender"))
    events: list[ContactEvent] = []
    rows: list[TagRow] = []
    for record in records.iterator(chunk_size=2000):
        event = _event(record, file_names.get(record.pk, ""), holders.get(record.source_file_id, ""))
        if event is None:
            continue
        outgoing = event.direction == ContactDirection.OUTGOING
        if not event.lender and not outgoing:
            tag = tagger.tag(record.counterpart, event.text, record.counterpart_name)
            if tag is not None:
                event = replace(event, lender=tag.lender[:100])
        events.append(event)
        rows.append(
            TagRow(int(event.id), event.counterpart, event.timestamp, event.lender, outgoing=outgoing)
        )
    associated = associate_by_number(rows)
    if associated:
        events = [
            replace(e, lender=associated[int(e.id)].lender[:100]) if int(e.id) in associated else e
            for e in events
        ]
    user_tags = user_lender_tags(case=case)
    if user_tags:
        events = [_user_tagged(e, user_tags) for e in events]
    return events


def _user_tagged(event: ContactEvent, tags: Mapping[str, Any]) -> ContactEvent:
    if not event.counterpart or event.direction == ContactDirection.OUTGOING:
        return event
    tag = tags.get(party_key(event.counterpart))
    return replace(event, lender=tag.lender[:100]) if tag is not None else event


def lender_aliases(*, case: Case) -> tuple[tuple[str, str], ...]:
    """(name as written, lender) for naming the lender an untagged number's content mentions: the case's
    debts, then the platform profiles (their names and SMS signatures), a profile a debt matches standing
    for that debt's lender."""
    from xieshang.knowledge import lenders as profiles

    debts = [name for name in case.debts.values_list("lender", flat=True) if name]
    by_profile: dict[str, str] = {}
    for name in debts:
        profile = profiles.match_lender(name)
        if profile is not None:
            by_profile.setdefault(profile.id, name)
    aliases = [(name, name) for name in debts]
    for profile in profiles.load_lender_profiles():
        if profile.kind != "platform":
            continue
        lender = by_profile.get(profile.id, profile.display_name)
        names = list(profile.names)
        if profile.sms_senders is not None:
            names += list(profile.sms_senders.value)
        aliases += [(n, lender) for n in names if len(n) >= 2]
    return tuple(dict.fromkeys(aliases))


def _context(
    *,
    case: Case,
    rules: ConductRules,
    borrower_numbers: Iterable[str],
    court_case_exists: bool,
    model: TextModel | None,
) -> tuple[ConductContext, tuple[str, ...]]:
    lenders = tuple(sorted({name for name in case.debts.values_list("lender", flat=True) if name}))
    given = (*phone_numbers(case.own_contacts or ()), *(n.strip() for n in borrower_numbers))
    numbers = tuple(dict.fromkeys(n for n in given if n))
    context = ConductContext(
        tz=ZoneInfo(rules.timezone),
        borrower_numbers=frozenset(numbers),
        court_case_exists=court_case_exists,
        lender_names=lenders,
        model=model,
        lender_aliases=lender_aliases(case=case),
    )
    return context, numbers


_DEFAULT = object()


def conduct_report(
    *,
    case: Case,
    user: Any = None,
    rules: ConductRules | None = None,
    borrower_numbers: Iterable[str] = (),
    court_case_exists: bool = False,
    thresholds: Mapping[str, int] | None = None,
    model: Any = _DEFAULT,
) -> ConductReport:
    """Findings over the case's evidence, per-lender counts and the weekday × hour heat map.

    `user` given: the case must be visible to them (else NotFoundError). The borrower's numbers enable the
    third-party check on group messages: the case's own phone numbers (`Case.own_contacts`) plus
    `borrower_numbers` (the CLI's `--own-number`, the page's `numbers`: added, never replacing them);
    `court_case_exists` silences the false-legal-process rule;
    `thresholds` overrides frequency thresholds by rule id (e.g. {"frequency.calls_per_day": 8});
    `model` is the text classifier (default: the shipped one; None: the rules alone).
    """
    if user is not None:
        case = case_get_for_user(user, pk=case.pk)
    rules = rules or load_conduct_rules()
    if thresholds:
        rules = rules.with_thresholds(thresholds)
    tz = ZoneInfo(rules.timezone)
    text_model: TextModel | None = load_conduct_model() if model is _DEFAULT else model
    events = conduct_events(case=case)
    context, numbers = _context(
        case=case,
        rules=rules,
        borrower_numbers=borrower_numbers,
        court_case_exists=court_case_exists,
        model=text_model,
    )
    findings = detect_conduct(events, rules, context)
    cited = {str(i) for f in findings for i in f.evidence_ids}
    machine = {}
    if any(e.kind == ContactKind.TRANSCRIPT for e in events):
        segments = EvidenceRecord.objects.filter(case=case, kind=EvidenceRecord.Kind.TRANSCRIPT)
        for rid, meta in segments.values_list("id", "meta").iterator(chunk_size=2000):
            if str(rid) in cited:
                machine[str(rid)] = float(meta.get("start") or 0) if isinstance(meta, dict) else 0.0
    return ConductReport(
        case=case.name,
        findings=findings,
        summary=summarize_conduct(events, findings, tz),
        records_checked=len(events),
        rules_version=rules.version,
        timezone=rules.timezone,
        court_case_exists=court_case_exists,
        borrower_numbers=numbers,
        disclaimer_zh=rules.disclaimer_zh,
        disclaimer_en=rules.disclaimer_en,
        model_version=text_model.version if text_model is not None else "",
        suggestions=suggest_lender_tags(events, rules, context),
        machine_offsets=machine,
    )


def conduct_evidence_index(report: ConductReport, *, case: Case) -> list[EvidenceItem]:
    """Every record the report's findings cite, oldest first, with its source file and position."""
    cited: dict[int, list[str]] = {}
    for finding in report.findings:
        for evidence_id in finding.evidence_ids:
            rules = cited.setdefault(int(evidence_id), [])
            if finding.rule not in rules:
                rules.append(finding.rule)
    records = (
        EvidenceRecord.objects.filter(case=case, pk__in=list(cited))
        .select_related("source_file")
        .order_by("timestamp", "id")
    )
    return [
        EvidenceItem(
            id=r.pk,
            kind=r.kind,
            timestamp=r.timestamp,
            direction=r.direction,
            counterpart=r.counterpart,
            lender=r.lender,
            text=r.text,
            source_file=r.source_file.original_name,
            source_sha256=r.source_file.sha256,
            position=r.position,
            rules=tuple(cited[r.pk]),
        )
        for r in records
    ]
