"""The negotiation pages: another user's case is a 404 everywhere (.ics included); the flows work by POST;
Chinese first, English complete; the .ics parses, with stable UIDs and alarms."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import icalendar
import pytest
from django.test import Client
from django.utils import timezone

from xieshang.cases.models import Case
from xieshang.negotiation import services
from xieshang.negotiation.models import AgreedPayment, Agreement, Contact, Offer

pytestmark = pytest.mark.django_db


def _objects(case: Case) -> dict[str, int]:
    today = timezone.localdate()
    contact = services.contact_record(
        case=case,
        debt=case.debts.get(),
        channel="phone",
        occurred_at=timezone.now(),
        said="请求分期",
        follow_up_on=today + timedelta(days=2),
        promise="回电",
        promise_by="lender",
        promise_due=today + timedelta(days=1),
    )
    offer = services.offer_record(
        case=case,
        proposed_by="lender",
        proposed_on=today,
        kind="waiver",
        terms="减免罚息",
        valid_until=today + timedelta(days=5),
    )
    agreement = services.agreement_record(
        case=case,
        debt=case.debts.get(),
        agreed_on=today - timedelta(days=3),
        kind="installments",
        amount=Decimal("1200.00"),
        months=3,
        first_due_date=today + timedelta(days=2),
    )
    return {
        "contact": contact.pk,
        "offer": offer.pk,
        "agreement": agreement.pk,
        "payment": agreement.payments.get(n=1).pk,
    }


def _urls(case: Case, ids: dict[str, int]) -> list[tuple[str, str]]:
    base = f"/cases/{case.name}"
    return [
        ("get", f"{base}/contacts/"),
        ("post", f"{base}/contacts/"),
        ("get", f"{base}/contacts/{ids['contact']}/"),
        ("post", f"{base}/contacts/{ids['contact']}/"),
        ("post", f"{base}/contacts/{ids['contact']}/done/"),
        ("get", f"{base}/offers/"),
        ("post", f"{base}/offers/"),
        ("post", f"{base}/offers/{ids['offer']}/respond/"),
        ("get", f"{base}/agreement/"),
        ("post", f"{base}/agreement/"),
        ("post", f"{base}/agreement/{ids['agreement']}/confirm/"),
        ("post", f"{base}/agreement/payments/{ids['payment']}/paid/"),
        ("post", f"{base}/agreement/payments/{ids['payment']}/unpaid/"),
        ("get", f"{base}/checklist/"),
        ("post", f"{base}/checklist/"),
        ("get", f"{base}/tone/"),
        ("post", f"{base}/tone/"),
        ("get", f"{base}/calendar.ics"),
    ]


def _snapshot(case: Case) -> tuple[Any, ...]:
    return (
        list(Contact.objects.values_list("follow_up_done", "said")),
        list(Offer.objects.values_list("status", flat=True)),
        list(Agreement.objects.values_list("confirmation_note", flat=True)),
        list(AgreedPayment.objects.values_list("paid_on", flat=True)),
        case.checklist_ticks.count(),
    )


def test_another_user_gets_404_on_every_url_and_changes_nothing(case: Case, stranger: Any) -> None:
    ids = _objects(case)
    before = _snapshot(case)
    client = Client()
    client.force_login(stranger)
    data = {
        "action": "accept",
        "on": "2026-12-01",
        "paid_on": "2026-12-01",
        "doc_key": "payslip",
        "draft": "x",
        "said": "x",
        "channel": "phone",
        "occurred_at": "2026-12-01T10:00",
        "direction": "outgoing",
        "lender": "x",
        "confirmation_note": "x",
    }
    for method, url in _urls(case, ids):
        response = client.get(url) if method == "get" else client.post(url, data)
        assert response.status_code == 404, (method, url, response.status_code)
        assert "李明" not in response.content.decode()
    assert _snapshot(case) == before


def test_anonymous_is_sent_to_login(case: Case) -> None:
    ids = _objects(case)
    client = Client()
    for method, url in _urls(case, ids):
        response = client.get(url) if method == "get" else client.post(url, {})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], (method, url)


def test_objects_of_another_case_are_404_even_for_a_user_with_both(case: Case, owner: Any) -> None:
    from xieshang.cases.services import case_create

    other = case_create(
        owner=owner,
        name="second",
        borrower_name="李明",
        monthly_income=Decimal("1"),
        monthly_essential_expenses=Decimal("1"),
    )
    ids = _objects(case)
    client = Client()
    client.force_login(owner)
    assert client.post(f"/cases/{other.name}/contacts/{ids['contact']}/done/").status_code == 404
    assert (
        client.post(
            f"/cases/{other.name}/agreement/payments/{ids['payment']}/paid/", {"paid_on": "2026-12-01"}
        ).status_code
        == 404
    )


def test_counselor_assigned_sees_the_pages(case: Case, stranger: Any) -> None:
    case.counselors.add(stranger)
    client = Client()
    client.force_login(stranger)
    assert client.get(f"/cases/{case.name}/contacts/").status_code == 200


def test_contact_offer_agreement_payment_flow_by_post(case: Case, owner: Any) -> None:
    client = Client()
    client.force_login(owner)
    base = f"/cases/{case.name}"
    debt = case.debts.get()
    r = client.post(
        f"{base}/contacts/",
        {
            "debt": debt.pk,
            "channel": "phone",
            "direction": "outgoing",
            "occurred_at": "2026-11-28T10:30",
            "person": "王女士",
            "staff_number": "A1024",
            "said": "说明失业，请求停息分期",
            "follow_up_on": "2026-12-03",
        },
    )
    assert r.status_code == 302
    contact = Contact.objects.get()
    assert (contact.staff_number, contact.occurred_at.hour) == ("A1024", 2)  # 10:30 Asia/Shanghai = 02:30 UTC
    page = client.get(f"{base}/contacts/").content.decode()
    assert "王女士" in page and "A1024" in page and "联系记录" in page

    r = client.post(
        f"{base}/offers/",
        {
            "debt": debt.pk,
            "proposed_by": "borrower",
            "proposed_on": "2026-11-28",
            "kind": "installments",
            "amount": "10920.72",
            "months": "12",
            "annual_rate_percent": "0",
            "first_due_date": "2026-12-28",
        },
    )
    assert r.status_code == 302
    ours = Offer.objects.get()
    assert ours.monthly_payment == Decimal("910.06")
    r = client.post(
        f"{base}/offers/",
        {
            "responds_to": ours.pk,
            "proposed_by": "lender",
            "proposed_on": "2026-11-30",
            "kind": "installments",
            "amount": "10920.72",
            "months": "6",
            "annual_rate_percent": "0",
            "first_due_date": "2026-12-28",
        },
    )
    assert r.status_code == 302
    theirs = Offer.objects.get(responds_to=ours)
    r = client.post(f"{base}/offers/{theirs.pk}/respond/", {"action": "accept", "on": "2026-12-01"})
    assert r.status_code == 302 and f"?offer={theirs.pk}" in r["Location"]
    form_page = client.get(r["Location"]).content.decode()
    assert "10920.72" in form_page

    r = client.post(
        f"{base}/agreement/",
        {
            "offer": theirs.pk,
            "agreed_on": "2026-12-01",
            "kind": "installments",
            "amount": "10920.72",
            "months": "6",
            "annual_rate_percent": "0",
            "first_due_date": "2026-12-28",
            "confirmation_note": "95xxx 短信",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    agreement = Agreement.objects.get()
    first = agreement.payments.get(n=1)
    assert first.amount == Decimal("1820.12")
    r = client.post(
        f"{base}/agreement/payments/{first.pk}/paid/",
        {"paid_on": "2026-12-27", "amount": "1820.12", "proof_note": "回单 77"},
    )
    first.refresh_from_db()
    assert first.paid_on == date(2026, 12, 27) and first.proof_note == "回单 77"
    page = client.get(f"{base}/agreement/").content.decode()
    assert "回单 77" in page and "1820.12" in page


def test_form_errors_are_shown_not_raised(case: Case, owner: Any) -> None:
    client = Client()
    client.force_login(owner)
    r = client.post(
        f"/cases/{case.name}/agreement/",
        {
            "lender": "x",
            "agreed_on": "2026-12-01",
            "kind": "settlement",
            "amount": "100",
            "months": "1",
            "first_due_date": "2026-11-01",
        },
    )
    assert r.status_code == 200 and "首期还款日不能早于协议日期" in r.content.decode()
    r = client.post(
        f"/cases/{case.name}/agreement/",
        {
            "lender": "x",
            "agreed_on": "2026-12-01",
            "kind": "settlement",
            "amount": "100",
            "months": "1",
            "first_due_date": "2026-11-01",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "the first payment cannot be due before the agreement" in r.content.decode()
    assert Agreement.objects.count() == 0


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_every_page_renders_in_both_languages(case: Case, owner: Any, lang: str) -> None:
    ids = _objects(case)
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    client.force_login(owner)
    expected = {
        "contacts": ("联系记录", "Contact log"),
        "offers": ("方案与还价", "Offers and counter-offers"),
        "agreement": ("协议与还款", "Agreement and payments"),
        "checklist": ("困难情况与证据清单", "Hardship and evidence checklist"),
        "tone": ("语气助手", "Tone helper"),
    }
    for name, (zh, en) in expected.items():
        page = client.get(f"/cases/{case.name}/{name}/").content.decode()
        assert (zh if lang == "zh-hans" else en) in page, name
    page = client.get(f"/cases/{case.name}/contacts/{ids['contact']}/").content.decode()
    assert ("编辑联系记录" if lang == "zh-hans" else "Edit the contact") in page


def test_tone_page_highlights_and_htmx_returns_a_fragment(case: Case, owner: Any) -> None:
    client = Client()
    client.force_login(owner)
    url = f"/cases/{case.name}/tone/"
    page = client.post(url, {"draft": "你们就是骗子！！！一分钱都不还"}).content.decode()
    assert '<mark class="tone-' in page and "<html" in page and "说明你的能力" in page
    fragment = client.post(url, {"draft": "我不想活了"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and "12356" in fragment


def test_checklist_page_ticks_and_reasons(case: Case, owner: Any) -> None:
    client = Client()
    client.force_login(owner)
    url = f"/cases/{case.name}/checklist/"
    assert "失业证明" in client.get(url).content.decode()
    client.post(url, {"doc_key": "resignation_certificate", "ticked": "1"})
    assert case.checklist_ticks.filter(doc_key="resignation_certificate").exists()
    client.post(url, {"reasons": ["illness"]})
    case.refresh_from_db()
    assert case.hardships == ["illness"]
    assert "诊断证明" in client.get(url).content.decode()


def test_ics_parses_with_stable_uids_and_alarms(case: Case, owner: Any) -> None:
    _objects(case)
    client = Client()
    client.force_login(owner)
    first = client.get(f"/cases/{case.name}/calendar.ics")
    assert first.status_code == 200 and first["Content-Type"].startswith("text/calendar")
    assert "attachment" in first["Content-Disposition"]
    cal = icalendar.Calendar.from_ical(first.content)
    assert str(cal["VERSION"]) == "2.0" and cal.get("PRODID")
    events = list(cal.walk("VEVENT"))
    kinds = sorted(str(e["UID"]).split("-")[0] for e in events)
    assert kinds == ["agreed", "agreed", "agreed", "contact", "contact", "offer"]
    for event in events:
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert prop in event, prop
        alarms = list(event.walk("VALARM"))
        assert alarms and all(str(a["ACTION"]) == "DISPLAY" and "TRIGGER" in a for a in alarms)
        assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(days=1)
    payment_event = next(e for e in events if str(e["UID"]).startswith("agreed-payment"))
    triggers = sorted(a.decoded("TRIGGER") for a in payment_event.walk("VALARM"))
    assert triggers == [timedelta(days=-3, hours=9), timedelta(hours=-15)]
    second = client.get(f"/cases/{case.name}/calendar.ics")
    assert second.content == first.content  # same items → same calendar (UIDs and stamps stable)
    payment = AgreedPayment.objects.order_by("n").first()
    assert payment is not None
    services.agreed_payment_mark_paid(payment=payment, paid_on=timezone.localdate())
    third = icalendar.Calendar.from_ical(client.get(f"/cases/{case.name}/calendar.ics").content)
    uids = {str(e["UID"]) for e in third.walk("VEVENT")}
    assert f"agreed-payment-{payment.pk}@xieshang.local" not in uids and len(uids) == len(events) - 1
