"""APR by the IRR method: the PBoC 〔2021〕第3号 example, bullet loans by days, the realised XIRR."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from xieshang.core.apr import contract_apr, irr_apr, periodic_irr, xirr_rate
from xieshang.core.casefile import CaseFile
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
