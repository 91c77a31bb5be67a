"""Issue 16: a letter to a lender lists its findings and the untagged numbers' findings whose content names
that lender or no lender — not those that name another lender."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from tests.unit.documents.e1_facts import e1_debt, e1_facts
from xieshang.documents.facts import FindingFacts
from xieshang.documents.fill import FillContext
from xieshang.documents.tables import relevant_findings

WHEN = datetime.fromisoformat("2026-03-02T23:30:00+08:00")


def _finding(lender: str, suspected: str = "") -> FindingFacts:
    return FindingFacts(
        rule="hours.night",
        severity="medium",
        confidence="unconfirmed",
        source="…",
        when=WHEN,
        detail=f"{lender or suspected or '?'}",
        lender=lender,
        suspected_lender=suspected,
        evidence_ids=("1",),
    )


def test_a_letter_keeps_its_lenders_and_the_untagged_that_name_it_or_nobody() -> None:
    debt = dataclasses.replace(e1_debt(), lender="360借条")
    findings = (
        _finding("360借条"),
        _finding("招联金融"),
        _finding("", "360借条"),
        _finding("", "招联金融"),
        _finding(""),
    )
    facts = dataclasses.replace(e1_facts(), debts=(debt,), findings=findings)
    kept = relevant_findings(FillContext(facts=facts, debt=debt, today=date(2026, 3, 3), extra={}))
    assert [(f.lender, f.suspected_lender) for f in kept] == [("360借条", ""), ("", "360借条"), ("", "")]
    # A letter about no particular debt keeps them all.
    everything = relevant_findings(FillContext(facts=facts, debt=None, today=date(2026, 3, 3), extra={}))
    assert len(everything) == 5
