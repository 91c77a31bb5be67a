"""The dashboard's deadlines and risks from the negotiation record; the steps' pure logic; money display."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from xieshang.cases.models import Case
from xieshang.web.templatetags.xieshang import money, percent
from xieshang.workbench.steps import StepFacts, steps_from_facts

pytestmark = pytest.mark.django_db


def test_money_and_percent_filters() -> None:
    assert money(Decimal("20000")) == "20,000.00"
    assert money("1234567.885") == "1,234,567.89"  # half-up at the fen
    assert money(None) == "—" and money("abc") == "—"
    assert percent(Decimal("0.180001")) == "18.00 %"


def test_steps_from_facts() -> None:
    links = {"assessment": "/a/", "debt_new": "/d/"}
    empty = steps_from_facts(StepFacts(today=date(2026, 1, 1)), links)
    assert len(empty) == 9 and all(s.state != "done" for s in empty)
    assert empty[5].link == "/d/" and empty[5].next_action
    ready = steps_from_facts(
        StepFacts(today=date(2026, 1, 1), debts=2, figures_ok=True, evidence_records=5, agreements=1), links
    )
    assert ready[5].state == "done" and ready[5].link == "/a/" and ready[5].next_action == ""
    assert ready[1].state == "done"  # records kept
    # An agreement is reached, but step 9 is done only once its last agreed payment is made (issue 13).
    assert ready[8].state == "partial"
    kept = steps_from_facts(
        StepFacts(
            today=date(2026, 1, 1),
            agreements=1,
            agreements_completed=1,
            agreed_payments_made=12,
            agreed_payments_total=12,
        ),
        links,
    )
    assert kept[8].state == "done" and "已还 12 期" in kept[8].done[0]
    broken = steps_from_facts(
        StepFacts(
            today=date(2026, 1, 1),
            agreements=1,
            agreements_completed=0,
            broken=("360借条", date(2027, 3, 3), Decimal("370.93"), Decimal("11000.00")),
        ),
        links,
    )
    assert (
        broken[8].state == "partial"
        and "370.93" in broken[8].missing[0]
        and "2027-03-03" in broken[8].missing[0]
    )
    late = steps_from_facts(StepFacts(today=date(2026, 1, 1), agreements=1, late_payments=1), links)
    assert late[8].state == "partial" and late[8].missing


def test_dashboard_lists_late_agreed_payments_and_overdue_follow_ups(
    owner_client: Client, e1_case: Case
) -> None:
    from xieshang.negotiation.services import agreement_record, contact_record

    today = timezone.localdate()
    agreement_record(
        case=e1_case,
        agreed_on=today - timedelta(days=40),
        kind="installments",
        amount=Decimal("1200.00"),
        months=12,
        first_due_date=today - timedelta(days=10),
        debt=e1_case.debts.get(),
    )
    contact_record(
        case=e1_case,
        channel="phone",
        occurred_at=timezone.make_aware(datetime.combine(today - timedelta(days=20), datetime.min.time())),
        said="说明了失业的情况",
        debt=e1_case.debts.get(),
        follow_up_on=today - timedelta(days=2),
    )
    response = owner_client.get("/")
    board = response.context["board"]
    assert board.at_risk and board.at_risk[0].state == "late"
    assert board.overdue_actions, "overdue actions first"
    page = response.content.decode()
    assert "有风险的协议" in page and "已过期——请先处理这些" in page
    assert not any(d.kind == "agreed" for d in board.due_soon)  # the next agreed payment is weeks away
    agreement_record(
        case=e1_case,
        agreed_on=today,
        kind="settlement",
        amount=Decimal("500.00"),
        first_due_date=today + timedelta(days=3),
        lender="某银行",
    )
    soon = owner_client.get("/").context["board"].due_soon
    assert [(d.kind, d.days_left, d.amount) for d in soon if d.kind == "agreed"] == [
        ("agreed", 3, Decimal("500.00"))
    ]
    steps = owner_client.get(f"/cases/{e1_case.name}/").context["steps"]
    by_key = {s.key: s for s in steps}
    assert by_key["contact_early"].state == "done"
    assert by_key["agreement"].state != "done"  # a payment is late


def _cases(owner: object, n: int, start: int = 0) -> None:
    from xieshang.cases.services import case_create, debt_add
    from xieshang.workbench import demo

    for i in range(start, start + n):
        case = case_create(
            owner=owner,
            name=f"many-{i}",
            borrower_name="李明",
            monthly_income=Decimal("5200.00"),
            monthly_essential_expenses=Decimal("3600.00"),
            as_of=date(2026, 11, 28),
        )
        for j in range(3):
            debt_add(case=case, fields=dict(demo.E1_DEBT, id=f"d{j}"), payments=demo.E1_PAYMENTS[: j + 2])


def test_the_dashboard_reads_each_case_in_a_bounded_number_of_queries(owner: object) -> None:
    """A counselor's dashboard grows by a few queries per case, not by debts and payments (no N+1 there),
    and it is the same with or without the shared reads."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from xieshang.workbench.dashboard import _dashboard, dashboard_for

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            dashboard_for(owner)
        return len(captured.captured_queries)

    _cases(owner, 2)
    two = queries()
    _cases(owner, 4, start=2)
    six = queries()
    per_case = (six - two) / 4
    assert per_case <= 5, per_case  # was 18 before shared reads and prefetched payments, contacts, offers
    shared, plain = dashboard_for(owner), _dashboard(owner, None)
    assert [(c.case.pk, c.steps_done, c.actions) for c in shared.cards] == [
        (c.case.pk, c.steps_done, c.actions) for c in plain.cards
    ]


def test_shared_reads_last_only_while_the_page_is_built(e1_case: Case) -> None:
    from xieshang.negotiation.models import ChecklistTick
    from xieshang.negotiation.selectors import checklist_for_case, reads_shared

    with reads_shared():
        before = checklist_for_case(e1_case)
        assert checklist_for_case(e1_case) is before  # read once while shared
    requirement = before.missing()[0]
    ChecklistTick.objects.create(case=e1_case, doc_key=requirement.documents[0].key)
    after = checklist_for_case(e1_case)  # outside: read afresh
    assert requirement.key not in {item.key for item in after.missing()}


def test_an_agreed_payment_is_due_soon_once_not_twice(owner: object) -> None:
    """Under an agreement recorded on the negotiation pages, the engine's instalments are the agreed payments
    the dashboard already lists: each is shown once, as agreed."""
    from xieshang.cases.services import case_create, debt_add
    from xieshang.negotiation.services import agreement_record
    from xieshang.workbench import demo
    from xieshang.workbench.dashboard import dashboard_for

    case = case_create(
        owner=owner,
        name="a1",
        borrower_name="李明",
        monthly_income=Decimal("5200"),
        monthly_essential_expenses=Decimal("3600"),
        as_of=date(2026, 12, 28),
    )
    debt = debt_add(case=case, fields=dict(demo.E1_DEBT), payments=demo.E1_PAYMENTS)
    agreement_record(
        case=case,
        debt=debt,
        agreed_on=date(2026, 12, 1),
        kind="installments",
        amount=Decimal("10920.72"),
        months=12,
        first_due_date=date(2027, 1, 1),
    )
    board = dashboard_for(owner, today=date(2026, 12, 28))
    due = [(d.due_date, d.amount, d.kind) for d in board.due_soon if d.case.name == "a1"]
    assert due == [(date(2027, 1, 1), Decimal("910.06"), "agreed")]
