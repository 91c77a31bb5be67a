"""Forms for a case and its debts. They check nothing about amounts, rates or terms themselves: they build the
case file's data and let the core parser (`xieshang.core.casefile.parse_case_data`) judge it, so the web says
exactly what the CLI says about the same case file (`debts[0].principal: 必须是正数金额 …`)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xieshang.cases.form_errors import (
    AMOUNT_EXAMPLE,
    DATE_EXAMPLE,
    PERCENT_EXAMPLE,
    WHOLE_EXAMPLE,
    AmountField,
    HumanErrorsMixin,
    collect_case_file_errors,
)
from xieshang.cases.models import Case, Debt
from xieshang.cases.own_contacts import contacts_text, parse_own_contacts
from xieshang.cases.rates import PercentField, initial_percent
from xieshang.cases.services import case_name_free
from xieshang.core.casefile import HARDSHIPS, CaseFile
from xieshang.core.errors import XieshangError
from xieshang.language import current_lang

HARDSHIP_LABELS = {
    "unemployment": _("unemployment"),
    "illness": _("illness"),
    "family": _("family event"),
    "income_drop": _("income dropped"),
    "disaster": _("disaster"),
    "other": _("other"),
}


def _message(error: XieshangError) -> str:
    return error.message(current_lang())


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


class CaseFileForm(HumanErrorsMixin, forms.Form):
    """A form whose data becomes part of a case file; `validate_case_data` parses it and places the errors."""

    case_file: CaseFile | None = None

    def example(self, name: str) -> Any:
        """What a right value of field `name` looks like, added to its error."""
        field = self.fields.get(name)
        if isinstance(field, AmountField):
            return AMOUNT_EXAMPLE
        if isinstance(field, PercentField):
            return PERCENT_EXAMPLE
        if isinstance(field, forms.DateField):
            return DATE_EXAMPLE
        if name in _INTEGER_KEYS:
            return WHOLE_EXAMPLE
        return ""

    def validate_case_data(self, data: dict[str, Any], *, places: dict[str, str]) -> None:
        """Parse `data` with the case-file parser (the one source of the rules); every error found goes next
        to its field (`places`: case-file place → form field, the longest matching place), with the field's
        example — all of them in one submit, the fields the form itself found wrong set aside first."""
        self.case_file = collect_case_file_errors(
            self, data, places=places, skip=set(self.errors), example=self.example
        )


class CaseForm(CaseFileForm):
    name = forms.SlugField(
        label=_("Case name (letters, digits, - and _)"),
        max_length=80,
        help_text=_("Used in addresses and on the command line, e.g. li-ming-2026."),
    )
    borrower_name = forms.CharField(label=_("Borrower's name"), max_length=100)
    monthly_income = AmountField(label=_("Net monthly income (yuan)"), required=True)
    monthly_essential_expenses = AmountField(
        label=_("Essential monthly expenses (yuan)"),
        required=True,
        help_text=_("Rent, food, transport, medicine, children — what cannot be cut."),
    )
    dependents = forms.IntegerField(label=_("People who depend on you"), required=False, min_value=0)
    hardships = forms.MultipleChoiceField(
        label=_("What happened"),
        required=False,
        choices=[(h, HARDSHIP_LABELS[h]) for h in HARDSHIPS],
        widget=forms.CheckboxSelectMultiple,
    )
    as_of = forms.DateField(
        label=_("Evaluate on (optional; empty = today)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    own_contacts = forms.CharField(
        label=_("Your own phone numbers, e-mail addresses, QQ and WeChat (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "138 0013 8000\nQQ 12345678"}),
        help_text=_(
            "One per line. They tell which messages you sent and which numbers of a group message are yours; "
            "they are not written to the case file."
        ),
    )

    def __init__(self, *args: Any, instance: Case | None = None, **kwargs: Any) -> None:
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": instance.name,
                "borrower_name": instance.borrower_name,
                "monthly_income": instance.monthly_income,
                "monthly_essential_expenses": instance.monthly_essential_expenses,
                "dependents": instance.dependents,
                "hardships": list(instance.hardships),
                "as_of": instance.as_of,
                "own_contacts": contacts_text(instance.own_contacts or ()),
            }
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.fields["name"].disabled = True

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"]
        if self.instance is None:
            try:
                case_name_free(name)
            except XieshangError as error:
                raise forms.ValidationError(_message(error)) from error
        return name

    def clean_own_contacts(self) -> list[str]:
        return parse_own_contacts(str(self.cleaned_data.get("own_contacts") or ""))

    def borrower_data(self) -> dict[str, Any]:
        c = self.cleaned_data
        borrower: dict[str, Any] = {
            "name": _text(c.get("borrower_name")),
            "monthly_income": _text(c.get("monthly_income")),
            "monthly_essential_expenses": _text(c.get("monthly_essential_expenses")),
        }
        if c.get("dependents") is not None:
            borrower["dependents"] = c["dependents"]
        if c.get("hardships"):
            borrower["hardships"] = list(c["hardships"])
        return borrower

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # Fields the form itself found wrong are set aside; the case file is judged for all the others.
        data: dict[str, Any] = {"borrower": self.borrower_data(), "debts": []}
        if cleaned.get("as_of"):
            data["as_of"] = cleaned["as_of"]
        places = {f"borrower.{k}": k for k in ("monthly_income", "monthly_essential_expenses", "dependents")}
        places.update({"borrower.hardships": "hardships", "borrower.name": "borrower_name", "as_of": "as_of"})
        self.validate_case_data(data, places=places)
        return cleaned


# Debt fields as text (the parser reads the exact decimals); names are the case file's keys.
_DEBT_TEXT_FIELDS = (
    "principal",
    "annual_rate",
    "daily_rate",
    "term_months",
    "term_days",
    "upfront_fee",
    "fee_per_installment",
    "grace_days",
    "penalty_multiplier",
    "penalty_annual_rate",
    "late_fee_fixed",
    "late_fee_percent",
    "acceleration_after_days",
)
# A revolving card's keys (case-file.md: any other key is an error with `method = "revolving"`).
_CARD_TEXT_FIELDS = (
    "statement_balance",
    "due_days",
    "annual_rate",
    "daily_rate",
    "min_payment_percent",
    "late_fee_percent",
    "late_fee_min",
    "grace_days",
)
_INTEGER_KEYS = {"term_months", "term_days", "grace_days", "acceleration_after_days", "day_basis", "due_days"}
# Rates are typed in percent (`PercentField`) and stored as fractions.
_RATE_KEYS = ("annual_rate", "daily_rate", "penalty_annual_rate", "late_fee_percent", "min_payment_percent")
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DebtForm(CaseFileForm):
    """A loan (or, as `CardForm`, a credit card), checked by the case-file parser."""

    revolving = False

    id = forms.CharField(
        label=_("Short id of this debt"),
        max_length=64,
        help_text=_("Letters, digits, - and _, unique in the case, e.g. jt360."),
    )
    lender = forms.CharField(label=_("Lender (platform, bank or person)"), max_length=100)
    lender_type = forms.ChoiceField(label=_("Kind of lender"), choices=Debt.LenderType.choices)
    principal = AmountField(label=_("Principal in the contract (yuan)"))
    annual_rate = PercentField(
        label=_("Annual rate"),
        help_text=_("In percent: 18 or 18%. Give the annual rate or the daily rate, not both."),
    )
    daily_rate = PercentField(
        label=_("Or: daily rate"),
        unit=_("% a day"),
        help_text=_("In percent a day: 0.05 for 0.05 % a day (万分之五)."),
    )
    day_basis = forms.TypedChoiceField(
        label=_("Days in a year for interest"), choices=[(360, "360"), (365, "365")], coerce=int, initial=360
    )
    method = forms.ChoiceField(
        label=_("Repayment method"),
        choices=[c for c in Debt.Method.choices if c[0] != Debt.Method.REVOLVING],
        help_text=_(
            "Equal principal and fee (等本等费): the same principal and the same fee every month, as card instalments charge."
        ),
    )
    term_months = forms.CharField(label=_("Term in months"), max_length=6, required=False)
    term_days = forms.CharField(
        label=_("Term in days (only for a bullet loan)"), max_length=6, required=False
    )
    start_date = forms.DateField(label=_("Date the money was paid out"), widget=_DATE, required=False)
    upfront_fee = AmountField(label=_("Fee deducted up front (yuan)"), initial="0")
    fee_per_installment = AmountField(label=_("Fee with every instalment (yuan)"), initial="0")
    grace_days = forms.CharField(label=_("Grace days"), max_length=6, required=False, initial="0")
    penalty_multiplier = forms.CharField(
        label=_("Penalty rate as a multiple of the rate (default 1.5)"), max_length=20, required=False
    )
    penalty_annual_rate = PercentField(label=_("Or: penalty annual rate"))
    penalty_base = forms.ChoiceField(
        label=_("Penalty is charged on"), choices=Debt.PenaltyBase.choices, initial="installment"
    )
    late_fee_fixed = AmountField(label=_("One-off late fee per overdue instalment (yuan)"), initial="0")
    late_fee_percent = PercentField(
        label=_("One-off late fee as a share of the instalment"), unit="%", initial=Decimal("0")
    )
    acceleration_after_days = forms.CharField(
        label=_("Whole loan falls due after this many days overdue (0 = never)"),
        max_length=6,
        required=False,
        initial="0",
    )
    payments = forms.CharField(
        label=_("Payments made (one per line: date amount)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "2026-02-15 1833.60"}),
        help_text=_("For example: 2026-02-15 1833.60"),
    )

    def __init__(self, *args: Any, case: Case, instance: Debt | None = None, **kwargs: Any) -> None:
        from xieshang.cases.casefile_io import case_data_for_case

        self.case = case
        self.instance = instance
        self.case_data = case_data_for_case(case)
        self.index = len(self.case_data["debts"])
        self.agreements: list[Any] = []
        if instance is not None:
            keys = [d["id"] for d in self.case_data["debts"]]
            self.index = keys.index(instance.key)
            stored = self.case_data["debts"][self.index]
            self.agreements = list(stored.get("agreements", []))
            if "initial" not in kwargs:
                kwargs["initial"] = self._initial_from(stored)
        super().__init__(*args, **kwargs)

    @staticmethod
    def _initial_from(debt: dict[str, Any]) -> dict[str, Any]:
        initial = {k: v for k, v in debt.items() if k not in ("payments", "agreements")}
        for key in _RATE_KEYS:
            initial[key] = initial_percent(initial.get(key))
        initial["payments"] = "\n".join(f"{p['date']} {p['amount']}" for p in debt.get("payments", []))
        return initial

    def clean_payments(self) -> list[dict[str, Any]]:
        payments = []
        for number, line in enumerate(str(self.cleaned_data.get("payments") or "").splitlines(), start=1):
            parts = line.replace(",", " ").replace("，", " ").split()
            if not parts:
                continue
            if len(parts) != 2:
                raise forms.ValidationError(
                    _("Line %(n)s: write a date and an amount, e.g. 2026-02-15 1833.60"), params={"n": number}
                )
            try:
                day = date.fromisoformat(parts[0])
            except ValueError as exc:
                raise forms.ValidationError(
                    _("Line %(n)s: the date must look like 2026-02-15"), params={"n": number}
                ) from exc
            payments.append({"date": day, "amount": parts[1]})
        return payments

    def debt_data(self) -> dict[str, Any]:
        c = self.cleaned_data
        data: dict[str, Any] = {
            "id": _text(c.get("id")),
            "lender": _text(c.get("lender")),
            "lender_type": c.get("lender_type"),
            "method": Debt.Method.REVOLVING.value if self.revolving else c.get("method"),
            "day_basis": c.get("day_basis"),
        }
        if self.revolving:
            data["statement_date"] = c.get("statement_date")
        else:
            data["start_date"] = c.get("start_date")
            data["penalty_base"] = c.get("penalty_base")
        for key in _CARD_TEXT_FIELDS if self.revolving else _DEBT_TEXT_FIELDS:
            value = _text(c.get(key))
            if value == "":
                continue
            if key in _INTEGER_KEYS and re.fullmatch(r"-?\d+", value):
                data[key] = int(value)
            else:
                data[key] = value
        for key in ("start_date", "statement_date", "principal", "statement_balance"):
            if key in data and data[key] in (None, ""):
                del data[key]  # the parser names the missing key
        if c.get("payments"):
            data["payments"] = c["payments"]
        if self.agreements:
            data["agreements"] = self.agreements
        return data

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        debts = list(self.case_data["debts"])
        debt = self.debt_data()
        if self.index < len(debts):
            debts[self.index] = debt
        else:
            debts.append(debt)
        data = {**self.case_data, "debts": debts}
        self.validate_case_data(data, places={f"debts[{self.index}].{name}": name for name in self.fields})
        return cleaned

    def validated_debt(self) -> dict[str, Any]:
        """The debt as the parser understood it (`case_file_to_data` form), after `is_valid()`."""
        from xieshang.core.casefile import case_file_to_data

        assert self.case_file is not None
        return dict(case_file_to_data(self.case_file)["debts"][self.index])


class CardForm(DebtForm):
    """A credit card in arrears (`method = "revolving"`), entered from one statement (账单) of the card."""

    revolving = True

    statement_date = forms.DateField(
        label=_("Statement date (账单日)"),
        widget=_DATE,
        help_text=_("On the bill: “账单日”, the day the statement was made, e.g. 2026-08-05."),
    )
    statement_balance = AmountField(
        label=_("Amount due on that statement (本期应还金额, yuan)"),
        required=True,
        help_text=_(
            "On the bill: “本期应还金额” (also 本期账单金额 / 应还总额), not the minimum payment (最低还款额)."
        ),
    )
    due_days = forms.CharField(
        label=_("Days from the statement date to the due date"),
        max_length=4,
        required=False,
        initial="20",
        help_text=_(
            "On the bill: “到期还款日” (还款日). Count the days from the statement date to it: "
            "statement 08-05, due 08-25 → 20."
        ),
    )
    min_payment_percent = PercentField(
        label=_("Minimum payment (最低还款额) as a share of the balance"),
        unit="%",
        initial=Decimal("0.10"),
        help_text=_(
            "Usually 10 %: the minimum payment ÷ the amount due on the bill (the card agreement says it)."
        ),
    )
    late_fee_min = AmountField(
        label=_("Least late fee (违约金, yuan)"),
        initial="0",
        help_text=_("From the card agreement (领用合约): some banks charge at least a fixed sum."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in (
            "principal",
            "start_date",
            "method",
            "term_months",
            "term_days",
            "upfront_fee",
            "fee_per_installment",
            "penalty_multiplier",
            "penalty_annual_rate",
            "penalty_base",
            "late_fee_fixed",
            "acceleration_after_days",
        ):
            del self.fields[name]
        self.fields["lender_type"].initial = Debt.LenderType.CREDIT_CARD
        self.fields["lender"].help_text = _("The bank and card, e.g. 招商银行信用卡.")
        self.fields["daily_rate"].initial = Decimal("0.0005")
        self.fields["daily_rate"].label = _("Daily interest rate (透支利率)")
        self.fields["daily_rate"].help_text = _(
            "In percent a day; usually 0.05 (日利率万分之五). Give this or the annual rate."
        )
        self.fields["late_fee_percent"].label = _("Late fee (违约金) as a share of the unpaid minimum")
        self.fields["late_fee_percent"].initial = Decimal("0.05")
        self.fields["late_fee_percent"].help_text = _(
            # xgettext:no-python-format
            "Usually 5 % of the part of the minimum payment left unpaid (the card agreement says it)."
        )
        self.fields["grace_days"].initial = "3"
        self.fields["grace_days"].label = _("Grace days after the due date (还款宽限期)")
        self.fields["grace_days"].help_text = _("Most banks give 3 days; the card agreement says it.")
        self.fields["payments"].help_text = _(
            "Only payments after the statement date, e.g. 2026-09-20 1000.00 (the bill's 还款记录 lists them)."
        )


class CaseImportForm(forms.Form):
    file = forms.FileField(label=_("Case file (.toml)"))
    name = forms.SlugField(label=_("Case name"), max_length=80, required=False)

    def text(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("A case file is small; this file is too big."))
        raw = upload.read()
        try:
            return str(raw.decode("utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise forms.ValidationError(_("The case file must be UTF-8 text.")) from exc
