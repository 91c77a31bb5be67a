"""Case facts of worked example E1 (spec calculations.md) with the figures the spec lists, for tests of
the filling and rendering that must not depend on the engine. The integration tests run the engine."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from xieshang.documents.facts import CaseFacts, DebtFacts, FlagFacts, ProposalFacts

E1_FIGURES = {
    "overdue_principal": D("6860.05"),
    "overdue_interest": D("474.35"),
    "overdue_fees": D("0.00"),
    "penalty_unpaid": D("325.68"),
    "late_fees_unpaid": D("0.00"),
    "total_due_now": D("7660.08"),
    "outstanding_principal": D("10446.37"),
    "payoff_now": D("11269.71"),
    "daily_penalty_now": D("5.52"),
    "paid_total": D("11001.60"),
}


def e1_debt(**changes: object) -> DebtFacts:
    values: dict[str, object] = dict(
        id="jt360",
        lender="360借条",
        lender_type="online_lender",
        principal=D("20000.00"),
        start_date=date(2026, 1, 15),
        method="equal_installment",
        term_months=12,
        term_days=None,
        annual_rate=D("0.18"),
        figures=E1_FIGURES,
        dpd=105,
        bucket="M4",
        in_grace=False,
        apr_simple=D("0.180001"),
        settlement_waiving_penalties=D("10944.03"),
        proposal=ProposalFacts(
            months=12,
            annual_rate=D("0"),
            base=D("10920.72"),
            monthly_payment=D("910.06"),
            total_payable=D("10920.72"),
        ),
    )
    values.update(changes)
    return DebtFacts(**values)  # type: ignore[arg-type]


def e1_facts(**changes: object) -> CaseFacts:
    values: dict[str, object] = dict(
        case_name="e1",
        borrower_name="李明",
        as_of=date(2026, 11, 28),
        monthly_income=D("5200.00"),
        monthly_essential_expenses=D("3600.00"),
        debts=(e1_debt(),),
        totals={"total_due_now": D("7660.08"), "payoff_now": D("11269.71")},
        hardships=("unemployment",),
        disposable_income=D("1600.00"),
        allocation_feasible=True,
    )
    values.update(changes)
    return CaseFacts(**values)  # type: ignore[arg-type]


OVER_36 = FlagFacts(
    code="over_36", value=D("0.420000"), threshold=D("0.36"), source="现金贷通知", confidence="quoted"
)
OVER_24 = FlagFacts(
    code="over_24",
    value=D("0.300000"),
    threshold=D("0.24"),
    source="法发〔2017〕22号",
    confidence="unconfirmed",
)
