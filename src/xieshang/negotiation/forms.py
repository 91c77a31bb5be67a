"""Forms of the negotiation pages: field types and choices here; business rules in `services.py`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xieshang.cases.form_errors import AmountDecimalField, HumanErrorsMixin
from xieshang.cases.models import Case, Debt
from xieshang.cases.rates import PercentField
from xieshang.core.hardship import HARDSHIP_REASONS
from xieshang.evidence.models import EvidenceFile, EvidenceRecord
from xieshang.negotiation.models import AgreedMethod, Channel, Contact, Offer, Party, TermsKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONEY = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0.01")}
SHORT_TEXT = forms.Textarea(attrs={"rows": 2})


def _money(label: Any, *, required: bool = False) -> forms.DecimalField:
    return AmountDecimalField(label=label, required=required, **MONEY)  # type: ignore[arg-type]


def _percent(label: Any, help_text: Any = None) -> PercentField:
    """A rate typed in percent (`18` or `18%`); cleaned to the exact fraction as text (see cases.rates)."""
    return PercentField(
        label=label,
        help_text=help_text or _("Per year, in percent: 0 for interest-free (停息), 18 for 18 %."),
    )


class CaseDebtChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.lender} ({obj.key})"


class EvidenceFileChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.original_name} ({obj.imported_at:%Y-%m-%d})"


class EvidenceFilesChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.original_name} ({obj.imported_at:%Y-%m-%d})"


class EvidenceRecordsChoice(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        text = " ".join(obj.text.split())[:60]
        when = timezone.localtime(obj.timestamp)
        return f"{when:%m-%d %H:%M} · {obj.get_kind_display()} · {obj.counterpart_name or obj.counterpart} · {text}"


def case_files(case: Case) -> Any:
    return EvidenceFile.objects.filter(case=case, deletion_requested_at__isnull=True).order_by("-imported_at")


def _debt_field(case: Case) -> CaseDebtChoice:
    return CaseDebtChoice(
        queryset=Debt.objects.filter(case=case),
        required=False,
        label=_("Debt"),
        empty_label=_("— another lender (name it below) —"),
    )


class ContactForm(HumanErrorsMixin, forms.Form):
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

    def __init__(
        self, *args: Any, case: Case, records: list[EvidenceRecord] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["debt"] = _debt_field(case)
        files = case_files(case)
        if files.exists():
            self.fields["evidence_files"] = EvidenceFilesChoice(
                queryset=files, required=False, widget=forms.CheckboxSelectMultiple, label=_("Evidence files")
            )
        if records:
            self.fields["evidence_records"] = EvidenceRecordsChoice(
                queryset=EvidenceRecord.objects.filter(pk__in=[r.pk for r in records]),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=_("Messages and calls around this time"),
            )

    def evidence(self) -> tuple[list[EvidenceRecord], list[EvidenceFile]] | None:
        """The evidence chosen (None when the form offers none: links are then left as they are)."""
        data = self.cleaned_data
        if "evidence_files" not in self.fields and "evidence_records" not in self.fields:
            return None
        return list(data.pop("evidence_records", [])), list(data.pop("evidence_files", []))


class OfferForm(HumanErrorsMixin, forms.Form):
    debt = forms.ModelChoiceField(queryset=Debt.objects.none(), required=False)
    lender = forms.CharField(label=_("Lender (if not one of the debts)"), max_length=100, required=False)
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
    months = forms.IntegerField(label=_("Number of payments"), min_value=1, max_value=600, required=False)
    annual_rate_percent = _percent(_("Annual rate"))
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


class RespondForm(HumanErrorsMixin, forms.Form):
    action = forms.ChoiceField(choices=[("accept", "accept"), ("reject", "reject")])
    on = forms.DateField(widget=DATE)


class AgreementForm(HumanErrorsMixin, forms.Form):
    debt = forms.ModelChoiceField(queryset=Debt.objects.none(), required=False)
    lender = forms.CharField(label=_("Lender (if not one of the debts)"), max_length=100, required=False)
    offer = forms.ModelChoiceField(queryset=Offer.objects.none(), required=False, widget=forms.HiddenInput)
    agreed_on = forms.DateField(label=_("Agreed on"), widget=DATE)
    kind = forms.ChoiceField(label=_("Kind"), choices=TermsKind.choices)
    amount = _money(_("Amount to repay"), required=True)
    months = forms.IntegerField(label=_("Number of payments"), min_value=1, max_value=600, initial=1)
    annual_rate_percent = _percent(_("Annual rate"))
    method = forms.ChoiceField(
        label=_("How the instalments are computed"),
        choices=AgreedMethod.choices,
        initial=AgreedMethod.EQUAL_INSTALLMENT,
        required=False,
        help_text=_(
            "Equal principal and fee (等本等费): the same principal and the same monthly fee every month (card instalments)."
        ),
    )
    first_due_date = forms.DateField(label=_("First payment due"), widget=DATE)
    penalty_annual_rate_percent = _percent(
        _("Penalty rate on a missed payment"),
        _("Per year, in percent, as agreed; 0 when the agreement charges none."),
    )
    breaks_after_days = forms.IntegerField(
        label=_("The agreement breaks after this many days late"),
        min_value=0,
        max_value=3650,
        initial=0,
        required=False,
        help_text=_("0 = never. When it breaks, the waived amounts are owed again (as most agreements say)."),
    )
    waived_amount = _money(_("Amount waived"))
    terms = forms.CharField(label=_("Terms in words"), widget=SHORT_TEXT, required=False)
    confirmation_note = forms.CharField(
        label=_("Written confirmation"),
        max_length=300,
        required=False,
        help_text=_("Where the lender confirmed it in writing, e.g. an SMS from 95xxx on 12 May."),
    )
    confirmation_file = forms.ModelChoiceField(queryset=EvidenceFile.objects.none(), required=False)
    confirmation_record = forms.IntegerField(
        label=_("Confirmation message no."),
        required=False,
        min_value=1,
        help_text=_(
            "The number (No.) shown next to the lender's message on the Search page, if it was imported; "
            "or open the message on the Search page and choose “Use as the written confirmation”."
        ),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["debt"] = _debt_field(case)
        self.fields["offer"].queryset = Offer.objects.filter(case=case)  # type: ignore[attr-defined]
        self.fields["confirmation_file"] = EvidenceFileChoice(
            queryset=case_files(case), required=False, label=_("Confirmation file (imported evidence)")
        )

    def clean_confirmation_record(self) -> EvidenceRecord | None:
        number = self.cleaned_data.get("confirmation_record")
        if number is None:
            return None
        record = EvidenceRecord.objects.filter(case=self.case, pk=number).first()
        if record is None:
            raise forms.ValidationError(_("No message with this number in this case."))
        return record


class MarkPaidForm(HumanErrorsMixin, forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    amount = _money(_("Amount paid"))
    proof_note = forms.CharField(
        label=_("Proof"),
        max_length=300,
        required=False,
        help_text=_("e.g. bank transfer receipt no. …, or the app's repayment screen"),
    )
    proof_file = forms.IntegerField(required=False, min_value=1)


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


def percent_to_rate(value: str | None) -> Decimal | None:
    """The fraction a `PercentField` cleaned to (`"0.18"`), as a Decimal; None when left empty."""
    return None if value in (None, "") else Decimal(str(value))
