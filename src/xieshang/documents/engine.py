"""From a case file to `CaseFacts`: run the debt engine (assess) and the plan (options, allocation) and keep
their figures as they are. The only module of `documents` that knows the engine's types."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from xieshang.core.casefile import CaseFile
from xieshang.core.money_figures import MONEY_FIGURES
from xieshang.documents.facts import (
    AgreementFacts,
    BudgetLine,
    CaseFacts,
    CitedRecordFacts,
    ContactFacts,
    DebtFacts,
    EvidenceFacts,
    FindingFacts,
    FlagFacts,
    ProposalFacts,
    ProvidedFacts,
)


def _label(section: str, category: str, label: str) -> str:
    if category != "unitemised":
        return label
    return "月净收入（未分项）" if section == "income" else "必要生活支出（未分项）"


def _agreement_facts(state: Any) -> AgreementFacts | None:
    """The engine's `AgreementStatus` (core/agreements.py) as plain facts."""
    if state is None:
        return None
    terms, schedule = state.agreement, state.schedule
    first = schedule[0]
    return AgreementFacts(
        agreed_on=terms.date,
        kind=terms.kind,
        amount=terms.amount,
        annual_rate=terms.annual_rate,
        months=len(schedule),
        first_payment=first.total,
        first_due=first.due_date,
        owed=state.owed,
        waived=state.waived,
        installments_paid=state.installments_paid,
        installments_total=state.installments_total,
        broken_on=state.broken_on,
        breaks_after_days=terms.breaks_after_days,
    )


def case_facts(
    case: CaseFile,
    on: date,
    *,
    case_name: str,
    evidence: Sequence[EvidenceFacts] = (),
    contacts: Sequence[ContactFacts] = (),
    findings: Sequence[FindingFacts] = (),
    cited: Sequence[CitedRecordFacts] = (),
    proofs: Mapping[str, tuple[str, ...]] | None = None,
    ledger_head: str = "",
    provided: Sequence[ProvidedFacts] = (),
) -> CaseFacts:
    """The facts of `case` on day `on`. `proofs` maps a budget section or category ("income",
    "expenditure", "health", …) to the evidence references that prove it."""
    from xieshang.figures import assess_and_plan

    assessment, plan = assess_and_plan(case, on)
    chosen = {d.position.id: o for d, o in zip(plan.debts, plan.chosen, strict=True)}
    settlements = {
        d.position.id: o.base
        for d in plan.debts
        for o in d.options
        if o.kind == "settlement_waiving_penalties"
    }
    debts = []
    for a in assessment.debts:
        terms, status = a.terms, a.status
        agreement = _agreement_facts(getattr(a, "agreement", None))
        # Under an agreement that holds, the letters state it: they never propose another plan.
        option = chosen.get(terms.id) if agreement is None or agreement.broken_on is not None else None
        proposal = None
        if option is not None and option.months:
            proposal = ProposalFacts(
                months=option.months,
                annual_rate=option.annual_rate if option.annual_rate is not None else terms.annual_rate,
                base=option.base,
                monthly_payment=option.monthly_payment,
                total_payable=option.total_payable,
                first_due=option.payments[0].due_date if option.payments else None,
            )
        debts.append(
            DebtFacts(
                id=terms.id,
                lender=terms.lender,
                lender_type=terms.lender_type,
                principal=terms.principal,
                start_date=terms.start_date,
                method=terms.method,
                term_months=terms.term_months,
                term_days=terms.term_days,
                annual_rate=terms.annual_rate,
                figures={name: getattr(status, name) for name in MONEY_FIGURES},
                dpd=status.dpd,
                bucket=status.bucket,
                in_grace=status.in_grace,
                apr_simple=a.contract_apr.simple if a.contract_apr else None,
                apr_compound=a.contract_apr.compound if a.contract_apr else None,
                legal_flags=tuple(
                    FlagFacts(f.code, f.value, f.threshold, f.source, f.confidence) for f in a.legal_flags
                ),
                settlement_waiving_penalties=settlements.get(terms.id),
                proposal=proposal,
                agreement=agreement,
            )
        )
    proofs = proofs or {}
    budget = tuple(
        BudgetLine(
            direction="income" if line.section == "income" else "expense",
            label=_label(line.section, line.category, line.label_zh),
            amount=line.amount,
            proofs=proofs.get(line.category) or proofs.get(line.section, ()),
        )
        for line in (*plan.statement.income, *plan.statement.expenditure)
    )
    totals = assessment.totals
    allocation = plan.allocation
    return CaseFacts(
        case_name=case_name,
        borrower_name=case.borrower.name,
        as_of=on,
        monthly_income=case.borrower.monthly_income,
        monthly_essential_expenses=case.borrower.monthly_essential_expenses,
        debts=tuple(debts),
        totals={
            "total_due_now": totals.total_due_now,
            "payoff_now": totals.payoff_now,
            "outstanding_principal": totals.outstanding_principal,
            "daily_penalty_now": totals.daily_penalty_now,
        },
        dependents=case.borrower.dependents,
        hardships=tuple(case.borrower.hardships),
        disposable_income=plan.statement.disposable_income,
        allocation_feasible=allocation.feasible if allocation else None,
        allocation_monthly_total=allocation.monthly_total if allocation else None,
        budget=budget,
        evidence=tuple(evidence),
        contacts=tuple(contacts),
        findings=tuple(findings),
        cited=tuple(cited),
        ledger_head=ledger_head,
        provided=tuple(provided),
    )
