"""The figures of a case: the pure engines fed with the knowledge data (LPR table, rules, lender profiles).

One door for every caller — the CLI, the web pages, the API and the documents — so they always show the
same numbers. No Django here: a stored case is turned into a `CaseFile` first (`cases.casefile_io`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xieshang.core.casefile import CaseFile
    from xieshang.core.plan.build import Plan
    from xieshang.core.status import CaseAssessment


def assess(case: CaseFile, on: date) -> CaseAssessment:
    """What is owed on `on`, per debt and in total, with APRs and legal flags (`xieshang assess`)."""
    from xieshang.core.status import assess_case
    from xieshang.knowledge.lpr import load_lpr
    from xieshang.knowledge.rules import load_rules

    return assess_case(case, on, load_lpr(), load_rules())


def assess_and_plan(case: CaseFile, on: date) -> tuple[CaseAssessment, Plan]:
    """The assessment and, built on it, the negotiation plan (`xieshang plan`)."""
    from xieshang.core.plan.build import build_plan
    from xieshang.core.plan.engine import position_from_assessment
    from xieshang.core.status import assess_case
    from xieshang.knowledge.lenders import lender_policy
    from xieshang.knowledge.lpr import load_lpr
    from xieshang.knowledge.rules import load_rules

    rules = load_rules()
    assessment = assess_case(case, on, load_lpr(), rules)
    plan = build_plan(
        on,
        [position_from_assessment(a) for a in assessment.debts],
        monthly_income=case.borrower.monthly_income,
        monthly_essential_expenses=case.borrower.monthly_essential_expenses,
        budget=case.budget,
        dependents=case.borrower.dependents,
        policies={d.id: lender_policy(d.lender, d.lender_type) for d in case.debts},
        rules=rules,
    )
    return assessment, plan


def plan(case: CaseFile, on: date) -> Plan:
    return assess_and_plan(case, on)[1]
