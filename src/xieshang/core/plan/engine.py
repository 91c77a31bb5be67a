"""From the debt engine's assessment to the plan's inputs (the only module that knows both)."""

from __future__ import annotations

from xieshang.core.agreement_words import agreement_sentence
from xieshang.core.plan.options import AgreedPlan, DebtPosition, Payment
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
        method=a.terms.method,
        agreement=agreed_plan(a),
    )


def agreed_plan(a: DebtAssessment) -> AgreedPlan | None:
    """The latest agreement on D as the plan sees it: what is left of each agreed (or broken) instalment."""
    ag = a.agreement
    if ag is None:
        return None
    on = a.status.on
    left: list[Payment] = []
    for state in sorted(a.installments, key=lambda s: (s.due_date, s.n)):
        if state.unpaid <= 0:
            continue
        due = max(state.due_date, on)
        month = (due.year - on.year) * 12 + due.month - on.month
        left.append(Payment(month, due, state.unpaid))
    return AgreedPlan(
        date=ag.agreement.date,
        payments=tuple(left),
        regular_payment=ag.schedule[0].total,
        annual_rate=ag.agreement.annual_rate,
        installments_paid=ag.installments_paid,
        installments_total=ag.installments_total,
        waived=ag.waived,
        broken_on=ag.broken_on,
        breaks_after_days=ag.agreement.breaks_after_days,
        summary_zh=agreement_sentence(ag, "zh"),
        summary_en=agreement_sentence(ag, "en"),
    )
