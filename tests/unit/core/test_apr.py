"""APR by the IRR method: the PBoC 〔2021〕第3号 example, bullet loans by days, the realised XIRR."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from xieshang.core.apr import contract_apr, irr_apr, periodic_irr, xirr_rate
from xieshang.core.casefile import CaseFile, Payment
from xieshang.core.schedule import contract_schedule

D = Decimal


def test_pboc_example() -> None:
    apr = irr_apr([D(-99000)] + [D("8833.30")] * 12)
    assert apr is not None
    assert (apr.periodic * 100).quantize(D("0.000001")) == D("1.066983")
    assert apr.simple == D("0.128038")
    assert apr.compound == D("0.135826")


def test_irr_zero_and_undefined() -> None:
    assert periodic_irr([D(-300), D(100), D(100), D(100)]) == 0
    assert periodic_irr([D(100), D(100)]) is None
    assert irr_apr([D(-1)]) is None


def test_bullet_by_days(e1: CaseFile) -> None:
    terms = replace(e1.debts[0], method="bullet", term_months=None, term_days=30, upfront_fee=D("1000"))
    schedule = contract_schedule(terms)
    apr = contract_apr(terms, schedule)
    assert apr is not None
    # received 19,000; pays 20,000 + q(20,000 × 0.18 × 30/360) = 20,300 → cost 1,300.
    ratio = D(1300) / D(19000)
    assert apr.simple == (ratio * 365 / 30).quantize(D("0.000001"))
    assert apr.compound == D("1.237173")  # (1 + 1300/19000)^(365/30) − 1 = 1.2371734… (float check)


def test_upfront_fee_raises_the_apr(e1: CaseFile) -> None:
    terms = replace(e1.debts[0], upfront_fee=D("2000"))
    plain = contract_apr(e1.debts[0], contract_schedule(e1.debts[0]))
    cut = contract_apr(terms, contract_schedule(terms))
    assert plain is not None and cut is not None and cut.simple > D("0.36") > plain.simple


def test_xirr_one_year_at_ten_percent() -> None:
    rate = xirr_rate([(date(2025, 1, 1), D(-1000)), (date(2026, 1, 1), D(1100))])
    assert rate == D("0.100000")
    assert xirr_rate([(date(2025, 1, 1), D(1000))]) is None


def test_realised_cost_includes_the_penalties() -> None:
    """10,000 for a year at 10 % (bullet). Paid on the due date: the realised cost is exactly 10 %.
    Unpaid for a further year: 365 days of penalty at q(11,000 × 0.15 / 360) = 4.58 are added, and the
    realised cost over the two years (730 days) is (12,671.70 / 10,000)^(1/2) − 1."""
    from xieshang.core.casefile import parse_case_data
    from xieshang.core.status import assess_debt
    from xieshang.knowledge.lpr import load_lpr
    from xieshang.knowledge.rules import load_rules

    item = {
        "id": "b",
        "lender": "L",
        "lender_type": "bank",
        "principal": "10000",
        "annual_rate": "0.10",
        "method": "bullet",
        "term_months": 12,
        "start_date": date(2025, 1, 1),
    }
    borrower = {"name": "x", "monthly_income": "1", "monthly_essential_expenses": "1"}
    unpaid = parse_case_data({"borrower": borrower, "debts": [item]}).debts[0]
    paid = replace(unpaid, payments=(Payment(date(2026, 1, 1), D("11000")),))
    knowledge = (load_lpr(), load_rules())
    assert assess_debt(paid, date(2026, 6, 1), *knowledge).realised_apr == D("0.100000")
    late = assess_debt(unpaid, date(2027, 1, 1), *knowledge)
    assert late.status.payoff_now == D("11000") + 365 * D("4.58") == D("12671.70")
    expected = (D("12671.70") / D("10000")).sqrt() - 1
    assert late.realised_apr == expected.quantize(D("0.000001"))
    assert late.contract_apr is not None and late.realised_apr > late.contract_apr.compound


def test_fee_installment_costs_close_to_twice_its_nominal_rate() -> None:
    """等本等费 12,000 over 12 months at 0.6 % a month (nominal 7.2 %): 12 × (1,000.00 + 72.00); the IRR
    solves 1,072 × (1 − (1 + r)^−12) / r = 12,000 → r = 1.0861853568 % a month, 13.0342 % a year."""
    from tests.property.strategies import to_terms

    terms = to_terms(
        {
            "id": "d",
            "lender": "L",
            "lender_type": "bank",
            "principal": "12000.00",
            "annual_rate": "0.072",
            "method": "fee_installment",
            "term_months": 12,
            "start_date": date(2026, 1, 15),
        }
    )
    rows = contract_schedule(terms)
    assert {r.total for r in rows} == {Decimal("1072.00")}
    apr = contract_apr(terms, rows)
    assert apr is not None and apr.simple == Decimal("0.130342") and apr.compound == Decimal("0.138418")
    assert apr.simple > Decimal("1.8") * terms.annual_rate
