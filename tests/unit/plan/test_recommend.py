"""Recommendations: opening ask = the allocation's choice, realistic target within the cap, walk-away."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from xieshang.core.plan.build import build_plan, plan_json
from xieshang.core.plan.options import DebtPosition
from xieshang.knowledge.lenders import lender_policy
from xieshang.knowledge.rules import load_rules

D = Decimal
ON = date(2026, 11, 28)


def card(debt_id: str, principal: str) -> DebtPosition:
    return DebtPosition(
        debt_id,
        "某银行信用卡",
        "credit_card",
        D("0.18"),
        D(principal),
        D(0),
        D(0),
        D("100"),
        D(0),
        D(principal) + D(100),
        dpd=40,
    )


def test_e1_recommendation(e1_position: DebtPosition) -> None:
    plan = build_plan(
        ON,
        [e1_position],
        monthly_income=D("5200"),
        monthly_essential_expenses=D("3600"),
        policies={"jt360": lender_policy("360借条", "online_lender")},
        rules=load_rules(),
    )
    rec = plan.recommendations[0]
    assert rec.opening_ask.months == 12 and rec.opening_ask.annual_rate == 0
    assert rec.realistic_target.months == 12 and rec.realistic_target.annual_rate == D("0.18")
    assert rec.walk_away_monthly == D("1600") and rec.target_fits_budget
    assert any("1,600.00" in r for r in rec.reasons_zh)


def test_two_debts_share_the_slack_and_card_rules_apply() -> None:
    plan = build_plan(
        ON,
        [card("a", "12000"), card("b", "6000")],
        monthly_income=D("4000"),
        monthly_essential_expenses=D("3000"),
        policies={k: lender_policy("某银行信用卡", "credit_card") for k in ("a", "b")},
        rules=load_rules(),
    )
    assert plan.allocation is not None and plan.allocation.feasible
    assert plan.allocation.monthly_total <= D("1000")
    slack = D("1000") - plan.allocation.monthly_total
    for rec, chosen in zip(plan.recommendations, plan.chosen, strict=True):
        assert rec.walk_away_monthly == chosen.monthly_payment + slack
        assert rec.realistic_target.peak_monthly <= rec.walk_away_monthly or not rec.target_fits_budget
        assert rec.realistic_target.months_to_debt_free <= 60
        assert "card_plan_stops_collection" in {w.id for w in rec.warnings}
    assert any("60" in r and "第七十条" in r for r in plan.recommendations[0].reasons_zh)
    assert any("其他 1 笔欠款按开价谈成" in r for r in plan.recommendations[0].reasons_zh)
    assert any("the other 1 debt is" in r for r in plan.recommendations[1].reasons_en)


def test_no_budget_at_all() -> None:
    plan = build_plan(
        ON,
        [card("a", "12000")],
        monthly_income=D("2000"),
        monthly_essential_expenses=D("2500"),
        rules=load_rules(),
    )
    assert plan.allocation is not None and not plan.allocation.feasible
    rec = plan.recommendations[0]
    assert rec.walk_away_monthly == 0 and not rec.target_fits_budget
    assert any("延期" in r for r in rec.reasons_zh)
    assert plan_json(plan)["allocation"]["feasible"] is False


def test_nothing_outstanding() -> None:
    paid = DebtPosition("x", "L", "bank", D("0.1"), D(0), D(0), D(0), D(0), D(0), D(0))
    plan = build_plan(
        ON, [paid], monthly_income=D("1"), monthly_essential_expenses=D("0"), rules=load_rules()
    )
    assert plan.debts == () and plan_json(plan)["allocation"]["choices"] == []
