"""The demo moves with today: E1 moved by whole months to the latest 28th on or before the day it is
created, evaluated on today; its evidence, contact and to-do dates move with it."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from xieshang.cases.models import Case
from xieshang.evidence.models import EvidenceRecord
from xieshang.workbench import demo

pytestmark = pytest.mark.django_db
CST = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(
    ("today", "months"),
    [
        (date(2026, 11, 28), 0),
        (date(2026, 12, 2), 0),
        (date(2026, 12, 28), 1),
        (date(2027, 3, 10), 3),
        (date(2028, 1, 31), 14),
        (date(2026, 11, 27), -1),
    ],
)
def test_demo_months(today: date, months: int) -> None:
    assert demo.demo_months(today) == months


@override_settings(DEMO=True)
def test_demo_created_later_is_dated_relative_to_that_day() -> None:
    demo.demo_ensure(today=date(2027, 3, 10))  # three months after the anchor (2027-02-28 <= 03-10)
    case = Case.objects.get(name=demo.DEMO_CASE)
    assert case.as_of is None  # evaluated on today, like a real case
    debt = case.debts.get()
    assert debt.start_date == date(2026, 4, 15)
    assert [p.date for p in debt.payments.order_by("date")][:2] == [date(2026, 5, 15), date(2026, 6, 15)]
    first = EvidenceRecord.objects.filter(case=case, kind="sms").order_by("timestamp").first()
    assert first is not None
    assert first.timestamp.astimezone(CST).strftime("%Y-%m-%d %H:%M") == "2026-11-13 10:02"
    assert "2026-11-15到期" in first.text  # the date in the reminder's words moved too
    night = EvidenceRecord.objects.filter(case=case, kind="call", counterpart="17100001234").order_by(
        "timestamp"
    )
    assert night[0].timestamp.astimezone(CST).strftime("%Y-%m-%d %H:%M") == "2027-01-09 22:40"
    contact = case.contacts.get()
    assert (contact.promise_due, contact.follow_up_on) == (date(2027, 1, 1), date(2027, 3, 1))
    assert contact.occurred_at.astimezone(CST).date() == date(2026, 12, 24)


@override_settings(DEMO=True)
def test_demo_on_its_own_anchor_day_shows_e1() -> None:
    """Evaluated on the (moved) anchor day the demo has E1's figures."""
    from xieshang.cases.casefile_io import case_file_for_case
    from xieshang.figures import assess

    demo.demo_ensure(today=date(2027, 3, 10))
    case = Case.objects.get(name=demo.DEMO_CASE)
    status = assess(case_file_for_case(case), date(2027, 2, 28)).debts[0].status
    assert (status.dpd, status.bucket) == (105, "M4")
    assert status.outstanding_principal > 0
