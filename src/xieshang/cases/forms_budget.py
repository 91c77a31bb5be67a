"""The budget form: the two declared totals, one amount per category of income and of expenditure, a note.

It checks nothing itself: it builds the case file's `[borrower]` totals and `[budget]` section and lets the
core parser judge them (`services_budget.budget_check`), so an error reads exactly as the CLI would say it for
the same case file, next to the field it is about."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xieshang.cases.form_errors import (
    AMOUNT_EXAMPLE,
    AmountField,
    HumanErrorsMixin,
    collect_case_file_errors,
    human_errors,
)
from xieshang.cases.models import Case
from xieshang.cases.services_budget import budget_case_data, budget_check
from xieshang.core.casefile import CaseFile
from xieshang.core.errors import XieshangError
from xieshang.core.plan.budget import EXPENDITURE_CATEGORIES, INCOME_CATEGORIES
from xieshang.language import current_lang

SECTIONS: tuple[tuple[str, tuple[tuple[str, str, str], ...]], ...] = (
    ("income", INCOME_CATEGORIES),
    ("expenditure", EXPENDITURE_CATEGORIES),
)
TOTALS = {"income": "monthly_income", "expenditure": "monthly_essential_expenses"}


def _amount_input() -> forms.TextInput:
    return forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "placeholder": "0.00"})


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


class BudgetForm(HumanErrorsMixin, forms.Form):
    monthly_income = AmountField(
        label=_("Net monthly income, in total (yuan)"),
        required=True,
        widget=_amount_input(),
        help_text=_("The declared total: the items below break it down and may not add up to more."),
    )
    monthly_essential_expenses = AmountField(
        label=_("Essential monthly expenses, in total (yuan)"),
        required=True,
        widget=_amount_input(),
        help_text=_("What cannot be cut. The items below break it down and may not add up to more."),
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: why a cost is high this year, or what will change soon."),
    )

    case_file: CaseFile | None = None

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        self.case = case
        budget = case.budget if isinstance(case.budget, dict) else {}
        initial: dict[str, Any] = {
            "monthly_income": case.monthly_income,
            "monthly_essential_expenses": case.monthly_essential_expenses,
            "note": budget.get("note", ""),
        }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        lang = current_lang()
        for section, categories in SECTIONS:
            section_data = budget.get(section)
            given: dict[str, Any] = section_data if isinstance(section_data, dict) else {}
            for key, zh, en in categories:
                name = f"{section}_{key}"
                self.fields[name] = AmountField(label=en if lang == "en" else zh, widget=_amount_input())
                human_errors(self.fields[name])
                if key in given:
                    self.initial[name] = given[key]

    def section_fields(self, section: str) -> list[forms.BoundField]:
        """The declared total of SECTION first, then its categories (for the template's fieldsets)."""
        names = [TOTALS[section]] + [f"{section}_{key}" for key, _zh, _en in dict(SECTIONS)[section]]
        return [self[name] for name in names]

    def income_fields(self) -> list[forms.BoundField]:
        return self.section_fields("income")

    def expenditure_fields(self) -> list[forms.BoundField]:
        return self.section_fields("expenditure")

    def budget_data(self) -> dict[str, Any]:
        """The `[budget]` section as a case file gives it (amounts as text; blank categories left out)."""
        c = self.cleaned_data
        data: dict[str, Any] = {}
        for section, categories in SECTIONS:
            amounts = {key: _text(c.get(f"{section}_{key}")) for key, _zh, _en in categories}
            amounts = {key: value for key, value in amounts.items() if value}
            if amounts:
                data[section] = amounts
        note = _text(c.get("note"))
        if note:
            data["note"] = note
        return data

    @staticmethod
    def places() -> dict[str, str]:
        """Case-file place → form field."""
        places = {f"borrower.{total}": total for total in TOTALS.values()}
        places["budget.note"] = "note"
        for section, categories in SECTIONS:
            places[f"budget.{section}"] = TOTALS[section]  # "the items add up to more than …"
            places.update({f"budget.{section}.{key}": f"{section}_{key}" for key, _zh, _en in categories})
        return places

    def _field_for(self, place: str) -> str | None:
        """The form field an error at PLACE belongs to (longest matching place), else None (the form)."""
        places = self.places()
        matching = [p for p in places if place == p or place.startswith((p + ".", p + "["))]
        return places[max(matching, key=len)] if matching else None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # every mistake at once: the parser judges the figures, each wrong one set aside in turn
        data = budget_case_data(
            self.case,
            monthly_income=_text(cleaned.get("monthly_income")),
            monthly_essential_expenses=_text(cleaned.get("monthly_essential_expenses")),
            budget_data=self.budget_data(),
        )
        if (
            collect_case_file_errors(
                self, data, places=self.places(), skip=set(self.errors), example=lambda name: AMOUNT_EXAMPLE
            )
            is None
            or self.errors
        ):
            return cleaned
        try:
            self.case_file = budget_check(
                self.case,
                monthly_income=_text(cleaned.get("monthly_income")),
                monthly_essential_expenses=_text(cleaned.get("monthly_essential_expenses")),
                budget_data=self.budget_data(),
            )
        except XieshangError as error:
            field = self._field_for(str(error.data.get("place", "")))
            self.add_error(field, error.message(current_lang()))
        return cleaned
