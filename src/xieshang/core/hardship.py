"""The hardship and evidence checklist: which documents support each reason a borrower cannot pay as agreed,
and how complete a case's file is.

Pure: the checklist (loaded from `knowledge/hardship.toml`), the case's reasons, the document types the
case's evidence already holds and the items ticked by hand go in; a `ChecklistStatus` comes out.
A requirement is met by ANY of its documents (e.g. 失业证明 or 离职证明); completeness counts the
required requirements of the case's reasons plus the financial proof every case needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HARDSHIP_REASONS = ("unemployment", "illness", "family", "income_drop", "disaster", "other")
COMMON_SECTION = "financial"  # always applies


@dataclass(frozen=True)
class ChecklistDocument:
    key: str  # also the evidence `doc_type` that satisfies it
    name_zh: str
    name_en: str
    where_zh: str = ""
    where_en: str = ""

    def name(self, lang: str = "zh") -> str:
        return self.name_en if lang.startswith("en") else self.name_zh

    def where(self, lang: str = "zh") -> str:
        return self.where_en if lang.startswith("en") else self.where_zh


@dataclass(frozen=True)
class Requirement:
    key: str
    name_zh: str
    name_en: str
    required: bool
    documents: tuple[ChecklistDocument, ...]

    def name(self, lang: str = "zh") -> str:
        return self.name_en if lang.startswith("en") else self.name_zh


@dataclass(frozen=True)
class ChecklistSection:
    key: str  # a hardship reason, or "financial"
    name_zh: str
    name_en: str
    requirements: tuple[Requirement, ...]

    def name(self, lang: str = "zh") -> str:
        return self.name_en if lang.startswith("en") else self.name_zh


@dataclass(frozen=True)
class Checklist:
    version: str
    sections: tuple[ChecklistSection, ...]

    def section(self, key: str) -> ChecklistSection | None:
        return next((s for s in self.sections if s.key == key), None)

    def document_keys(self) -> frozenset[str]:
        return frozenset(d.key for s in self.sections for r in s.requirements for d in r.documents)


@dataclass(frozen=True)
class RequirementStatus:
    requirement: Requirement
    met_by: tuple[str, ...]  # document keys present (evidence or ticked)

    @property
    def met(self) -> bool:
        return bool(self.met_by)


@dataclass(frozen=True)
class SectionStatus:
    section: ChecklistSection
    requirements: tuple[RequirementStatus, ...]

    @property
    def complete(self) -> bool:
        return all(r.met for r in self.requirements if r.requirement.required)


@dataclass(frozen=True)
class ChecklistStatus:
    sections: tuple[SectionStatus, ...]
    unknown_reasons: tuple[str, ...]

    @property
    def required_total(self) -> int:
        return sum(1 for s in self.sections for r in s.requirements if r.requirement.required)

    @property
    def required_met(self) -> int:
        return sum(1 for s in self.sections for r in s.requirements if r.requirement.required and r.met)

    @property
    def percent(self) -> int:
        """Share of required items present, 0–100, rounded half-up (100 when nothing is required)."""
        if self.required_total == 0:
            return 100
        share = Decimal(100 * self.required_met) / Decimal(self.required_total)
        return int(share.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def complete(self) -> bool:
        return self.required_met == self.required_total

    def missing(self) -> list[Requirement]:
        return [
            r.requirement
            for s in self.sections
            for r in s.requirements
            if r.requirement.required and not r.met
        ]


def checklist_status(
    checklist: Checklist,
    *,
    reasons: Iterable[str],
    present: Iterable[str] = (),
    ticked: Iterable[str] = (),
) -> ChecklistStatus:
    """The case's checklist: the financial section first, then one section per reason (in checklist order)."""
    wanted = list(dict.fromkeys(reasons))
    known = {s.key for s in checklist.sections}
    have = set(present) | set(ticked)
    sections: list[SectionStatus] = []
    for section in checklist.sections:
        if section.key != COMMON_SECTION and section.key not in wanted:
            continue
        reqs = tuple(
            RequirementStatus(r, tuple(d.key for d in r.documents if d.key in have))
            for r in section.requirements
        )
        sections.append(SectionStatus(section, reqs))
    sections.sort(key=lambda s: s.section.key != COMMON_SECTION)
    unknown = tuple(r for r in wanted if r not in known or r == COMMON_SECTION)
    return ChecklistStatus(sections=tuple(sections), unknown_reasons=unknown)
