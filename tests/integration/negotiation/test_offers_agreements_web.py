"""Issue 13 on the negotiation pages: rates typed in percent, the agreement form accepting its own pre-fill,
the engine's terms of an agreement, offers dated in the future refused, offers editable until answered."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from xieshang.cases.casefile_io import case_data_for_case
from xieshang.cases.models import Case
from xieshang.cases.rates import fraction_to_percent_text, percent_text_to_fraction
from xieshang.negotiation import services
from xieshang.negotiation.models import Agreement, Offer


@pytest.fixture
def client(owner: Any) -> Client:
    c = Client()
    c.force_login(owner)
    return c


@pytest.mark.parametrize(
    ("typed", "fraction"),
    [
        ("24", "0.24"),
        ("24%", "0.24"),
        (" 24 % ", "0.24"),
        ("６％", "0.06"),
        ("0.05", "0.0005"),
        ("7.2", "0.072"),
    ],
)
def test_a_rate_typed_in_percent_is_the_exact_fraction(typed: str, fraction: str) -> None:
    assert percent_text_to_fraction(typed) == Decimal(fraction)


def test_a_stored_fraction_is_shown_in_percent_without_trailing_zeros() -> None:
    assert fraction_to_percent_text(Decimal("0.06000000")) == "6"
    assert fraction_to_percent_text(Decimal("0.00050000")) == "0.05"
    assert percent_text_to_fraction("24 percent") is None and percent_text_to_fraction("") is None


def _offer(case: Case, **extra: Any) -> Offer:
    values: dict[str, Any] = {
        "case": case,
        "debt": case.debts.get(),
        "proposed_by": "lender",
        "proposed_on": timezone.localdate() - timedelta(days=2),
        "kind": "installments",
        "amount": Decimal("10920.72"),
        "months": 12,
        "annual_rate": Decimal("0.06"),
    }
    return services.offer_record(**(values | extra))


def _form_values(html: str) -> dict[str, str]:
    """The values the agreement form would post as it is shown (inputs and selected options)."""
    form = html[html.index('id="new-agreement"') :]
    form = form[: form.index("</form>")]
    values = {
        m.group(1): m.group(2)
        for m in re.finditer(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', form)
        if m.group(1) != "csrfmiddlewaretoken"
    }
    for select in re.finditer(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(2))
        if chosen:
            values[select.group(1)] = chosen.group(1)
    return values


def test_accepting_an_offer_opens_an_agreement_form_that_accepts_its_own_prefill(
    case: Case, client: Client
) -> None:
    offer = _offer(case)
    base = f"/cases/{case.name}"
    r = client.post(f"{base}/offers/{offer.pk}/respond/", {"action": "accept", "on": timezone.localdate()})
    assert r.status_code == 302 and f"?offer={offer.pk}" in r["Location"]
    page = client.get(r["Location"]).content.decode()
    values = _form_values(page)
    assert values["annual_rate_percent"] == "6"  # not "6.00000000", which the form then refused
    assert '<span class="unit">' in page  # the unit is shown beside the field
    r = client.post(f"{base}/agreement/", values)
    assert r.status_code == 302, re.findall(r'<ul class="errorlist[^>]*>(.*?)</ul>', r.content.decode(), re.S)
    agreement = Agreement.objects.get()
    assert agreement.annual_rate == Decimal("0.06") and agreement.offer == offer
    assert agreement.first_due_date > agreement.agreed_on


def test_the_agreement_form_records_the_engine_terms(case: Case, client: Client) -> None:
    r = client.post(
        f"/cases/{case.name}/agreement/",
        {
            "debt": case.debts.get().pk,
            "agreed_on": "2026-11-20",
            "kind": "installments",
            "amount": "10920.72",
            "months": "12",
            "annual_rate_percent": "7.2%",
            "method": "fee_installment",
            "first_due_date": "2026-12-20",
            "penalty_annual_rate_percent": "3.6",
            "breaks_after_days": "30",
        },
    )
    assert r.status_code == 302, r.content.decode()[-2000:]
    (item,) = case_data_for_case(case)["debts"][0]["agreements"]
    assert (item["annual_rate"], item["method"], item["penalty_annual_rate"], item["breaks_after_days"]) == (
        "0.072",
        "fee_installment",
        "0.036",
        30,
    )


def test_a_rate_not_in_percent_is_named(case: Case, client: Client) -> None:
    r = client.post(
        f"/cases/{case.name}/agreement/",
        {
            "lender": "x",
            "agreed_on": "2026-11-20",
            "kind": "installments",
            "amount": "100",
            "months": "2",
            "annual_rate_percent": "six",
            "first_due_date": "2026-12-20",
        },
    )
    assert r.status_code == 200 and "24 / 24%" in r.content.decode()
    assert Agreement.objects.count() == 0


def test_an_offer_dated_in_the_future_is_refused(case: Case, client: Client) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    r = client.post(
        f"/cases/{case.name}/offers/",
        {
            "debt": case.debts.get().pk,
            "proposed_by": "borrower",
            "proposed_on": tomorrow.isoformat(),
            "kind": "installments",
            "amount": "10920.72",
            "months": "12",
            "annual_rate_percent": "0",
        },
    )
    assert r.status_code == 200 and "在今天之后" in r.content.decode()
    assert Offer.objects.count() == 0


def test_an_offer_is_answered_on_the_day_given_not_in_the_future(case: Case, client: Client) -> None:
    offer = _offer(case, proposed_on=timezone.localdate() - timedelta(days=10))
    answered = timezone.localdate() - timedelta(days=3)
    url = f"/cases/{case.name}/offers/{offer.pk}/respond/"
    client.post(url, {"action": "reject", "on": (timezone.localdate() + timedelta(days=2)).isoformat()})
    offer.refresh_from_db()
    assert offer.status == "proposed"
    page = client.get(f"/cases/{case.name}/offers/").content.decode()
    assert f'id="respond-on-{offer.pk}"' in page  # the answer's date is settable
    client.post(url, {"action": "reject", "on": answered.isoformat()})
    offer.refresh_from_db()
    assert (offer.status, offer.decided_on) == ("rejected", answered)


def test_an_offer_can_be_edited_until_it_is_answered(case: Case, client: Client) -> None:
    offer = _offer(case)
    url = f"/cases/{case.name}/offers/{offer.pk}/edit/"
    page = client.get(url).content.decode()
    assert 'value="10920.72"' in page and 'name="annual_rate_percent" value="6"' in page
    r = client.post(
        url,
        {
            "debt": case.debts.get().pk,
            "proposed_by": "lender",
            "proposed_on": offer.proposed_on.isoformat(),
            "kind": "installments",
            "amount": "10920.72",
            "months": "6",
            "annual_rate_percent": "0",
            "first_due_date": (timezone.localdate() + timedelta(days=20)).isoformat(),
        },
    )
    assert r.status_code == 302
    offer.refresh_from_db()
    assert (offer.months, offer.annual_rate, offer.monthly_payment) == (6, Decimal("0"), Decimal("1820.12"))
    services.offer_respond(offer=offer, accept=False, on=timezone.localdate())
    r = client.post(url, {"amount": "1"})
    offer.refresh_from_db()
    assert r.status_code == 302 and offer.amount == Decimal("10920.72")
    with pytest.raises(services.InputError, match="answered"):
        services.offer_update(offer=offer, fields={"amount": Decimal("1")})


def test_an_offer_in_the_future_is_refused_by_the_service_too(case: Case) -> None:
    with pytest.raises(services.InputError, match="after today"):
        _offer(case, proposed_on=date(2026, 12, 10), today=date(2026, 12, 9))
    assert _offer(case, proposed_on=date(2026, 12, 10), today=date(2026, 12, 10)).pk
