"""`xieshang reminders NAME -o FILE.ics` (against `negotiation.reminders.case_reminders`) and
`xieshang budget NAME` (against `cases.services_budget.case_budget_statement`)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import icalendar
import pytest

from xieshang.cases.models import Case
from xieshang.cases.services_budget import case_budget_set, case_budget_statement
from xieshang.negotiation.reminders import case_reminders

from .conftest import TODAY, Cli

pytestmark = [pytest.mark.django_db]


def test_reminders_file(cli: Cli, cli_json, e1_case: Case, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cli_json(
        "contact", "add", "e1", "--channel", "sms", "--said", "约定下周回复", "--debt", "jt360",
        "--at", "2026-11-25 09:00", "--follow-up", "2026-12-02",
    )  # fmt: skip
    cli_json(
        "agreement", "add", "e1", "--debt", "jt360", "--kind", "installments", "--amount", "3000",
        "--months", "3", "--first-due", "2026-12-10",
    )  # fmt: skip
    out = tmp_path / "e1.ics"
    shown = cli_json("reminders", "e1", "-o", str(out))
    expected = case_reminders(e1_case, today=TODAY)
    assert [r["uid"] for r in shown["reminders"]] == [r.uid for r in expected]
    assert len(expected) == 4  # one follow-up, three payments
    calendar = icalendar.Calendar.from_ical(out.read_bytes())
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert [str(e["uid"]) for e in events] == [r.uid for r in expected]
    assert [e.decoded("dtstart") for e in events] == [r.day for r in expected]
    assert "e1" in str(calendar["x-wr-calname"])
    status, text, _ = cli("reminders", "e1", "-o", str(out))
    assert status == 0 and "4 条提醒" in text and "2026-12-02" in text
    status, _, err = cli("reminders", "e1", "-o", str(tmp_path / "no" / "dir" / "x.ics"))
    assert status == 2 and "无法写入" in err
    status, _, err = cli("reminders", "nobody", "-o", str(out))
    assert status == 2 and "nobody" in err


def test_budget_json_and_text(cli: Cli, cli_json, e1_case: Case) -> None:  # type: ignore[no-untyped-def]
    case_budget_set(
        case=e1_case,
        monthly_income=Decimal("5200"),
        monthly_essential_expenses=Decimal("3600"),
        budget_data={
            "income": {"wages": "5000"},
            "expenditure": {"housing": "1500", "food_housekeeping": "1200"},
        },
    )
    statement = case_budget_statement(e1_case)
    doc = cli_json("budget", "e1")
    assert doc["case"] == "e1"
    assert {k: doc[k] for k in statement.as_json()} == statement.as_json()
    assert doc["disposable_income"] == "1600.00"  # 5200 − 3600, the case's declared totals
    assert [line["category"] for line in doc["expenditure"]] == ["housing", "food_housekeeping", "unitemised"]
    status, out, _ = cli("budget", "e1")
    assert status == 0 and statement.derivation("zh") in out
    assert all(line.label_zh in out for line in statement.income + statement.expenditure)
    status, out, _ = cli("budget", "e1", lang="en_US.UTF-8")
    assert status == 0 and statement.derivation("en") in out and "Housing" in out


def test_budget_without_a_breakdown_says_where_to_set_it(cli: Cli, e1_case: Case) -> None:
    status, out, _ = cli("budget", "e1")
    assert status == 0 and "[budget]" in out and "1600.00" in out
    status, _, err = cli("budget", "nobody")
    assert status == 2 and "nobody" in err
