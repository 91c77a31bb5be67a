"""Plans for cards (个性化分期 up to 60 months, 等本等费 forms with their IRR beside the nominal rate) and for
debts under an agreement (the agreement shown, no fresh plan; a broken one planned on its figures)."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from xieshang.cli.app import run
from xieshang.cli.context import CliEnv
from xieshang.core.schedule import fee_installment_schedule

CASES = Path(__file__).resolve().parents[2] / "fixtures" / "cases"
D = Decimal


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), CliEnv(stdout=out, stderr=err, environ={}, today=date(2026, 12, 1)))
    return status, out.getvalue(), err.getvalue()


def plan_json(name: str, *extra: str) -> dict:  # type: ignore[type-arg]
    status, out, err = run_cli("plan", str(CASES / name), "--json", *extra)
    assert status == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_fee_installment_schedule_by_hand() -> None:
    """等本等费 of 12,000 over 12 months at 0.6 %/month: 1,000.00 principal + 72.00 fee every month."""
    rows = fee_installment_schedule(D("12000"), D("0.072"), 12, date(2026, 1, 31))
    assert {(r.principal, r.interest) for r in rows} == {(D("1000.00"), D("72.00"))}
    assert rows[1].due_date == date(2026, 3, 31) and sum(r.principal for r in rows) == D("12000")
    odd = fee_installment_schedule(D("1000.00"), D("0.072"), 3, date(2026, 1, 15))
    assert [r.principal for r in odd] == [D("333.33"), D("333.33"), D("333.34")]
    assert [r.interest for r in odd] == [D("6.00")] * 3  # on the original principal, every month


def test_c1_plan_offers_card_plans_up_to_60_months_with_their_irr() -> None:
    debt = plan_json("c1_card.toml")["debts"][0]
    base = D(debt["base"])
    assert base == D("19410.00") + D("603.40")  # P + I (late fees waived)
    cards = [o for o in debt["options"] if o["kind"] == "card_installments"]
    assert cards and max(o["months"] for o in cards) == 60
    for o in cards:
        nominal, irr = D(o["annual_rate"]), D(o["apr"]["simple"])
        assert o["params"]["form"] == "fee_installment"
        assert D("1.7") < irr / nominal < 2  # close to twice the nominal rate (exact decimals, no floats)
        assert f"IRR {irr * 100:.2f}%" in o["label"]
        rows = fee_installment_schedule(base, nominal, o["months"], date(2026, 11, 28))
        assert (
            o["monthly_payment"] == f"{rows[0].total:.2f}"
            and o["total_payable"] == f"{sum(r.total for r in rows):.2f}"
        )
    sixty = next(o for o in cards if o["months"] == 60 and o["params"]["monthly_fee_rate"] == "0.006")
    assert (
        sixty["monthly_payment"] == f"{D('333.56') + D('120.08'):.2f}"
    )  # q(20013.40/60) + q(20013.40 × 0.006)
    # The spec's fixed core stays: the grid at 0 % and at the card's rate (daily × day_basis = 18 %).
    grid = {(o["months"], o["annual_rate"]) for o in debt["options"] if o["kind"] == "installments"}
    assert (60, "0.000000") in grid and (60, "0.180000") in grid and len(grid) == 12
    codes = {w["code"] for w in debt["recommendation"]["warnings"]}
    assert {"card_personalised_installments", "card_plan_stops_collection"} <= codes


def test_e1_plan_has_no_card_options() -> None:
    debt = plan_json("e1_case.toml")["debts"][0]
    assert not [o for o in debt["options"] if o["kind"] == "card_installments"]
    assert debt["agreement"] is None


def test_a1_plan_shows_the_agreement_not_a_fresh_plan() -> None:
    data = plan_json("a1_agreement.toml")
    debt = data["debts"][0]
    kinds = [o["kind"] for o in debt["options"]]
    assert kinds == ["settlement_waiving_penalties", "agreement"]
    agreed = debt["options"][1]
    assert agreed["monthly_payment"] == "910.06" and agreed["total_payable"] == "10010.66"
    assert agreed["first_due_date"] == "2027-02-10"  # the overdue instalment of 02-01 is due now
    assert debt["agreement"]["in_force"] is True and debt["agreement"]["instalments_paid"] == 1
    assert "每月 910.06 元，共 12 期，已还 1 期；减免 370.93 元" in debt["agreement"]["summary"]
    assert data["allocation"]["choices"] == [
        {"id": "jt360", "months": 11, "annual_rate": "0.000000"}
    ]  # 11 agreed left
    assert debt["recommendation"]["opening_ask"]["kind"] == "agreement"
    assert any("不要另谈新的方案" in r for r in debt["recommendation"]["reasons"])


def test_a_broken_agreement_is_planned_on_its_revived_figures(tmp_path: Path) -> None:
    text = (CASES / "a1_agreement.toml").read_text(encoding="utf-8")
    broken = tmp_path / "broken.toml"
    broken.write_text(
        text.replace('annual_rate = "0"', 'annual_rate = "0"\nbreaks_after_days = 5'), encoding="utf-8"
    )
    status, out, err = run_cli("assess", str(broken), "--json")
    assert status == 0, err
    assessed = json.loads(out)["debts"][0]
    assert assessed["agreement"]["broken_on"] == "2027-02-07"  # instalment 2 (02-01) unpaid 6 days
    # The break instalment holds 10 agreed instalments of principal plus the revived 370.93.
    assert D(assessed["outstanding_principal"]) == 10 * D("910.06") + D("910.06") + D("370.93")
    debt = plan_json(str(broken))["debts"][0]
    assert debt["agreement"]["in_force"] is False
    assert [o for o in debt["options"] if o["kind"] == "installments"]  # planned afresh


@pytest.mark.parametrize("name", ["c1_card.toml", "a1_agreement.toml"])
def test_assess_and_plan_text_reports_work(name: str) -> None:
    for command in ("assess", "plan"):
        status, out, err = run_cli(command, str(CASES / name))
        assert status == 0, err
        assert "内部错误" not in out + err
    status, out, _ = run_cli("assess", str(CASES / name), "--lang", "en")
    assert status == 0 and ("minimum payment" in out or "after the agreement" in out)
