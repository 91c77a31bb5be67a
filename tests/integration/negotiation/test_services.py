"""Services of the negotiation record: validation, the offer lifecycle, agreements and their payments."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from datetime import timezone as dt_timezone
from decimal import Decimal
from typing import Any

import pytest

from xieshang.cases.models import Case, Payment
from xieshang.cases.services import case_create
from xieshang.core.errors import InputError
from xieshang.negotiation import services
from xieshang.negotiation.models import Offer
from xieshang.negotiation.schedule import agreement_schedule

pytestmark = pytest.mark.django_db
D = date(2026, 11, 28)
WHEN = datetime(2026, 11, 28, 10, 30, tzinfo=dt_timezone(timedelta(hours=8)))


def test_contact_is_recorded_with_its_promise(case: Case, owner: Any) -> None:
    debt = case.debts.get()
    contact = services.contact_record(
        case=case,
        debt=debt,
        channel="phone",
        occurred_at=WHEN,
        person="王女士",
        staff_number="A1024",
        said="说明失业情况，请求停息分期",
        promise="三个工作日内回电答复分期方案",
        promise_by="lender",
        promise_due=date(2026, 12, 2),
        follow_up_on=date(2026, 12, 3),
        created_by=owner,
    )
    assert contact.lender_name == "360借条"
    assert (contact.staff_number, contact.promise_by, contact.created_by) == ("A1024", "lender", owner)


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"channel": "pigeon"}, "invalid choice"),
        ({"said": "   "}, "what was said"),
        ({"debt": None}, "name the lender"),
        ({"promise": "", "promise_due": date(2026, 12, 1)}, "promise"),
        ({"follow_up_on": date(2026, 11, 1)}, "follow-up"),
    ],
)
def test_contact_validation(case: Case, changes: dict[str, Any], fragment: str) -> None:
    values: dict[str, Any] = {
        "case": case,
        "debt": case.debts.get(),
        "channel": "phone",
        "occurred_at": WHEN,
        "said": "问候",
    }
    values.update(changes)
    with pytest.raises(InputError, match=fragment):
        services.contact_record(**values)
    assert case.contacts.count() == 0


def test_contact_of_another_case_debt_is_refused(case: Case, owner: Any) -> None:
    other = case_create(
        owner=owner,
        name="other",
        borrower_name="x",
        monthly_income=Decimal("1"),
        monthly_essential_expenses=Decimal("1"),
    )
    with pytest.raises(InputError, match="does not belong"):
        services.contact_record(case=other, debt=case.debts.get(), channel="sms", occurred_at=WHEN, said="x")


@pytest.mark.postgres
def test_counter_offer_marks_the_first_countered_and_then_accept(case: Case) -> None:
    debt = case.debts.get()
    ours = services.offer_record(
        case=case,
        debt=debt,
        proposed_by="borrower",
        proposed_on=D,
        kind="installments",
        amount=Decimal("10920.72"),
        months=12,
        annual_rate=Decimal("0"),
        first_due_date=date(2026, 12, 28),
        valid_until=date(2026, 12, 5),
    )
    # 停息 12 months of the plan's base (spec worked example E1): 910.06 a month, 10,920.72 in all.
    assert (ours.monthly_payment, ours.total_payable) == (Decimal("910.06"), Decimal("10920.72"))
    theirs = services.offer_record(
        case=case,
        responds_to=ours,
        proposed_by="lender",
        proposed_on=date(2026, 11, 30),
        kind="installments",
        amount=Decimal("10920.72"),
        months=12,
        annual_rate=Decimal("0.18"),
        first_due_date=date(2026, 12, 28),
    )
    ours.refresh_from_db()
    assert ours.status == Offer.Status.COUNTERED and ours.decided_on == date(2026, 11, 30)
    assert theirs.debt == debt  # inherited from the offer countered
    # 12 months at 18 % (spec E1): first payment 1,001.21, 12,014.55 in all.
    assert (theirs.monthly_payment, theirs.total_payable) == (Decimal("1001.21"), Decimal("12014.55"))
    with pytest.raises(InputError, match="already been answered"):
        services.offer_respond(offer=ours, accept=True, on=date(2026, 12, 1))
    services.offer_respond(offer=theirs, accept=True, on=date(2026, 12, 1))
    theirs.refresh_from_db()
    assert theirs.status == Offer.Status.ACCEPTED


def test_offer_rules(case: Case) -> None:
    base: dict[str, Any] = {"case": case, "proposed_by": "borrower", "proposed_on": D, "kind": "waiver"}
    with pytest.raises(InputError, match="amount or write the terms"):
        services.offer_record(**base)
    with pytest.raises(InputError, match="positive"):
        services.offer_record(**base, waived_amount=Decimal("-1"))
    with pytest.raises(InputError, match="valid-until"):
        services.offer_record(**base, terms="减免罚息", valid_until=D - timedelta(days=1))
    offer = services.offer_record(**base, terms="减免罚息 325.68", valid_until=D + timedelta(days=3))
    with pytest.raises(InputError, match="other side"):
        services.offer_record(**base, terms="again", responds_to=offer)
    with pytest.raises(InputError, match="expired"):
        services.offer_respond(offer=offer, accept=True, on=D + timedelta(days=4))
    assert offer.status_on(D + timedelta(days=4)) == Offer.Status.EXPIRED
    services.offer_respond(offer=offer, accept=False, on=D + timedelta(days=1))
    offer.refresh_from_db()
    assert offer.status == Offer.Status.REJECTED
    with pytest.raises(InputError, match="rejected or countered"):
        services.agreement_record(
            case=case, offer=offer, agreed_on=D, kind="waiver", amount=Decimal("1"), first_due_date=D
        )


@pytest.mark.postgres
def test_agreement_schedule_and_payments(case: Case) -> None:
    debt = case.debts.get()
    offer = services.offer_record(
        case=case, debt=debt, proposed_by="lender", proposed_on=D, kind="installments", terms="停息分期 12 期"
    )
    agreement = services.agreement_record(
        case=case,
        offer=offer,
        agreed_on=D,
        kind="installments",
        amount=Decimal("10920.72"),
        months=12,
        first_due_date=date(2027, 1, 31),
        confirmation_note="95xxx 短信 2026-11-28",
    )
    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED and agreement.debt == debt
    rows = list(agreement.payments.all())
    assert len(rows) == 12 and sum(r.amount for r in rows) == Decimal("10920.72")
    assert [r.amount for r in rows[:11]] == [Decimal("910.06")] * 11
    # due dates from the first due date each time, clamped: Jan 31 → Feb 28 → Mar 31 → Apr 30
    assert [r.due_date for r in rows[:4]] == [
        date(2027, 1, 31),
        date(2027, 2, 28),
        date(2027, 3, 31),
        date(2027, 4, 30),
    ]

    before = Payment.objects.filter(debt=debt).count()
    first = rows[0]
    services.agreed_payment_mark_paid(payment=first, paid_on=date(2027, 1, 30), proof_note="转账回单 0042")
    first.refresh_from_db()
    assert first.paid_in_full and first.paid_amount == Decimal("910.06") and first.debt_payment is not None
    assert Payment.objects.filter(debt=debt).count() == before + 1
    assert first.debt_payment.amount == Decimal("910.06") and first.debt_payment.date == date(2027, 1, 30)
    with pytest.raises(InputError, match="already marked"):
        services.agreed_payment_mark_paid(payment=first, paid_on=date(2027, 1, 31))
    services.agreed_payment_unmark(payment=first)
    first.refresh_from_db()
    assert first.paid_on is None and Payment.objects.filter(debt=debt).count() == before
    with pytest.raises(InputError, match="predate"):
        services.agreed_payment_mark_paid(payment=first, paid_on=D - timedelta(days=1))
    with pytest.raises(InputError, match="positive"):
        services.agreed_payment_mark_paid(payment=first, paid_on=D, amount=Decimal("0"))


def test_agreement_validation_writes_nothing(case: Case) -> None:
    with pytest.raises(InputError, match="first payment"):
        services.agreement_record(
            case=case,
            lender="招商银行信用卡",
            agreed_on=D,
            kind="settlement",
            amount=Decimal("5000"),
            first_due_date=D - timedelta(days=1),
        )
    with pytest.raises(InputError, match="1 to 600"):
        services.agreement_record(
            case=case,
            lender="x",
            agreed_on=D,
            kind="installments",
            amount=Decimal("5000"),
            months=0,
            first_due_date=D,
        )
    with pytest.raises(InputError, match="name the lender"):
        services.agreement_record(
            case=case, agreed_on=D, kind="settlement", amount=Decimal("1"), first_due_date=D
        )
    assert case.agreements.count() == 0


def test_settlement_is_one_payment_without_a_debt_payment(case: Case) -> None:
    agreement = services.agreement_record(
        case=case,
        lender="招商银行信用卡",
        agreed_on=D,
        kind="settlement",
        amount=Decimal("5000.00"),
        first_due_date=D,
    )
    (only,) = agreement.payments.all()
    assert (only.amount, only.due_date, only.interest) == (Decimal("5000.00"), D, Decimal("0.00"))
    services.agreed_payment_mark_paid(payment=only, paid_on=D, amount=Decimal("4000.00"))
    only.refresh_from_db()
    assert not only.paid_in_full and only.debt_payment is None  # no debt of the case: nothing recorded there


def test_schedule_matches_the_core_schedule_sum_and_rate() -> None:
    rows = agreement_schedule(amount=Decimal("6000"), months=6, annual_rate=Decimal("0.12"), first_due_date=D)
    assert sum(r.principal for r in rows) == Decimal("6000")
    assert rows[0].interest == Decimal("60.00")  # 6000 × 12 % / 12
    assert all(r.amount == r.principal + r.interest for r in rows)


def test_checklist_ticks_and_hardships(case: Case) -> None:
    services.checklist_tick(case=case, doc_key="resignation_certificate")
    services.checklist_tick(case=case, doc_key="resignation_certificate", note="again")  # idempotent
    assert case.checklist_ticks.count() == 1
    with pytest.raises(InputError, match="not on the checklist"):
        services.checklist_tick(case=case, doc_key="lottery_ticket")
    services.checklist_tick(case=case, doc_key="resignation_certificate", ticked=False)
    assert case.checklist_ticks.count() == 0
    services.case_hardships_set(case=case, reasons=["illness", "illness", "family"])
    case.refresh_from_db()
    assert case.hardships == ["illness", "family"]
    with pytest.raises(InputError, match="unknown hardship"):
        services.case_hardships_set(case=case, reasons=["bad luck"])
