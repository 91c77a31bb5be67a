"""Dashboard selectors: payments at risk and late, upcoming payments, next actions, steps, checklist."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.utils import timezone, translation

from xieshang.cases.models import Case
from xieshang.negotiation import services
from xieshang.negotiation.progress import next_actions
from xieshang.negotiation.selectors import (
    PaymentStatus,
    agreements_at_risk,
    checklist_for_case,
    payment_status,
    upcoming_payments,
)
from xieshang.workbench.steps import STEP_KEYS, case_steps

pytestmark = pytest.mark.django_db
D = date(2026, 11, 28)


def _agreement(case: Case, first_due: date, months: int = 3) -> Any:
    return services.agreement_record(
        case=case,
        debt=case.debts.get(),
        agreed_on=D - timedelta(days=40 + case.agreements.count()),  # one debt's agreements: distinct days
        kind="installments",
        amount=Decimal("3000.00"),
        months=months,
        first_due_date=first_due,
    )


@pytest.mark.parametrize(
    ("due_offset", "expected"),
    [
        (-1, PaymentStatus.LATE),
        (0, PaymentStatus.AT_RISK),
        (3, PaymentStatus.AT_RISK),
        (4, PaymentStatus.UPCOMING),
    ],
)
def test_payment_status_boundaries(case: Case, due_offset: int, expected: PaymentStatus) -> None:
    agreement = _agreement(case, D + timedelta(days=due_offset), months=1)
    payment = agreement.payments.get()
    assert payment_status(payment, D) is expected
    services.agreed_payment_mark_paid(payment=payment, paid_on=D - timedelta(days=2))
    payment.refresh_from_db()
    assert payment_status(payment, D) is PaymentStatus.PAID


@pytest.mark.postgres
def test_agreements_at_risk_and_upcoming_only_for_visible_cases(
    case: Case, owner: Any, stranger: Any
) -> None:
    late = _agreement(case, D - timedelta(days=5))
    soon = _agreement(case, D + timedelta(days=2))
    calm = _agreement(case, D + timedelta(days=20))
    found = agreements_at_risk(owner, today=D)
    assert [o.agreement.pk for o in found] == [late.pk, soon.pk]  # late first
    assert found[0].state == "late" and found[1].state == "at_risk"
    assert agreements_at_risk(stranger, today=D) == []
    upcoming = upcoming_payments(owner, days=7, today=D)
    assert [p.agreement_id for p in upcoming] == [soon.pk]
    assert upcoming_payments(stranger, days=7, today=D) == []
    assert calm.pk not in {o.agreement.pk for o in found}
    case.counselors.add(stranger)
    assert [o.agreement.pk for o in agreements_at_risk(stranger, today=D)] == [late.pk, soon.pk]


def test_next_actions_put_overdue_first(case: Case) -> None:
    _agreement(case, D - timedelta(days=5))
    when = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    services.contact_record(
        case=case,
        debt=case.debts.get(),
        channel="phone",
        occurred_at=when,
        said="x",
        follow_up_on=D + timedelta(days=2),
    )
    with translation.override("en"):
        actions = next_actions(case, today=D)
    kinds = [a.kind for a in actions]
    assert kinds[0] == "payment_late" and actions[0].overdue
    assert "follow_up" in kinds and "documents" in kinds
    assert "first_contact" not in kinds  # the debt has a contact
    assert all(a.url.startswith(f"/cases/{case.name}/") for a in actions)
    with translation.override("zh-hans"):
        zh = next_actions(case, today=D)
    assert zh[0].text != actions[0].text  # translated


def test_first_contact_suggested_when_nothing_logged(case: Case) -> None:
    with translation.override("en"):
        actions = next_actions(case, today=D)
    assert any(a.kind == "first_contact" and "360借条" in a.text for a in actions)


def test_steps_judge_the_negotiation_record(case: Case) -> None:
    with translation.override("en"):
        before = {s.key: s for s in case_steps(case, None, D)}
    assert before["contact_early"].state != "done" and before["agreement"].state != "done"
    services.contact_record(
        case=case,
        debt=case.debts.get(),
        channel="phone",
        occurred_at=timezone.now(),
        said="x",
        staff_number="A1",
    )
    services.offer_record(case=case, proposed_by="borrower", proposed_on=D, kind="waiver", terms="减免罚息")
    agreement = _agreement(case, D + timedelta(days=10))
    with translation.override("en"):
        after = {s.key: s for s in case_steps(case, None, D)}
    assert after["contact_early"].state == "done" and after["customer_service"].state == "done"
    # Reached but not yet kept: step 9 is done only once the last agreed payment is made (issue 13).
    assert after["agreement"].state == "partial" and "0 of 3" in after["agreement"].missing[0]
    for payment in agreement.payments.order_by("n"):
        services.agreed_payment_mark_paid(payment=payment, paid_on=D - timedelta(days=1))
    with translation.override("en"):
        kept = {s.key: s for s in case_steps(case, None, D)}
    assert kept["agreement"].state == "done" and "3 of 3" in kept["agreement"].done[0]
    assert after["mediate_fees"].state == "partial" and "1 waiver" in after["mediate_fees"].missing[0]
    assert after["contact_early"].link.endswith("/contacts/")
    assert tuple(after) == STEP_KEYS


def test_checklist_counts_imported_documents_and_ticks(case: Case) -> None:
    status = checklist_for_case(case)
    assert [s.section.key for s in status.sections] == ["financial", "unemployment"]
    assert status.required_met == 0
    services.checklist_tick(case=case, doc_key="unemployment_certificate")
    assert checklist_for_case(case).required_met == 1
    if apps.is_installed("xieshang.evidence"):
        file_model = apps.get_model("evidence", "EvidenceFile")
        file_model.objects.create(
            case=case,
            sha256="a" * 64,
            size=10,
            original_name="流水.pdf",
            imported_at=timezone.now(),
            doc_type="bank_statement",
        )
        assert checklist_for_case(case).required_met == 2
        # A file that held several documents keeps their types comma-joined: each one counts.
        file_model.objects.create(
            case=case,
            sha256="b" * 64,
            size=10,
            original_name="材料.zip",
            imported_at=timezone.now(),
            doc_type="hardship_statement,payslip",
        )
        assert checklist_for_case(case).required_met == 4


def test_contact_dates_in_actions_and_reminders_are_local_days(case: Case) -> None:
    """A call at 01:30 in Shanghai is 17:30 UTC the day before: the user's day is the one shown."""
    from xieshang.negotiation.reminders import case_reminders

    services.contact_record(
        case=case,
        debt=case.debts.get(),
        channel="phone",
        occurred_at=datetime(2026, 11, 27, 17, 30, tzinfo=UTC),  # 2026-11-28 01:30 +08:00
        said="约好再联系",
        follow_up_on=D + timedelta(days=1),
    )
    with translation.override("en"):
        texts = [a.text for a in next_actions(case, today=D) if a.kind == "follow_up"]
        reminders = " ".join(f"{r.summary} {r.description}" for r in case_reminders(case, today=D))
    assert texts and "2026-11-28" in texts[0] and "2026-11-27" not in texts[0]
    assert "2026-11-27" not in reminders
