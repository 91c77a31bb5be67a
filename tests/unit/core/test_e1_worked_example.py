"""Worked example E1 of spec/calculations.md, every figure to the fen (and the APR to the 6th decimal)."""

from __future__ import annotations

from decimal import Decimal

from xieshang.core.casefile import CaseFile
from xieshang.core.lpr import LprTable
from xieshang.core.rules import RuleBook
from xieshang.core.status import assess_case

D = Decimal


def test_e1(e1: CaseFile, knowledge: tuple[LprTable, RuleBook]) -> None:
    assert e1.as_of is not None
    result = assess_case(e1, e1.as_of, *knowledge)
    a = result.debts[0]
    s = a.status
    assert s.overdue_principal == D("6860.05")
    assert s.overdue_interest == D("474.35")
    assert s.penalty_unpaid == D("325.68") == D("1.38") * (105 + 74 + 44 + 13)
    assert s.total_due_now == D("7660.08")
    assert s.outstanding_principal == D("10446.37")
    assert (
        s.not_yet_due_principal == D("3586.32") and s.accrued_interest == D("23.31") and s.accrued_days == 13
    )
    assert s.payoff_now == D("11269.71")
    assert (s.dpd, s.bucket, s.in_grace) == (105, "M4", False)
    assert s.daily_penalty_now == D("5.52")
    assert a.contract_apr is not None and a.contract_apr.simple == D("0.180001")
    assert a.legal_flags == ()
    assert s.paid_total == D("1833.60") * 6 and a.ignored_payments == () and a.credit == 0
    # The instalment paid inside its grace period (due 06-15, paid 06-17) owes no penalty.
    june = next(i for i in a.installments if i.n == 5)
    assert june.unpaid == 0 and june.penalty == 0
    assert result.totals.payoff_now == D("11269.71") and result.totals.daily_penalty_now == D("5.52")


def test_e1_cost_of_waiting_grows(e1: CaseFile, knowledge: tuple[LprTable, RuleBook]) -> None:
    assert e1.as_of is not None
    a = assess_case(e1, e1.as_of, *knowledge).debts[0]
    days = [w.days for w in a.cost_of_waiting]
    assert days == [30, 90, 180]
    increases = [w.increase for w in a.cost_of_waiting]
    assert 0 < increases[0] < increases[1] < increases[2]
    # After the last due date (2027-01-15) everything is due: payoff = total due.
    assert a.cost_of_waiting[1].payoff == a.cost_of_waiting[1].total_due
    # 30 days on (2026-12-28): the 5 overdue instalments and one more day of penalty each day.
    assert a.cost_of_waiting[0].total_due > a.status.total_due_now + D("1833.60")


def test_e1_cost_of_waiting_30_days_by_hand(e1: CaseFile, knowledge: tuple[LprTable, RuleBook]) -> None:
    """2026-12-28 with nothing more paid, worked by hand from the spec's rules:
    instalments 7–10 accrue 30 more days at 1.38 each; instalment 11 (due 12-15, 1,833.60) is overdue and
    its grace ended 12-18: 13 days at q(1833.60 × 0.27 / 360) = 1.38; instalment 12 (1,806.51) is not yet
    due: 13 days of interest since 12-15 at 0.0005 a day."""
    assert e1.as_of is not None
    result = assess_case(e1, e1.as_of, *knowledge)
    w = result.debts[0].cost_of_waiting[0]
    penalty = D("325.68") + 30 * 4 * D("1.38") + 13 * D("1.38")
    due = D("6860.05") + D("1779.81") + D("474.35") + D("53.79") + penalty
    assert w.total_due == due == D("9677.22")
    accrued = (D("1806.51") * D("0.0005") * 13).quantize(D("0.01"))
    assert w.payoff == due + D("1806.51") + accrued == D("11495.47")
    assert w.increase == w.payoff - D("11269.71")
    case_waiting = result.totals.cost_of_waiting
    assert [c.payoff for c in case_waiting] == [c.payoff for c in result.debts[0].cost_of_waiting]
