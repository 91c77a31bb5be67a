"""The collection-conduct check over a stored case's evidence (service layer; detector in core.conduct).

conduct_report(*, case, user=None, ...) -> ConductReport   findings, per-lender counts, heat map
conduct_events(*, case) -> list[ContactEvent]              the case's evidence as detector input
conduct_evidence_index(report) -> list[EvidenceItem]        the records the findings cite (letters)
"""

from xieshang.conduct.service import (
    ConductReport,
    EvidenceItem,
    conduct_events,
    conduct_evidence_index,
    conduct_report,
)

__all__ = ["ConductReport", "EvidenceItem", "conduct_events", "conduct_evidence_index", "conduct_report"]
