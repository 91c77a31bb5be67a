"""Template filters for figures the engines computed: a view or template never computes a figure itself."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from xieshang.core.money import fmt_money_grouped, fmt_percent, fmt_rate
from xieshang.language import current_lang
from xieshang.web.form_cache import visible_fields_html

register = template.Library()


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def money(value: Any) -> str:
    """20000 → "20,000.00" (two decimals, thousands separator); None → "—"."""
    number = _decimal(value)
    if number is None:
        return "—"
    return fmt_money_grouped(number)


@register.filter
def percent(value: Any, places: int = 2) -> str:
    """A rate as a fraction → a percentage: 0.180001 → "18.00 %"."""
    number = _decimal(value)
    if number is None:
        return "—"
    return f"{fmt_percent(number, int(places))} %"


@register.filter
def rate6(value: Any) -> str:
    """A rate with six decimals, as the CLI and the API show it."""
    number = _decimal(value)
    if number is None:
        return "—"
    return fmt_rate(number)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.simple_tag
def highlighted(text: str, spans: list[tuple[int, int]]) -> str:
    """The snippet with the matched spans in <mark>, everything else escaped."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    out: list[str] = []
    last = 0
    for start, end in sorted(spans):
        if start < last:
            continue
        out.append(escape(text[last:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


@register.filter
def position(value: Any) -> str:
    """Where a record sits in its source file ("sms #3, line 6"), in the reader's language."""

    from xieshang.importers.positions import position_zh

    text = str(value or "")
    return text if current_lang() == "en" else position_zh(text)


@register.simple_tag
def form_fields(form: Any) -> Any:
    """A form's visible fields, each in its `<div class="neg-field">`; an unbound form's HTML is rendered once
    for what it shows (xieshang.web.form_cache)."""
    return visible_fields_html(form)
