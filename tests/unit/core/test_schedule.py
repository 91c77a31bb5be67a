"""Contract schedules by method; due dates clamped from the start date each time."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from xieshang.core.casefile import CaseFile
from xieshang.core.dates import add_months
from xieshang.core.schedule import contract_schedule, equal_installment_schedule

D = Decimal


def test_add_months_clamps_from_the_start_each_time() -> None:
    start = date(2026, 1, 31)
    assert [add_months(start, k) for k in range(1, 5)] == [
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
        date(2026, 5, 31),
    ]
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)


def test_e1_first_and_last_installment(e1: CaseFile) -> None:
    rows = contract_schedule(e1.debts[0])
    assert (rows[0].principal, rows[0].interest, rows[0].total) == (D("1533.60"), D("300.00"), D("1833.60"))
    assert rows[-1].due_date == date(2027, 1, 15)
    assert (rows[-1].principal, rows[-1].interest) == (D("1806.51"), D("27.10"))
    assert sum(r.principal for r in rows) == D("20000.00")


def test_equal_principal_interest_first_bullet(e1: CaseFile) -> None:
    base = replace(e1.debts[0], fee_per_installment=D("10"))
    ep = contract_schedule(replace(base, method="equal_principal"))
    assert ep[0].principal == D("1666.67") and ep[0].interest == D("300.00") and ep[0].fee == D("10.00")
    assert ep[-1].principal == D("20000.00") - 11 * D("1666.67")
    assert ep[1].interest == D("275.00")  # q(18333.33 × 0.015) = 274.99995 → 275.00
    itf = contract_schedule(replace(base, method="interest_first"))
    assert all(r.interest == D("300.00") for r in itf) and itf[-1].principal == D("20000.00")
    assert all(r.principal == 0 for r in itf[:-1])
    bm = contract_schedule(replace(base, method="bullet"))
    assert len(bm) == 1 and bm[0].interest == D("3600.00") and bm[0].due_date == date(2027, 1, 15)
    bd = contract_schedule(replace(base, method="bullet", term_months=None, term_days=45))
    assert bd[0].due_date == date(2026, 3, 1) and bd[0].interest == D("450.00")  # 20000 × 0.18 × 45/360
    assert bd[0].total == D("20460.00")


def test_zero_rate() -> None:
    rows = equal_installment_schedule(D("1000.00"), D("0"), 3, date(2026, 1, 1))
    assert [r.total for r in rows] == [D("333.33"), D("333.33"), D("333.34")]
