"""From the debt engine's assessment to the plan's inputs (the only module that knows both)."""

from __future__ import annotations

from xieshang.core.plan.options import DebtPosition
from xieshang.core.status import DebtAssessment

WAIT_DAYS = 90


def position_from_assessment(a: DebtAssessment) -> DebtPosition:
    s = a.status
    waited = next((w.payoff for w in a.cost_of_waiting if w.days == WAIT_DAYS), None)
    return DebtPosition(
        id=a.terms.id,
        lender=a.terms.lender,
        lender_type=a.terms.lender_type,
        annual_rate=a.terms.annual_rate,
        outstanding_principal=s.outstanding_principal,
        overdue_interest=s.overdue_interest,
        overdue_fees=s.overdue_fees,
        penalty_unpaid=s.penalty_unpaid,
        late_fees_unpaid=s.late_fees_unpaid,
        payoff_now=s.payoff_now,
        daily_penalty_now=s.daily_penalty_now,
        payoff_after_90_days=waited,
        dpd=s.dpd,
    )
