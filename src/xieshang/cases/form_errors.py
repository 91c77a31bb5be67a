"""Every form reports all its errors at once, next to each field, in plain words with the field's label and
an example of what is expected — never an internal name (`debts[0].payments[1].amount`) and never one
error per submit.

- `HumanErrorsMixin`: Django's own messages replaced by ones that show the expected form (a date as
  2026-01-15, a whole number, a short id), for every form of the workbench.
- `AmountField`: an amount as people type it ("20000", "2万", "两万", "¥20,000") read into its digits
  (`core.amount_words`, the rule the case-file parser uses to answer "两万 即 20000").
- `collect_case_file_errors`: the case-file parser judges the form's data (one source of rules), and is
  asked again after each error with that field set aside, so that every field's mistake is found in one
  submit; each message is put next to its field with the field's label.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from xieshang.core.amount_words import amount_from_words
from xieshang.core.casefile import CaseFile, parse_case_data
from xieshang.core.casefile_fields import FIRST_DAY, CaseFileError
from xieshang.core.errors import XieshangError
from xieshang.core.money import parse_amount, plain_decimal

AMOUNT_EXAMPLE = _("e.g. 20000 or 20000.50")
DATE_EXAMPLE = _("write the date as year-month-day, e.g. 2026-01-15")
WHOLE_EXAMPLE = _("write a whole number, e.g. 12")
PERCENT_EXAMPLE = _("in percent, e.g. 24 or 24%")
MAX_ROUNDS = 40  # a form has fewer fields than this: each round finds one more field's mistake


def _lang() -> str:
    return "en" if (get_language() or "zh").startswith("en") else "zh"


class AmountField(forms.CharField):
    """An amount in yuan. "两万", "2万", "¥20,000" become "20000" (the digits are what is saved and shown
    back); anything else is passed on as typed, for the case-file parser (or the service) to judge."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("required", False)
        widget = kwargs.pop("widget", None) or forms.TextInput(attrs={"inputmode": "decimal"})
        super().__init__(widget=widget, **kwargs)

    def to_python(self, value: Any) -> str:
        text = str(super().to_python(value) or "").strip()
        if not text or parse_amount(text) is not None:
            return text
        meant = amount_from_words(text)
        return plain_decimal(meant) if meant is not None else text


class AmountDecimalField(forms.DecimalField):
    """A `DecimalField` for amounts that also reads "两万" / "2万" / "¥20,000" as their digits."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str) and value.strip() and parse_amount(value.strip()) is None:
            meant = amount_from_words(value)
            if meant is not None:
                value = plain_decimal(meant)
        return super().to_python(value)


class HumanErrorsMixin:
    """Plain error messages with the expected form for Django's own checks, on every field of the form."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            human_errors(field)


def human_errors(field: forms.Field) -> None:
    messages = field.error_messages
    messages["required"] = _("Please fill this in.")
    if isinstance(field, forms.DateField | forms.DateTimeField):
        messages["invalid"] = (
            DATE_EXAMPLE
            if isinstance(field, forms.DateField)
            else _("write the date and time, e.g. 2026-11-28 10:30")
        )
    elif isinstance(field, forms.DecimalField):  # before IntegerField: a DecimalField is one
        messages["invalid"] = AMOUNT_EXAMPLE
        messages["min_value"] = _("must be at least %(limit_value)s, e.g. 20000 or 20000.50")
    elif isinstance(field, forms.IntegerField):
        messages["invalid"] = WHOLE_EXAMPLE
        messages["min_value"] = _("must be at least %(limit_value)s")
        messages["max_value"] = _("must be at most %(limit_value)s")
    elif isinstance(field, forms.SlugField):
        messages["invalid"] = _("use only letters, digits, - and _, e.g. li-ming-2026")
    elif isinstance(field, forms.ChoiceField):
        messages["invalid_choice"] = _("choose one of the options in the list")


def form_error_summary(form: forms.Form) -> str:
    """All of a form's errors in one line, each with its field's label (for a page that shows the form's
    result as a message): "实付金额：…；还款日期：…"."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            parts.append(f"{label}：{error}" if label else str(error))
    return "；".join(parts)


# --- the case file's errors, all of them, next to their fields ---------------------------------------------

_STEP = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")

# Values that satisfy the parser for a key whose own value was wrong, so that the fields after it are judged
# too. They are chosen not to make any other field wrong (the earliest start date, the largest amount …).
PLACEHOLDERS: dict[str, Any] = {
    "name": "—",
    "lender": "—",
    "id": "__checking__",
    "lender_type": "bank",
    "method": "equal_installment",
    "principal": "100000000",
    "statement_balance": "100000000",
    "monthly_income": "0",
    "monthly_essential_expenses": "0",
    "annual_rate": "0",
    "term_months": 12,
    "start_date": FIRST_DAY,
    "statement_date": FIRST_DAY,
}
_IN_LISTS = ("payments", "agreements")  # a wrong payment or agreement is set aside whole


def _steps(place: str) -> list[str | int]:
    return [m.group(1) if m.group(1) is not None else int(m.group(2)) for m in _STEP.finditer(place)]


def _set_aside(data: Any, place: str) -> bool:
    """Change `data` so that the mistake at `place` is gone; False if it cannot be (the check stops)."""
    steps = _steps(place)
    for i, step in enumerate(steps):
        if step in _IN_LISTS and i + 1 < len(steps) and isinstance(steps[i + 1], int):
            steps = steps[: i + 2]  # the whole payment / agreement
            break
    if not steps:
        return False
    node = data
    for step in steps[:-1]:
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return False
    last = steps[-1]
    if isinstance(last, int):
        if isinstance(node, list) and 0 <= last < len(node):
            del node[last]
            return True
        return False
    if not isinstance(node, dict):
        return False
    if last in PLACEHOLDERS and node.get(last) != PLACEHOLDERS[last]:
        node[last] = PLACEHOLDERS[last]
        return True
    if last in node and last not in PLACEHOLDERS:
        del node[last]
        return True
    return False


def _problem(error: CaseFileError, lang: str) -> str:
    """The message without its place: "必须是正数金额…，实际为 "-5"" (the field's label says where)."""
    text = error.message(lang)
    prefix = f"{error.place}: "
    return text[len(prefix) :] if text.startswith(prefix) else text


def _about_the_value(error: CaseFileError, lang: str) -> bool:
    """Whether the error quotes the value typed (then an example of a right one helps)."""
    text = error.message(lang)
    return "实际为" in text or ", got " in text or "请用数字" in text or "in digits" in text


def _labelled(message: str, places: Mapping[str, str], form: forms.Form) -> str:
    """A message that names another place (`超过 borrower.monthly_income 5200.00`) names its field instead."""
    for place in sorted(places, key=len, reverse=True):
        if place in message and places[place] in form.fields:
            message = message.replace(place, f"“{form.fields[places[place]].label}”")
    return message


def _inside(rest: str, lang: str) -> str:
    """What is left of a place below its field, in words: "[1].amount" → "第 2 笔的金额"."""
    words = {"amount": ("金额", "amount"), "date": ("日期", "date")}
    out = []
    for step in _steps(rest):
        if isinstance(step, int):
            out.append(f"第 {step + 1} 笔" if lang == "zh" else f"no. {step + 1}")
        else:
            zh, en = words.get(step, (step, step))
            out.append(zh if lang == "zh" else en)
    return ("的".join(out) if lang == "zh" else ", ".join(out)) if out else ""


def collect_case_file_errors(
    form: forms.Form,
    data: Mapping[str, Any],
    *,
    places: Mapping[str, str],
    skip: set[str],
    example: Callable[[str], Any] = lambda name: "",
) -> CaseFile | None:
    """Judge `data` with the case-file parser and put every error next to its field (`places`: case-file
    place → form field); fields in `skip` (already wrong by the form's own checks) are set aside first.
    Returns the case file when there was no error."""
    lang = _lang()
    work = copy.deepcopy(dict(data))
    for place, name in places.items():
        if name in skip:
            _set_aside(work, place)
    wrong: set[str] = set(skip)
    found = False
    for _round in range(MAX_ROUNDS):
        try:
            case_file = parse_case_data(work)
        except CaseFileError as error:
            place = error.place
            matching = [p for p in places if place == p or place.startswith((p + ".", p + "["))]
            field: str | None = places[max(matching, key=len)] if matching else None
            key = field or place
            if key not in wrong:
                wrong.add(key)
                found = True
                message = _labelled(_problem(error, lang), places, form)
                if field is not None and field in form.fields:
                    inside = _inside(place[len(max(matching, key=len)) :], lang)
                    if inside:
                        message = f"{inside}：{message}" if lang == "zh" else f"{inside}: {message}"
                    hint = example(field) if _about_the_value(error, lang) else ""
                    if hint:
                        message = f"{message}（{hint}）" if lang == "zh" else f"{message} ({hint})"
                    form.add_error(field, message)
                else:
                    form.add_error(None, message)
            if not _set_aside(work, place):
                break
            continue
        except XieshangError as error:
            form.add_error(None, error.message(lang))
            return None
        return None if found else case_file
    return None
