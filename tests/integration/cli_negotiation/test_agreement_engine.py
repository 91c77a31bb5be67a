"""`xieshang agreement add` records an agreement the engine uses (issue 13): its method, penalty and breaking
reach the case file, `assess`/`plan` of the stored case follow it, and they agree with the web's figures
to the fen."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from xieshang.cases.casefile_io import case_data_for_case
from xieshang.cases.figures import case_assessment, case_plans
from xieshang.cases.models import Case

from .conftest import Cli

ON = date(2027, 2, 10)


def test_agreement_add_reaches_the_engine_and_cli_equals_web(cli: Cli, cli_json: Any, e1_case: Case) -> None:
    before = cli_json("assess", "e1", "--on", ON.isoformat(), today=ON)["debts"][0]
    assert Decimal(before["daily_penalty_now"]) > 0 and before["agreement"] is None
    cli_json(
        "agreement", "add", "e1", "--debt", "jt360", "--kind", "installments", "--amount", "10920.72",
        "--months", "12", "--rate", "0", "--first-due", "2027-01-01", "--on", "2026-12-01",
        "--breaks-after", "30", "--method", "equal_principal", today=ON,
    )  # fmt: skip
    (item,) = case_data_for_case(e1_case)["debts"][0]["agreements"]
    assert (item["method"], item["breaks_after_days"], item["first_due"]) == (
        "equal_principal",
        30,
        date(2027, 1, 1),
    )
    listed = cli_json("agreement", "list", "e1", today=ON)
    first = listed["agreements"][0]["payments"][0]
    cli_json("agreement", "paid", "e1", str(first["id"]), "--on", "2027-01-01", today=ON)

    after = cli_json("assess", "e1", "--on", ON.isoformat(), today=ON)["debts"][0]
    agreement = after["agreement"]
    assert (agreement["owed"], agreement["waived"]) == ("11291.65", "370.93")
    assert (agreement["instalments_paid"], agreement["instalments_total"], agreement["broken_on"]) == (
        1,
        12,
        None,
    )
    assert after["daily_penalty_now"] == "0.00" and after["dpd"] == 9
    web = case_assessment(e1_case, ON).result.debts[0]
    for name in (
        "total_due_now",
        "payoff_now",
        "outstanding_principal",
        "overdue_principal",
        "daily_penalty_now",
    ):
        assert Decimal(after[name]) == getattr(web.status, name), name
    plan = cli_json("plan", "e1", "--on", ON.isoformat(), today=ON)
    assert plan == json.loads(json.dumps(case_plans(e1_case, ON).json, default=str))


def test_a_bad_agreement_is_refused_by_the_parser_and_nothing_is_written(cli: Cli, e1_case: Case) -> None:
    status, _, err = cli(
        "agreement", "add", "e1", "--debt", "jt360", "--kind", "installments", "--amount", "1000",
        "--months", "2", "--first-due", "2026-02-01", "--on", "2026-01-10",
    )  # fmt: skip
    assert status == 2 and "agreements[0].date" in err
    assert not e1_case.agreements.exists()
