"""`evidence_verify`: re-hash every stored object, walk the ledger chain, cross-check rows and anchors."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from xieshang.evidence import store
from xieshang.evidence.ledger import chain_problems
from xieshang.evidence.models import Anchor, EvidenceFile, EvidenceRecord, LedgerEntry


@dataclass(frozen=True)
class Problem:
    kind: str  # "file" | "ledger" | "record" | "anchor"
    item: str
    detail: str

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "item": self.item, "detail": self.detail}


@dataclass
class VerifyReport:
    files_checked: int = 0
    ledger_entries: int = 0
    anchors_checked: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "files_checked": self.files_checked,
            "ledger_entries": self.ledger_entries,
            "anchors_checked": self.anchors_checked,
            "problems": [p.as_json() for p in self.problems],
        }


def _ledger(report: VerifyReport) -> set[tuple[str, str]]:
    """Check the chain; return the (case, file sha) pairs the import entries vouch for."""
    vouched: set[tuple[str, str]] = set()

    def entries() -> Any:
        for entry in LedgerEntry.objects.order_by("seq").iterator(chunk_size=2000):
            report.ledger_entries += 1
            if entry.kind == LedgerEntry.Kind.IMPORT:
                try:
                    data = json.loads(entry.payload).get("data", {})
                    vouched.add((entry.case_name, data.get("file", "")))
                    vouched.update((entry.case_name, sha) for sha in data.get("attachments", []))
                except (ValueError, AttributeError):
                    pass
            yield entry

    for problem in chain_problems(entries()):
        report.problems.append(Problem("ledger", f"ledger #{problem.seq}", problem.detail))
    return vouched


def _files(report: VerifyReport, vouched: set[tuple[str, str]]) -> None:
    checked: dict[str, str] = {}
    rows = EvidenceFile.objects.select_related("case").order_by("id")
    for file in rows.iterator(chunk_size=2000):
        item = f"{file.case.name}/{file.original_name} ({file.sha256})"
        if file.sha256 not in checked:
            try:
                checked[file.sha256] = store.object_check(file.sha256, file.size)
            except ValueError:
                checked[file.sha256] = "the recorded hash is not a SHA-256 digest"
        if checked[file.sha256]:
            report.problems.append(Problem("file", item, checked[file.sha256]))
        if (file.case.name, file.sha256) not in vouched:
            report.problems.append(Problem("file", item, "no import entry in the ledger for this file"))
    report.files_checked = len(checked)


def _records(report: VerifyReport) -> None:
    orphans = EvidenceRecord.objects.filter(
        ~Q(source_file_id__in=EvidenceFile.objects.values("id")) | Q(source_file_id__isnull=True)
    ).values_list("id", "case_id", "position")[:100]
    for rid, case_id, position in orphans:
        report.problems.append(
            Problem("record", f"record {rid} (case {case_id}, {position})", "its source file is missing")
        )


def _anchors(report: VerifyReport) -> None:
    from xieshang.evidence.tsa import anchor_problem

    for anchor in Anchor.objects.select_related("entry").order_by("id"):
        report.anchors_checked += 1
        detail = anchor_problem(anchor)
        if detail:
            report.problems.append(
                Problem("anchor", f"anchor {anchor.pk} (ledger #{anchor.entry.seq})", detail)
            )


def evidence_verify() -> VerifyReport:
    """Everything that could betray tampering or loss, each named. `ok` only if nothing is found."""
    report = VerifyReport()
    vouched = _ledger(report)
    _files(report, vouched)
    _records(report)
    _anchors(report)
    return report
