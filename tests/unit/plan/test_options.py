"""The fixed core of the negotiation options: E1's figures to the fen, and the grid's invariants."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from xieshang.core.plan.options import (
    GRID_MONTHS,
    DebtPosition,
    Payment,
    core_options,
    installment_grid,
    plan_apr,
    settlement_waiving_penalties,
)

D = Decimal
ON = date(2026, 11, 28)


def test_e1_base_and_the_two_named_plans(e1_position: DebtPosition) -> None:
    assert e1_position.base == D("10920.72")
    grid = {(o.months, o.annual_rate): o for o in installment_grid(e1_position, ON)}
    zero = grid[(12, D("0"))]
    assert zero.monthly_payment == D("910.06") and zero.total_payable == D("10920.72")
    contract = grid[(12, D("0.18"))]
    assert contract.monthly_payment == D("1001.21") and contract.total_payable == D("12014.55")


def test_e1_settlement_waiving_penalties(e1_position: DebtPosition) -> None:
    assert settlement_waiving_penalties(e1_position) == D("11269.71") - D("325.68")
    first = core_options(e1_position, ON)[0]
    assert first.kind == "settlement_waiving_penalties" and first.total_payable == D("10944.03")
    assert first.payments == (Payment(0, ON, D("10944.03")),)


def test_grid_is_complete_and_first_installment_is_one_month_after_d(e1_position: DebtPosition) -> None:
    grid = installment_grid(e1_position, ON)
    assert [(o.months, o.annual_rate) for o in grid] == [
        (m, r) for m in GRID_MONTHS for r in (D(0), D("0.18"))
    ]
    for option in grid:
        assert option.payments[0].due_date == date(2026, 12, 28)
        assert len(option.payments) == option.months == option.months_to_debt_free
        # 0 %: exactly the base; contract rate: more than the base.
        if option.annual_rate == 0:
            assert option.total_payable == option.base
            assert option.apr_simple == 0
        else:
            assert option.total_payable > option.base
            assert option.apr_simple is not None and abs(option.apr_simple - D("0.18")) < D("0.00001")


def test_savings_are_against_payoff_now_and_waiting(e1_position: DebtPosition) -> None:
    waited = DebtPosition(**{**e1_position.__dict__, "payoff_after_90_days": D("12000.00")})
    option = installment_grid(waited, ON)[4]  # 12 months at 0 %
    assert option.saving_vs_payoff_now == D("11269.71") - D("10920.72")
    assert option.saving_vs_waiting_90 == D("12000.00") - D("10920.72")
    assert installment_grid(e1_position, ON)[4].saving_vs_waiting_90 is None


def test_zero_rate_contract_gives_a_single_column() -> None:
    free = DebtPosition("x", "L", "private", D(0), D("1000"), D(0), D(0), D(0), D(0), D("1000"))
    assert len(installment_grid(free, ON)) == len(GRID_MONTHS)


def test_plan_apr_matches_the_pboc_example() -> None:
    # 100,000 less a 1,000 fee received, 12 payments of 8,833.30: 12.80 % simple, 13.58 % compound.
    payments = [Payment(k, ON, D("8833.30")) for k in range(1, 13)]
    simple, compound = plan_apr(D("99000"), payments)
    assert simple == D("0.128038") and compound == D("0.135826")
    assert plan_apr(D("5"), [Payment(0, ON, D("5"))]) == (None, None)
