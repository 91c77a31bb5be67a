"""An agreement recorded on the negotiation pages governs the figures from its date (issue 13): the spec's
worked example A1 (E1 + 罚息全免, 12 × 910.06 at 0 %, one instalment paid) on the assessment, the case page,
step 9, the dashboard, the letters, and the CLI's `assess`/`plan` of the same stored case — to the fen."""

from __future__ import annotations

import io
import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from xieshang.cases.figures import case_assessment, case_plans
from xieshang.cases.models import Case
from xieshang.cases.services import case_create, debt_add
from xieshang.cli.app import run
from xieshang.cli.context import CliEnv
from xieshang.negotiation import services
from xieshang.negotiation.models import Agreement
from xieshang.workbench import demo

AS_OF = date(2027, 2, 10)


@pytest.fixture
def a1(owner: Any) -> Case:
    """E1 evaluated on 2027-02-10, with A1's agreement recorded from an accepted offer and one payment marked."""
    case = case_create(
        owner=owner,
        name="a1",
        borrower_name="李明",
        monthly_income=Decimal("5200.00"),
        monthly_essential_expenses=Decimal("3600.00"),
        hardships=["unemployment"],
        as_of=AS_OF,
    )
    debt_add(case=case, fields=dict(demo.E1_DEBT), payments=demo.E1_PAYMENTS)
    offer = services.offer_record(
        case=case,
        debt=case.debts.get(),
        proposed_by="borrower",
        proposed_on=date(2026, 11, 28),
        kind="installments",
        amount=Decimal("10920.72"),
        months=12,
        annual_rate=Decimal("0"),
        terms="罚息全免，停息分期 12 期",
        today=date(2026, 11, 28),
    )
    services.offer_respond(offer=offer, accept=True, on=date(2026, 12, 1), today=date(2026, 12, 1))
    agreement = services.agreement_record(
        case=case,
        offer=offer,
        agreed_on=date(2026, 12, 1),
        kind="installments",
        amount=Decimal("10920.72"),
        months=12,
        first_due_date=date(2027, 1, 1),
    )
    services.agreed_payment_mark_paid(payment=agreement.payments.get(n=1), paid_on=date(2027, 1, 1))
    return case


def test_the_engine_follows_the_recorded_agreement_to_the_fen(a1: Case) -> None:
    figures = case_assessment(a1)
    assert figures.ok, figures.error
    (debt,) = figures.result.debts
    s, agreement = debt.status, debt.agreement
    assert agreement is not None
    assert (agreement.owed, agreement.waived) == (Decimal("11291.65"), Decimal("370.93"))
    assert (agreement.installments_paid, agreement.installments_total, agreement.broken_on) == (1, 12, None)
    assert s.outstanding_principal == Decimal("10010.66") and s.overdue_principal == Decimal("910.06")
    assert s.total_due_now == Decimal("910.06") and s.payoff_now == Decimal("10010.66")
    assert (s.penalty_unpaid, s.late_fees_unpaid, s.daily_penalty_now) == (Decimal("0"),) * 3
    assert (s.dpd, s.bucket) == (9, "M1")


def _cli(*argv: str) -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), CliEnv(stdout=out, stderr=err, environ={}, today=AS_OF))
    assert status == 0, err.getvalue()
    result: dict[str, Any] = json.loads(out.getvalue())
    return result


def test_cli_assess_and_plan_of_the_stored_case_agree_with_the_web_to_the_fen(a1: Case) -> None:
    web = case_assessment(a1).result.debts[0]
    cli = _cli("assess", "a1", "--json")
    (debt,) = cli["debts"]
    status = debt.get("status", debt)
    for name in (
        "total_due_now",
        "payoff_now",
        "outstanding_principal",
        "daily_penalty_now",
        "penalty_unpaid",
    ):
        assert Decimal(str(status[name])) == getattr(web.status, name), name
    assert status["dpd"] == web.status.dpd == 9
    assert Decimal(str(debt["agreement"]["waived"])) == web.agreement.waived
    assert debt["agreement"]["instalments_paid"] == 1 and debt["agreement"]["instalments_total"] == 12
    plans = case_plans(a1)
    assert plans.ok
    assert _cli("plan", "a1", "--json") == json.loads(json.dumps(plans.json, default=str))


def test_the_assessment_page_states_the_agreement_and_no_contract_penalty(a1: Case, owner: Any) -> None:
    client = Client()
    client.force_login(owner)
    page = client.get(f"/cases/{a1.name}/assessment/").content.decode()
    assert "协议后：每月 910.06 元，共 12 期，已还 1 期；减免 370.93 元" in page
    assert 'data-figure="daily_penalty_now">0.00<' in page
    assert 'data-figure="payoff_now">10,010.66<' in page


def test_step_9_is_not_done_after_1_of_12_payments(a1: Case, owner: Any) -> None:
    from django.utils import translation

    from xieshang.workbench.steps import case_steps

    with translation.override("en"):
        steps = {s.key: s for s in case_steps(a1, case_assessment(a1), AS_OF)}
    step = steps["agreement"]
    assert step.state == "partial" and "1 of 12 agreed payments made" in " ".join(step.done + step.missing)
    assert "late instalment" in step.next_action  # instalment 2 was due on 2027-02-01
    agreement = Agreement.objects.get()
    for payment in agreement.payments.filter(paid_on__isnull=True).order_by("n"):
        services.agreed_payment_mark_paid(payment=payment, paid_on=date(2027, 2, 5))
    with translation.override("en"):
        steps = {s.key: s for s in case_steps(a1, case_assessment(a1), AS_OF)}
    assert steps["agreement"].state == "done" and "12 of 12" in steps["agreement"].done[0]


def test_letters_state_the_agreement_instead_of_proposing_another_plan(a1: Case, owner: Any) -> None:
    client = Client()
    client.force_login(owner)
    for kind in ("installment_request", "hardship", "waiver_request", "agreement_confirmation"):
        r = client.get(f"/cases/{a1.name}/documents/letter/{kind}.txt?debt=jt360")
        assert r.status_code == 200, (kind, r.content[:500])
        text = r.content.decode()
        assert "达成还款协议" in text or "纳入本协议的欠款为10,920.72元" in text, kind
        assert "现申请：以剩余本金" not in text and "可以承担的方案是" not in text, kind
        assert "每多逾期一天，罚息将增加" not in text, kind
    letter = client.get(
        f"/cases/{a1.name}/documents/letter/installment_request.txt?debt=jt360"
    ).content.decode()
    assert "每期910.06元" in letter and "已还1期，共12期" in letter and "减免370.93元" in letter


def test_a_broken_agreement_is_shown_with_the_revived_amount(owner: Any) -> None:
    case = case_create(
        owner=owner,
        name="broken",
        borrower_name="李明",
        monthly_income=Decimal("5200.00"),
        monthly_essential_expenses=Decimal("3600.00"),
        as_of=date(2027, 3, 20),
    )
    debt_add(case=case, fields=dict(demo.E1_DEBT), payments=demo.E1_PAYMENTS)
    services.agreement_record(
        case=case,
        debt=case.debts.get(),
        agreed_on=date(2026, 12, 1),
        kind="installments",
        amount=Decimal("10920.72"),
        months=12,
        first_due_date=date(2027, 1, 1),
        breaks_after_days=30,
    )
    figures = case_assessment(case)
    agreement = figures.result.debts[0].agreement
    assert agreement.broken_on == date(2027, 2, 1) and agreement.waived == Decimal("370.93")
    client = Client()
    client.force_login(owner)
    page = client.get(f"/cases/{case.name}/assessment/").content.decode()
    assert 'data-agreement="broken"' in page and "恢复计入" in page
    overview = client.get(f"/cases/{case.name}/agreement/").content.decode()
    assert "370.93" in overview and "state-broken" in overview
    from django.utils import translation

    from xieshang.workbench.steps import case_steps

    with translation.override("en"):
        step = {s.key: s for s in case_steps(case, figures, date(2027, 3, 20))}["agreement"]
    assert (
        step.state == "partial" and "broke on 2027-02-01" in step.missing[0] and "370.93" in step.missing[0]
    )


def test_a_payment_reminder_names_the_day_the_agreement_would_break(owner: Any) -> None:
    from xieshang.negotiation.reminders import case_reminders

    case = case_create(
        owner=owner,
        name="remind",
        borrower_name="李明",
        monthly_income=Decimal("5200.00"),
        monthly_essential_expenses=Decimal("3600.00"),
    )
    debt_add(case=case, fields=dict(demo.E1_DEBT), payments=demo.E1_PAYMENTS)
    services.agreement_record(
        case=case,
        debt=case.debts.get(),
        agreed_on=date(2026, 12, 1),
        kind="installments",
        amount=Decimal("10920.72"),
        months=12,
        first_due_date=date(2027, 1, 1),
        breaks_after_days=30,
    )
    first = case_reminders(case, today=date(2026, 12, 20))[0]
    assert first.day == date(2027, 1, 1) and "2027-01-31" in first.description


def test_the_plans_page_keeps_to_the_agreement(a1: Case, owner: Any) -> None:
    client = Client()
    client.force_login(owner)
    r = client.get(f"/cases/{a1.name}/plans/")
    assert r.status_code == 200
    page = r.content.decode()
    assert "按 2026-12-01 的协议还款" in page
