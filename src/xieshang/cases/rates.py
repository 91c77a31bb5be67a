"""One way to type a rate everywhere in the web UI: in percent (`24`, `24%`, `0.05 %`), the unit shown beside
the field. The case file keeps fractions (0.24); these helpers convert exactly, both ways (no float ever)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from xieshang.core.money import plain_decimal

_PERCENT = re.compile(r"^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*[%％]?\s*$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


def percent_text_to_fraction(text: str) -> Decimal | None:
    """`24` or `24%` → Decimal("0.24") exactly; None when `text` is not a number in percent."""
    match = _PERCENT.match(str(text).translate(_FULLWIDTH))
    if match is None:
        return None
    try:
        return Decimal(match.group(1)) / Decimal(100)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return None


def fraction_to_percent_text(value: Any) -> str:
    """Decimal("0.06") (or "0.06000000" as stored) → "6"; Decimal("0.0005") → "0.05"; None/"" → ""."""
    if value is None or value == "":
        return ""
    return plain_decimal(Decimal(str(value)) * 100)


class UnitInput(forms.TextInput):
    """A text input with its unit written beside it (`%`, `% / 年`)."""

    def __init__(self, unit: Any, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "class": "with-unit", **(attrs or {})})
        self.unit = unit

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        field = super().render(name, value, attrs, renderer)
        return format_html('<span class="input-unit">{}<span class="unit">{}</span></span>', field, self.unit)


class PercentField(forms.CharField):
    """A rate typed in percent; `clean()` gives the exact fraction as text (`"0.24"`) or "" when empty, so
    the case-file parser (which reads fractions) judges the figure itself."""

    def __init__(self, *, unit: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 24)
        kwargs.setdefault("required", False)
        super().__init__(widget=UnitInput(unit or _("% a year")), **kwargs)

    def prepare_value(self, value: Any) -> Any:
        # Initial values are fractions (as stored); what the user typed comes back as typed.
        if isinstance(value, Decimal):
            return fraction_to_percent_text(value)
        return value

    def to_python(self, value: Any) -> str:
        text = str(super().to_python(value) or "").strip()
        if text == "":
            return ""
        fraction = percent_text_to_fraction(text)
        if fraction is None:
            raise forms.ValidationError(
                _("Type the rate in percent, e.g. %(example)s."),
                code="percent",
                params={"example": "24 / 24%"},
            )
        return plain_decimal(fraction)


def initial_percent(value: Any) -> Any:
    """An initial value for a `PercentField` from a stored fraction (a Decimal or its text)."""
    if value is None or value == "":
        return None
    return Decimal(str(value))
