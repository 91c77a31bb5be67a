"""The collection-conduct check over a stored case's evidence (service layer; detector in core.conduct).

conduct_report(*, case, user=None, ...) -> ConductReport   findings, per-lender counts, heat map
conduct_events(*, case) -> list[ContactEvent]              the case's evidence as detector input
conduct_evidence_index(report) -> list[EvidenceItem]        the records the findings cite (letters)

Also a Django app (the report page, `views.py`): the names above are imported lazily, so that loading
the app does not import models before the app registry is ready.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xieshang.conduct.service import (
        ConductReport,
        EvidenceItem,
        conduct_events,
        conduct_evidence_index,
        conduct_report,
    )

__all__ = ["ConductReport", "EvidenceItem", "conduct_events", "conduct_evidence_index", "conduct_report"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from xieshang.conduct import service

        return getattr(service, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
