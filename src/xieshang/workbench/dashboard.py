"""The dashboard: every case with what is owed now and what each day costs, the next actions and deadlines
(overdue first), instalments falling due in the next 7 days (即将逾期), agreements at risk."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from xieshang.cases.access import cases_visible_to
from xieshang.cases.figures import CaseFigures, case_assessment
from xieshang.cases.models import Case
from xieshang.negotiation.progress import next_actions as negotiation_actions
from xieshang.negotiation.selectors import (
    agreements_at_risk,
    case_reads,
    checklists_read,
    evidence_records_counted,
    reads_shared,
    upcoming_payments,
)
from xieshang.workbench.steps import Step, case_steps, next_actions

DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class DueSoon:
    """A contract instalment (or an agreed payment) not yet paid, due within the next days."""

    case: Case
    lender: str
    due_date: date
    amount: Any  # unpaid amount (contract instalment) or the agreed amount
    days_left: int
    kind: str  # contract · agreed


@dataclass(frozen=True)
class Action:
    text: str
    due: date | None
    overdue: bool
    url: str


@dataclass
class CaseCard:
    case: Case
    figures: CaseFigures
    steps_done: int
    actions: list[Action] = field(default_factory=list)


def _contract_due_soon(case: Case, figures: CaseFigures, today: date) -> list[DueSoon]:
    """Instalments due from the evaluation day to 7 days later with something unpaid: the contract's, or an
    agreement's that is known only from the case file."""
    if not figures.ok:
        return []
    out = []
    horizon = today + timedelta(days=DUE_SOON_DAYS)
    # A debt whose agreement was recorded on the negotiation pages lists its agreed payments there (below):
    # the engine's instalments of that debt are the same payments and are not listed twice.
    recorded = {d.key for d in case.debts.all() if d.agreements.all()}
    for debt in figures.result.debts:
        kind = "contract" if debt.agreement is None else "agreed"
        if kind == "agreed" and debt.terms.id in recorded:
            continue
        for inst in debt.installments:
            if getattr(inst, "cancelled", False) or not today <= inst.due_date <= horizon:
                continue
            if inst.unpaid_contract > 0:
                out.append(
                    DueSoon(
                        case,
                        debt.terms.lender,
                        inst.due_date,
                        inst.unpaid_contract,
                        (inst.due_date - today).days,
                        kind,
                    )
                )
    return out


def _case_actions(case: Case, steps: list[Step], today: date) -> list[Action]:
    actions = [Action(a.text, a.due, a.overdue, a.url) for a in negotiation_actions(case, today=today)]
    if not actions:
        actions = [Action(s.next_action, None, False, s.link) for s in next_actions(steps, limit=2)]
    return actions[:4]


@dataclass
class Dashboard:
    today: date
    cards: list[CaseCard]
    due_soon: list[DueSoon]
    at_risk: list[Any]
    overdue_actions: list[tuple[Case, Action]]


def dashboard_for(user: Any, today: date | None = None) -> Dashboard:
    with reads_shared():
        return _dashboard(user, today)


def _dashboard(user: Any, today: date | None) -> Dashboard:
    today = today or timezone.localdate()
    cards, due_soon = [], []
    # Every read of every case in a constant number of queries (no query per case): debts, payments,
    # contacts, offers, agreements (case_reads), the evidence count (annotated), the checklists.
    cases = list(evidence_records_counted(cases_visible_to(user)))
    case_reads(cases)
    checklists_read(cases)
    for case in cases:
        figures = case_assessment(case)
        steps = case_steps(case, figures, today)
        cards.append(
            CaseCard(
                case, figures, sum(1 for s in steps if s.state == "done"), _case_actions(case, steps, today)
            )
        )
        due_soon.extend(_contract_due_soon(case, figures, figures.as_of))
    at_risk: list[Any] = agreements_at_risk(user, today=today, cases=cases)
    for p in upcoming_payments(user, days=DUE_SOON_DAYS, today=today, cases=cases):
        due_soon.append(
            DueSoon(
                p.agreement.case,
                p.agreement.lender_name,
                p.due_date,
                p.amount,
                (p.due_date - today).days,
                "agreed",
            )
        )
    due_soon.sort(key=lambda d: (d.due_date, d.case.name))
    overdue = [(c.case, a) for c in cards for a in c.actions if a.overdue]
    # Cases with overdue actions first, then the ones costing most per day.
    cards.sort(key=lambda c: (not any(a.overdue for a in c.actions), -_daily(c.figures), c.case.name))
    return Dashboard(today, cards, due_soon, at_risk, overdue)


def _daily(figures: CaseFigures) -> Any:
    return figures.result.totals.daily_penalty_now if figures.ok else 0
