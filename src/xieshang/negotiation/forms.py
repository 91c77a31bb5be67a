"""Forms of the negotiation pages: field types and choices here; business rules in `services.py`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xieshang.cases.models import Case, Debt
from xieshang.core.hardship import HARDSHIP_REASONS
from xieshang.negotiation.models import Channel, Contact, Offer, Party, TermsKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0.01")}
SHORT_TEXT = forms.Textarea(attrs={"rows": 2})


def _money(label: Any, *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, **MONEY)  # type: ignore[arg-type]


def _percent(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("1000"),
        max_digits=10,
        decimal_places=4,
        help_text=_("Per year, in percent: 0 for interest-free (停息), 18 for 18 %."),
    )


class CaseDebtChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.lender} ({obj.key})"


def _debt_field(case: Case) -> CaseDebtChoice:
    return CaseDebtChoice(
        queryset=Debt.objects.filter(case=case),
        required=False,
        label=_("Debt"),
        empty_label=_("— another lender (name it below) —"),
    )


class ContactForm(forms.Form):
    debt = forms.ModelChoiceField(queryset=Debt.objects.none(), required=False)
    lender = forms.CharField(label=_("Lender (if not one of the debts)"), max_length=100, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    direction = forms.ChoiceField(label=_("Who made contact"), choices=Contact.Direction.choices)
    occurred_at = forms.DateTimeField(
        label=_("When"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )
    person = forms.CharField(label=_("Lender's person"), max_length=100, required=False)
    staff_number = forms.CharField(label=_("Staff number (工号)"), max_length=40, required=False)
    said = forms.CharField(label=_("What was said"), widget=forms.Textarea(attrs={"rows": 3}))
    promise = forms.CharField(label=_("What was promised"), widget=SHORT_TEXT, required=False)
    promise_by = forms.ChoiceField(
        label=_("Promised by"), choices=[("", _("— nobody —")), *Party.choices], required=False
    )
    promise_due = forms.DateField(label=_("Promised by date"), widget=DATE, required=False)
    follow_up_on = forms.DateField(label=_("Next follow-up"), widget=DATE, required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["debt"] = _debt_field(case)


class OfferForm(forms.Form):
    debt = forms.ModelChoiceField(queryset=Debt.objects.none(), required=False)
    responds_to = forms.ModelChoiceField(
        queryset=Offer.objects.none(), required=False, widget=forms.HiddenInput
    )
    contact = forms.ModelChoiceField(
        queryset=Contact.objects.none(), required=False, widget=forms.HiddenInput
    )
    proposed_by = forms.ChoiceField(label=_("Proposed by"), choices=Party.choices)
    proposed_on = forms.DateField(label=_("Proposed on"), widget=DATE)
    kind = forms.ChoiceField(label=_("Kind"), choices=TermsKind.choices)
    amount = _money(_("Amount to repay"))
    months = forms.IntegerField(label=_("Number of payments"), min_value=1, max_value=120, required=False)
    annual_rate_percent = _percent(_("Annual rate (%)"))
    monthly_payment = _money(_("Monthly payment"))
    total_payable = _money(_("Total payable"))
    waived_amount = _money(_("Amount waived"))
    first_due_date = forms.DateField(label=_("First payment due"), widget=DATE, required=False)
    valid_until = forms.DateField(label=_("Valid until"), widget=DATE, required=False)
    terms = forms.CharField(label=_("Terms in words"), widget=SHORT_TEXT, required=False)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["debt"] = _debt_field(case)
        self.fields["responds_to"].queryset = Offer.objects.filter(case=case)  # type: ignore[attr-defined]
        self.fields["contact"].queryset = Contact.objects.filter(case=case)  # type: ignore[attr-defined]


class RespondForm(forms.Form):
    action = forms.ChoiceField(choices=[("accept", "accept"), ("reject", "reject")])
    on = forms.DateField(widget=DATE)


class AgreementForm(forms.Form):
    debt = forms.ModelChoiceField(queryset=Debt.objects.none(), required=False)
    lender = forms.CharField(label=_("Lender (if not one of the debts)"), max_length=100, required=False)
    offer = forms.ModelChoiceField(queryset=Offer.objects.none(), required=False, widget=forms.HiddenInput)
    agreed_on = forms.DateField(label=_("Agreed on"), widget=DATE)
    kind = forms.ChoiceField(label=_("Kind"), choices=TermsKind.choices)
    amount = _money(_("Amount to repay"), required=True)
    months = forms.IntegerField(label=_("Number of payments"), min_value=1, max_value=120, initial=1)
    annual_rate_percent = _percent(_("Annual rate (%)"))
    first_due_date = forms.DateField(label=_("First payment due"), widget=DATE)
    waived_amount = _money(_("Amount waived"))
    terms = forms.CharField(label=_("Terms in words"), widget=SHORT_TEXT, required=False)
    confirmation_note = forms.CharField(
        label=_("Written confirmation"),
        max_length=300,
        required=False,
        help_text=_("Where the lender confirmed it in writing, e.g. an SMS from 95xxx on 12 May."),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["debt"] = _debt_field(case)
        self.fields["offer"].queryset = Offer.objects.filter(case=case)  # type: ignore[attr-defined]


class MarkPaidForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    amount = _money(_("Amount paid"))
    proof_note = forms.CharField(
        label=_("Proof"),
        max_length=300,
        required=False,
        help_text=_("e.g. bank transfer receipt no. …, or the app's repayment screen"),
    )


class HardshipsForm(forms.Form):
    reasons = forms.MultipleChoiceField(
        label=_("Why you cannot pay as agreed"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[],
    )

    def __init__(self, *args: Any, labels: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reasons"].choices = [(r, labels.get(r, r)) for r in HARDSHIP_REASONS]  # type: ignore[attr-defined]


class ToneForm(forms.Form):
    draft = forms.CharField(
        label=_("Your draft message to the lender"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 7}),
    )


def percent_to_rate(value: Decimal | None) -> Decimal | None:
    return None if value is None else value / Decimal(100)
