"""Template filters for the bilingual data of the checklist and the tone helper."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def bilingual_name(obj: Any, lang: str) -> str:
    return str(obj.name(lang or "zh"))


@register.filter
def bilingual_where(obj: Any, lang: str) -> str:
    return str(obj.where(lang or "zh"))


@register.filter
def tone_explanation(flag: Any, lang: str) -> str:
    return str(flag.explanation(lang or "zh"))


@register.filter
def tone_suggestion(flag: Any, lang: str) -> str:
    return str(flag.suggestion(lang or "zh"))
