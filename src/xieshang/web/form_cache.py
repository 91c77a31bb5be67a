"""The fields of an unbound form rendered once per content, not once per request.

A form page spends most of its time rendering fields (the contact form's thirteen fields are about 15 ms of
its ~35 ms: each field group, label, widget and option is a template render). An unbound form — the empty
form at the foot of the contact log, shown again after every contact recorded — renders to the same HTML as
long as what it shows is the same, so its HTML is kept under a digest of exactly that: the form's class,
prefix and ids, the language, and for each field its name, label, help text, widget (class, attributes,
input type), whether it is required or disabled, its initial value and its choices (a model choice field's
choices are read from the database for the digest, so a debt added or an evidence file imported gives a new
digest). Nothing is ever invalidated: a change in what the form shows is a new key.

A bound form (sent back with its errors, or holding what the user typed) is always rendered afresh.
Process-local (each server process keeps its own), at most 512 forms, least recently used first out.
"""

from __future__ import annotations

import hashlib

from django import forms
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from xieshang.lru import Lru

_cache = Lru(512)


def _value(value: object) -> object:
    """A field's value as the digest sees it: a model instance by its class and primary key."""
    if isinstance(value, (list, tuple)):
        return [_value(v) for v in value]
    meta = getattr(value, "_meta", None)
    if meta is not None:
        return (meta.label, getattr(value, "pk", None))
    return repr(value)


def _choices(widget: forms.Widget) -> list[tuple[str, str]] | None:
    """The choices as the widget renders them (a model choice field's are its query, run here)."""
    choices = getattr(widget, "choices", None)
    if choices is None:
        return None
    flat: list[tuple[str, str]] = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):  # an optgroup
            flat.extend((f"{value}/{v}", str(lab)) for v, lab in label)
        else:
            flat.append((str(value), str(label)))
    return flat


def _digest(form: forms.BaseForm) -> str:
    parts: list[object] = [
        type(form).__module__,
        type(form).__qualname__,
        form.prefix,
        form.auto_id,
        get_language(),
        form.use_required_attribute,
        form.label_suffix,
    ]
    for bound in form.visible_fields():
        field = bound.field
        widget = field.widget
        parts.append(
            (
                bound.name,
                str(bound.label),
                str(field.help_text),
                type(widget).__module__,
                type(widget).__qualname__,
                sorted((str(k), str(v)) for k, v in widget.attrs.items()),
                getattr(widget, "input_type", None),
                getattr(widget, "format", None),
                field.required,
                field.disabled,
                field.localize,
                field.show_hidden_initial,
                _value(bound.value()),
                _choices(widget),
            )
        )
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def _render(form: forms.BaseForm) -> SafeString:
    return format_html_join(
        "",
        '<div class="neg-field{}">{}</div>',
        (
            (" wide" if bound.field.widget.attrs.get("rows") else "", bound.as_field_group())
            for bound in form.visible_fields()
        ),
    )


def visible_fields_html(form: forms.BaseForm) -> SafeString:
    """The form's visible fields, each in its `<div class="neg-field">` (`wide` for a text area)."""
    if form.is_bound:
        return _render(form)
    return _cache.get_or_render(_digest(form), lambda: _render(form))


def clear() -> None:
    _cache.clear()


def cached_count() -> int:
    return len(_cache)
