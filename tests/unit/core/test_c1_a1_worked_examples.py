"""Worked examples C1 (a credit card) and A1 (E1 plus an agreement) of spec/calculations.md: every figure
to the fen, rates to the 6th decimal, through the engine and through the JSON the CLI prints."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from tests.property.oracle import oracle_replay, oracle_revolving
from xieshang.core.assessment_json import assessment_to_json
from xieshang.core.casefile import CaseFile
from xieshang.core.lpr import LprTable
from xieshang.core.rules import RuleBook
from xieshang.core.status import assess_case

D = Decimal


def test_c1(c1: CaseFile, knowledge: tuple[LprTable, RuleBook]) -> None:
    assert c1.as_of == date(2026, 11, 28)
    result = assess_case(c1, c1.as_of, *knowledge)
    a = result.debts[0]
    s = a.status
    assert a.card is not None and a.agreement is None and a.schedule == ()
    st = a.card.statements
    assert [x.date for x in st] == [date(2026, 8, 5), date(2026, 9, 5), date(2026, 10, 5), date(2026, 11, 5)]
    assert [x.due_date for x in st] == [
        date(2026, 8, 25),
        date(2026, 9, 25),
        date(2026, 10, 25),
        date(2026, 11, 25),
    ]
    assert [x.minimum for x in st] == [D("2000.00"), D("2410.00"), D("2309.55"), D("2730.38")]
    assert [x.late_fee for x in st] == [D("100.00"), D("70.50"), D("115.48"), D("136.52")]
    assert a.card.interest_free is False  # nothing paid in statement 0's window: 全额计息
    # Interest billed on 09-05: 31 days × 10.00 (08-06 … 09-05), paid by the 1,000.00 of 09-20 after the
    # 100.00 late fee; 590.00 went to principal.
    assert s.outstanding_principal == s.overdue_principal == D("19410.00") == D("20000.00") - D("590.00")
    assert s.overdue_interest == D("603.40") and s.overdue_fees == 0
    assert s.late_fees_unpaid == D("322.50") == D("70.50") + D("115.48") + D("136.52")
    assert s.penalty_unpaid == 0
    assert s.total_due_now == D("20335.90")
    assert s.accrued_interest == D("230.23") == 23 * D("10.01")
    assert s.payoff_now == D("20566.13")
    assert s.minimum_payment_due == D("2730.38")
    assert (s.dpd, s.bucket, s.in_grace) == (95, "M4", False)
    assert s.daily_penalty_now == D("10.01")
    assert a.contract_apr is not None
    assert (a.contract_apr.simple, a.contract_apr.compound) == (D("0.182500"), D("0.200159"))
    assert a.legal_flags == ()
    debt = assessment_to_json(result)["debts"][0]
    assert debt["schedule"] == [] and debt["agreement"] is None and debt["legal_flags"] == []
    assert debt["minimum_payment_due"] == "2730.38" and debt["payoff_now"] == "20566.13"
    assert debt["contract_apr"] == {"simple": "0.182500", "compound": "0.200159"}
    slow = assess_case(c1, c1.as_of, *knowledge, engine=oracle_replay, revolving_engine=oracle_revolving)
    assert slow == result


def test_c1_day_by_day_before_the_payment(c1: CaseFile, knowledge: tuple[LprTable, RuleBook]) -> None:
    """On 09-05, before any payment: 23 provisional days moved to accrued at the window's end, 8 more days,
    all billed on the statement: I = 310.00, L = 100.00, minimum 2,410.00."""
    a = assess_case(c1, date(2026, 9, 5), *knowledge).debts[0]
    s = a.status
    assert s.overdue_interest == D("310.00") and s.late_fees_unpaid == D("100.00")
    assert s.minimum_payment_due == D("2410.00") and s.accrued_interest == 0
    assert s.dpd == 11 and s.bucket == "M1"  # due 08-25, minimum 2,000.00 not reached


def test_a1(a1: CaseFile, knowledge: tuple[LprTable, RuleBook]) -> None:
    assert a1.as_of == date(2027, 2, 10)
    result = assess_case(a1, a1.as_of, *knowledge)
    a = result.debts[0]
    s, ag = a.status, a.agreement
    assert ag is not None
    # owed = E1's payoff_now on 12-01: 6,860.05 + 474.35 + 342.24 (325.68 + 3 × 5.52) + 3,586.32 + 28.69
    assert ag.owed == D("11291.65") == D("6860.05") + D("474.35") + D("342.24") + D("3586.32") + D("28.69")
    assert ag.waived == D("370.93") == ag.owed - D("10920.72")
    assert ag.broken_on is None
    assert [r.total for r in ag.schedule] == [D("910.06")] * 12
    assert ag.schedule[0].due_date == date(2027, 1, 1) and ag.schedule[-1].due_date == date(2027, 12, 1)
    assert (ag.installments_paid, ag.installments_total) == (1, 12)
    assert ag.apr is not None and ag.apr.simple == 0 and ag.apr.compound == 0
    assert s.outstanding_principal == D("10010.66")
    assert s.overdue_principal == D("910.06")
    assert s.penalty_unpaid == 0 and s.late_fees_unpaid == 0
    assert s.total_due_now == D("910.06") and s.payoff_now == D("10010.66")
    assert (s.dpd, s.bucket, s.in_grace) == (9, "M1", False)
    assert s.daily_penalty_now == 0 and s.minimum_payment_due is None
    # The contract stays E1's.
    assert a.contract_apr is not None and a.contract_apr.simple == D("0.180001")
    assert a.legal_flags == () and len(a.schedule) == 12 and a.schedule[0].principal == D("1533.60")
    debt = assessment_to_json(result)["debts"][0]
    assert debt["minimum_payment_due"] is None
    assert debt["agreement"] == {
        "date": "2026-12-01",
        "kind": "installments",
        "amount": "10920.72",
        "owed": "11291.65",
        "waived": "370.93",
        "broken_on": None,
        "schedule": debt["agreement"]["schedule"],
        "instalments_paid": 1,
        "instalments_total": 12,
        "apr": {"simple": "0.000000", "compound": "0.000000"},
        "breaks_after_days": 0,
        "penalty_annual_rate": "0.000000",
    }
    assert debt["agreement"]["schedule"][11] == {
        "n": 12,
        "due_date": "2027-12-01",
        "principal": "910.06",
        "interest": "0.00",
        "fee": "0.00",
        "total": "910.06",
    }
    slow = assess_case(a1, a1.as_of, *knowledge, engine=oracle_replay, revolving_engine=oracle_revolving)
    assert slow == result


def test_a1_on_its_date_owes_the_agreed_amount(a1: CaseFile, knowledge: tuple[LprTable, RuleBook]) -> None:
    a = assess_case(a1, date(2026, 12, 1), *knowledge).debts[0]
    assert a.agreement is not None and a.agreement.owed == D("11291.65")
    assert a.status.payoff_now == D("10920.72") and a.status.dpd == 0 and a.status.total_due_now == 0
    before = assess_case(a1, date(2026, 11, 30), *knowledge).debts[0]
    assert before.agreement is None and before.status.dpd == 107 and before.status.penalty_unpaid > 0
