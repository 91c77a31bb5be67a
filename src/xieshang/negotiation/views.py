"""Pages: the contact log, offers and counter-offers, agreements and their payments.

Every view loads the case with `with_case` → `case_get_for_user` (another user's case is a 404) and every object by its
id *within that case*.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xieshang.cases import kept_pages
from xieshang.cases.form_errors import form_error_summary
from xieshang.cases.models import Case
from xieshang.cases.views_common import with_case
from xieshang.core.dates import add_months
from xieshang.core.errors import XieshangError
from xieshang.evidence.models import EvidenceFile, EvidenceRecord
from xieshang.language import current_lang
from xieshang.negotiation import services
from xieshang.negotiation.contact_log import contact_log, contact_log_page
from xieshang.negotiation.forms import (
    AgreementForm,
    ContactForm,
    MarkPaidForm,
    OfferForm,
    RespondForm,
    case_files,
    percent_to_rate,
)
from xieshang.negotiation.models import AgreedPayment, Agreement, Contact, Offer, Party
from xieshang.negotiation.selectors import (
    agreements_of_case,
    contact_evidence_candidates,
    today_local,
)


def page(request: HttpRequest, case: Case, template: str, active: str, **extra: Any) -> HttpResponse:
    context = {
        "case": case,
        "active": active,
        "today": today_local(),
    }
    return render(request, template, {**context, **extra})


def _fail(form: Form, error: XieshangError) -> None:
    form.add_error(None, error.message(current_lang()))


# -- contacts ---------------------------------------------------------------------------------------------


@with_case
def contacts(request: HttpRequest, case: Case) -> HttpResponse:
    if request.method == "POST":
        form = ContactForm(request.POST, case=case)
        if form.is_valid():
            evidence = form.evidence()
            try:
                contact = services.contact_record(case=case, created_by=request.user, **form.cleaned_data)
                if evidence and any(
                    evidence
                ):  # a new contact has no links to replace: none chosen, none made
                    services.contact_link_evidence(contact=contact, records=evidence[0], files=evidence[1])
            except XieshangError as err:
                _fail(form, err)
            else:
                messages.success(request, _("Contact recorded."))
                return _to_contact(case, contact)
    else:
        now = timezone.localtime().replace(second=0, microsecond=0)
        form = ContactForm(case=case, initial={"occurred_at": now, "direction": Contact.Direction.OUTGOING})
    return page(
        request, case, "negotiation/contacts.html", "contacts", form=form, log_html=_log_html(request, case)
    )


def _log_html(request: HttpRequest, case: Case) -> SafeString:
    """The page of the contact log asked for, kept for the case's state (cases.kept_pages)."""
    number = str(request.GET.get("page") or "1")

    def render_log() -> SafeString:
        log = contact_log(case, number)
        context = {"case": case, "today": today_local(), "log": log, "contacts": log.contacts}
        return render_to_string(
            "negotiation/_contact_log.html", {**context, "csrf_token": kept_pages.CSRF_MARK}
        )

    html = kept_pages.kept("contact-log", request.user, (kept_pages.cases_state([case]), number), render_log)
    return kept_pages.with_csrf(html, request)


def _to_contact(case: Case, contact: Contact) -> HttpResponse:
    """The contact log at the page and place of the contact (the first page unless it is an older one)."""
    url = reverse("negotiation:contacts", kwargs={"case_name": case.name})
    number = contact_log_page(contact)
    return HttpResponseRedirect(f"{url}{f'?page={number}' if number > 1 else ''}#contact-{contact.pk}")


@with_case
def contact_edit(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact, case=case, pk=pk)
    records = contact_evidence_candidates(contact)
    if request.method == "POST":
        form = ContactForm(request.POST, case=case, records=records)
        if form.is_valid():
            evidence = form.evidence()
            try:
                services.contact_update(contact=contact, fields=form.cleaned_data)
                if evidence is not None:
                    services.contact_link_evidence(contact=contact, records=evidence[0], files=evidence[1])
            except XieshangError as err:
                _fail(form, err)
            else:
                messages.success(request, _("Contact updated."))
                return _to_contact(case, contact)
    else:
        initial = {name: getattr(contact, name) for name in services.CONTACT_FIELDS}
        initial["occurred_at"] = timezone.localtime(contact.occurred_at)
        initial["evidence_records"] = list(contact.evidence_records.all())
        initial["evidence_files"] = list(contact.evidence_files.all())
        form = ContactForm(case=case, records=records, initial=initial)
    return page(request, case, "negotiation/contact_edit.html", "contacts", form=form, contact=contact)


@require_POST
@with_case
def contact_done(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    contact = get_object_or_404(Contact, case=case, pk=pk)
    services.contact_follow_up_done(contact=contact, done=request.POST.get("done", "1") == "1")
    return _to_contact(case, contact)


# -- offers -----------------------------------------------------------------------------------------------


def _offer_initial(case: Case, request: HttpRequest) -> dict[str, Any]:
    initial: dict[str, Any] = {"proposed_on": today_local(), "proposed_by": Party.BORROWER}
    contact_id = request.GET.get("contact", "")
    if contact_id.isdigit():
        contact = Contact.objects.filter(case=case, pk=int(contact_id)).first()
        if contact is not None:
            initial |= {
                "contact": contact,
                "debt": contact.debt,
                "proposed_on": timezone.localtime(contact.occurred_at).date(),
            }
    counter_id = request.GET.get("counter", "")
    if counter_id.isdigit():
        base = Offer.objects.filter(case=case, pk=int(counter_id)).first()
        if base is not None:
            other = Party.LENDER if base.proposed_by == Party.BORROWER else Party.BORROWER
            initial |= {
                "responds_to": base,
                "debt": base.debt,
                "proposed_by": other,
                "kind": base.kind,
                "amount": base.amount,
                "months": base.months,
                "first_due_date": base.first_due_date,
            }
    return initial


@with_case
def offers(request: HttpRequest, case: Case) -> HttpResponse:
    if request.method == "POST":
        form = OfferForm(request.POST, case=case)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["annual_rate"] = percent_to_rate(data.pop("annual_rate_percent"))
            try:
                services.offer_record(case=case, **data)
            except XieshangError as err:
                _fail(form, err)
            else:
                messages.success(request, _("Offer recorded."))
                return redirect("negotiation:offers", case_name=case.name)
    else:
        form = OfferForm(case=case, initial=_offer_initial(case, request))
    today = today_local()
    items = [(o, o.status_on(today)) for o in case.offers.select_related("debt", "responds_to")]
    countering = form.initial.get("responds_to") or (form.data.get("responds_to") if form.is_bound else None)
    return page(
        request, case, "negotiation/offers.html", "offers", form=form, offers=items, countering=countering
    )


@with_case
def offer_edit(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    """Correct an offer while it is still open (answered offers are part of the record and stay as they are)."""
    offer = get_object_or_404(Offer, case=case, pk=pk)
    if offer.status != Offer.Status.PROPOSED:
        messages.error(request, _("An answered offer can no longer be changed."))
        return redirect("negotiation:offers", case_name=case.name)
    if request.method == "POST":
        form = OfferForm(request.POST, case=case)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["annual_rate"] = percent_to_rate(data.pop("annual_rate_percent"))
            for name in ("responds_to", "contact"):
                data.pop(name, None)
            try:
                services.offer_update(offer=offer, fields=data)
            except XieshangError as err:
                _fail(form, err)
            else:
                messages.success(request, _("Offer updated."))
                return redirect("negotiation:offers", case_name=case.name)
    else:
        initial = {name: getattr(offer, name) for name in services.OFFER_FIELDS}
        initial["annual_rate_percent"] = initial.pop("annual_rate")
        form = OfferForm(case=case, initial=initial)
    return page(request, case, "negotiation/offer_edit.html", "offers", form=form, offer=offer)


@require_POST
@with_case
def offer_respond(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer, case=case, pk=pk)
    form = RespondForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose accept or reject and a date."))
        return redirect("negotiation:offers", case_name=case.name)
    accept = form.cleaned_data["action"] == "accept"
    try:
        services.offer_respond(offer=offer, accept=accept, on=form.cleaned_data["on"])
    except XieshangError as err:
        messages.error(request, err.message(current_lang()))
        return redirect("negotiation:offers", case_name=case.name)
    if accept:
        messages.success(
            request, _("Offer accepted. Record the agreement once the lender confirms it in writing.")
        )
        return redirect(f"{_agreement_url(case)}?offer={offer.pk}#new-agreement")
    messages.success(request, _("Offer marked as rejected."))
    return redirect("negotiation:offers", case_name=case.name)


# -- agreements -------------------------------------------------------------------------------------------


def _agreement_url(case: Case) -> str:
    return reverse("negotiation:agreement", kwargs={"case_name": case.name})


def _agreement_initial(case: Case, request: HttpRequest) -> dict[str, Any]:
    initial: dict[str, Any] = {"agreed_on": today_local(), "months": 1}
    record_id = request.GET.get("confirmation_record", "")
    if record_id.isdigit() and EvidenceRecord.objects.filter(case=case, pk=int(record_id)).exists():
        initial["confirmation_record"] = int(record_id)
    offer_id = request.GET.get("offer", "")
    if offer_id.isdigit():
        offer = Offer.objects.filter(case=case, pk=int(offer_id)).first()
        if offer is not None:
            rate = offer.annual_rate
            initial |= {
                "offer": offer,
                "debt": offer.debt,
                "kind": offer.kind,
                "amount": offer.amount or offer.total_payable,
                "months": offer.months or 1,
                "annual_rate_percent": rate,  # a fraction: the field shows it in percent ("6", not "6.00000000")
                "agreed_on": offer.decided_on or today_local(),
                "first_due_date": offer.first_due_date or add_months(offer.decided_on or today_local(), 1),
                "waived_amount": offer.waived_amount,
                "terms": offer.terms,
            }
    return initial


@with_case
def agreement(request: HttpRequest, case: Case) -> HttpResponse:
    if request.method == "POST":
        form = AgreementForm(request.POST, case=case)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["annual_rate"] = percent_to_rate(data.pop("annual_rate_percent")) or Decimal("0")
            data["penalty_annual_rate"] = percent_to_rate(data.pop("penalty_annual_rate_percent")) or Decimal(
                "0"
            )
            data["breaks_after_days"] = data.get("breaks_after_days") or 0
            data["method"] = data.get("method") or "equal_installment"
            try:
                services.agreement_record(case=case, **data)
            except XieshangError as err:
                _fail(form, err)
            else:
                messages.success(request, _("Agreement recorded with its payment schedule."))
                return redirect("negotiation:agreement", case_name=case.name)
    else:
        form = AgreementForm(case=case, initial=_agreement_initial(case, request))
    today = today_local()
    overviews = agreements_of_case(case, today)
    return page(
        request,
        case,
        "negotiation/agreement.html",
        "agreement",
        form=form,
        overviews=overviews,
        files=list(case_files(case)),
    )


@require_POST
@with_case
def agreement_confirm(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    item = get_object_or_404(Agreement, case=case, pk=pk)
    form = AgreementForm(request.POST, case=case)
    form.is_valid()  # only the confirmation fields are used here
    if any(
        form.errors.get(name) for name in ("confirmation_file", "confirmation_record", "confirmation_note")
    ):
        messages.error(request, _("Check the confirmation: the file or message was not found in this case."))
    else:
        services.agreement_confirm(
            agreement=item,
            confirmation_note=form.cleaned_data.get("confirmation_note") or None,
            confirmation_file=form.cleaned_data.get("confirmation_file"),
            confirmation_record=form.cleaned_data.get("confirmation_record"),
        )
        messages.success(request, _("Written confirmation saved."))
    return redirect(f"{_agreement_url(case)}#agreement-{item.pk}")


@require_POST
@with_case
def payment_paid(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    payment = get_object_or_404(AgreedPayment, agreement__case=case, pk=pk)
    form = MarkPaidForm(request.POST)
    proof_file = None
    if form.is_valid() and form.cleaned_data["proof_file"]:
        proof_file = EvidenceFile.objects.filter(case=case, pk=form.cleaned_data["proof_file"]).first()
        if proof_file is None:
            form.add_error("proof_file", _("No such file in this case."))
    if not form.is_valid():
        messages.error(request, form_error_summary(form))
    else:
        try:
            services.agreed_payment_mark_paid(
                payment=payment,
                paid_on=form.cleaned_data["paid_on"],
                amount=form.cleaned_data["amount"],
                proof_note=form.cleaned_data["proof_note"],
                proof_file=proof_file,
            )
        except XieshangError as err:
            messages.error(request, err.message(current_lang()))
        else:
            messages.success(request, _("Payment %(n)s marked as paid.") % {"n": payment.n})
    return redirect(f"{_agreement_url(case)}#agreement-{payment.agreement_id}")


@require_POST
@with_case
def payment_unmark(request: HttpRequest, case: Case, pk: int) -> HttpResponse:
    payment = get_object_or_404(AgreedPayment, agreement__case=case, pk=pk)
    services.agreed_payment_unmark(payment=payment)
    messages.success(request, _("Payment %(n)s marked as unpaid again.") % {"n": payment.n})
    return redirect(f"{_agreement_url(case)}#agreement-{payment.agreement_id}")
