"""What real users hit: dates before the start, payments after D, repaid loans, credit, bullets by days,
acceleration, penalty base, late fees, grace, daily rates, a case with no debts."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from tests.property.strategies import to_terms
from xieshang.core.casefile import CaseFile, DebtTerms, Payment
from xieshang.core.lpr import LprTable
from xieshang.core.rules import RuleBook
from xieshang.core.status import DebtAssessment, assess_case, assess_debt, bucket

D = Decimal
K = tuple[LprTable, RuleBook]


def run(terms: DebtTerms, on: date, knowledge: K) -> DebtAssessment:
    return assess_debt(terms, on, *knowledge)


def test_buckets() -> None:
    assert [bucket(d) for d in (0, 1, 30, 31, 60, 61, 180, 181)] == [
        "M0",
        "M1",
        "M1",
        "M2",
        "M2",
        "M3",
        "M6",
        "M7+",
    ]


def test_before_the_start(e1: CaseFile, knowledge: K) -> None:
    a = run(e1.debts[0], date(2026, 1, 1), knowledge)
    s = a.status
    assert s.total_due_now == 0 and s.dpd == 0 and s.paid_total == 0
    assert s.outstanding_principal == D("20000.00") and s.payoff_now == D("20000.00")
    assert len(a.ignored_payments) == 6 and a.realised_apr is None


def test_payments_after_d_are_ignored_and_reported(e1: CaseFile, knowledge: K) -> None:
    a = run(e1.debts[0], date(2026, 5, 20), knowledge)
    assert [p.date for p in a.ignored_payments] == [date(2026, 6, 17), date(2026, 7, 15)]
    assert a.status.paid_total == 4 * D("1833.60") and a.status.dpd == 0


def test_in_grace(e1: CaseFile, knowledge: K) -> None:
    a = run(e1.debts[0], date(2026, 6, 17), knowledge)  # the payment of 06-17 counts on 06-17
    assert a.status.dpd == 0
    b = run(replace(e1.debts[0], payments=e1.debts[0].payments[:4]), date(2026, 6, 17), knowledge)
    s = b.status
    assert (s.dpd, s.in_grace, s.penalty_unpaid) == (2, True, 0)  # provisional penalty is not yet owed
    assert b.installments[4].provisional_penalty == 2 * D("1.38")
    # 06-18 is the last day of grace (in_grace by the spec's definition), but at the end of that day the
    # grace period is over: the provisional penalty of its three days is owed.
    c = run(replace(e1.debts[0], payments=e1.debts[0].payments[:4]), date(2026, 6, 18), knowledge)
    assert c.status.penalty_unpaid == 3 * D("1.38") and c.status.in_grace
    d = run(replace(e1.debts[0], payments=e1.debts[0].payments[:4]), date(2026, 6, 19), knowledge)
    assert d.status.penalty_unpaid == 4 * D("1.38") and not d.status.in_grace


def test_fully_repaid_and_overpaid(e1: CaseFile, knowledge: K) -> None:
    terms = replace(e1.debts[0], payments=(Payment(date(2026, 2, 1), D("25000")),))
    a = run(terms, date(2026, 11, 28), knowledge)
    s = a.status
    assert s.payoff_now == s.total_due_now == s.outstanding_principal == 0 and s.dpd == 0
    total = sum(r.total for r in a.schedule)
    assert a.credit == D("25000") - total
    assert all(w.payoff == 0 for w in a.cost_of_waiting)


def test_bullet_by_days_overdue_with_late_fee(e1: CaseFile, knowledge: K) -> None:
    terms = replace(
        e1.debts[0],
        method="bullet",
        term_months=None,
        term_days=30,
        grace_days=0,
        payments=(),
        late_fee_fixed=D("50"),
        late_fee_percent=D("0.01"),
        principal=D("1000.00"),
    )
    a = run(terms, date(2026, 2, 24), knowledge)  # due 2026-02-14, 10 days overdue
    s = a.status
    assert a.schedule[0].total == D("1015.00")  # 1000 + 1000 × 0.0005 × 30
    assert s.dpd == 10 and s.late_fees_unpaid == D("60.15")  # 50 + 1 % × 1,015.00
    assert s.penalty_unpaid == 10 * D("0.76")  # q(1015 × 0.27 / 360) = q(0.76125)
    assert s.payoff_now == s.total_due_now == D("1015.00") + D("60.15") + D("7.60")


def test_penalty_on_principal_only(e1: CaseFile, knowledge: K) -> None:
    terms = replace(e1.debts[0], penalty_base="principal", payments=())
    s = run(terms, date(2026, 3, 15), knowledge).status  # instalment 1 overdue 28 days, grace 3
    assert s.penalty_unpaid == 28 * D("1.15")  # q(1533.60 × 0.27 / 360) = q(1.1502)


def test_acceleration(e1: CaseFile, knowledge: K) -> None:
    terms = replace(e1.debts[0], acceleration_after_days=30, payments=())
    a = run(terms, date(2026, 4, 1), knowledge)
    # Instalment 1 (due 02-15) is 31 days past due on 03-18: everything due after 03-18 becomes one instalment.
    assert a.accelerated_on == date(2026, 3, 18)
    s = a.status
    assert s.outstanding_principal == D("20000.00")
    assert (
        s.overdue_principal == D("20000.00")
        and s.not_yet_due_principal == 0
        and s.payoff_now == s.total_due_now
    )
    assert s.overdue_interest == D("300.00") + D("277.00")  # the interest of later instalments is cancelled
    assert not s.in_grace and s.dpd == 45


def test_daily_rate_is_resolved(e1: CaseFile) -> None:
    assert e1.debts[0].annual_rate == D("0.0005") * 360


def test_zero_debts(e1: CaseFile, knowledge: K) -> None:
    result = assess_case(replace(e1, debts=()), date(2026, 11, 28), *knowledge)
    assert result.debts == () and result.totals.payoff_now == 0


def test_a_payment_that_prevents_acceleration_can_raise_the_payoff(knowledge: K) -> None:
    """Why "an extra payment never increases what is owed" is a property only without acceleration
    (docs/calculations.md): paying the last fen of instalment 1 prevents the acceleration, so the current
    period's interest comes back into the payoff."""
    terms = to_terms(
        {
            "id": "d",
            "lender": "L",
            "lender_type": "bank",
            "principal": "3993.58",
            "annual_rate": "0.0218",
            "method": "interest_first",
            "term_months": 2,
            "start_date": date(2024, 1, 1),
            "acceleration_after_days": 15,
            "payments": [{"date": date(2024, 1, 2), "amount": "7.25"}],
        }
    )
    on = date(2024, 2, 17)
    short = run(terms, on, knowledge)
    paid_up = run(
        replace(terms, payments=(*terms.payments, Payment(date(2024, 1, 2), D("0.01")))), on, knowledge
    )
    assert short.accelerated_on == date(2024, 2, 17) and paid_up.accelerated_on is None
    # Accelerated: 0.01 of instalment 1 and the whole principal are due; no interest of the current period.
    assert short.status.payoff_now == D("3993.58") + D("0.01")
    # Not accelerated: the principal is due 03-01 and 16 days of interest are added.
    assert paid_up.status.accrued_days == 16
    assert paid_up.status.payoff_now == D("3993.58") + (D("3993.58") * D("0.0218") / 360 * 16).quantize(
        D("0.01")
    )
    assert paid_up.status.payoff_now > short.status.payoff_now


def test_a_loan_not_yet_started_says_so(e1: CaseFile, knowledge: K) -> None:
    before = run(e1.debts[0], date(2026, 1, 14), knowledge)
    on_the_day = run(e1.debts[0], date(2026, 1, 15), knowledge)
    assert not before.status.started and on_the_day.status.started
