"""The current language, as the project's texts choose between their two forms: "en" for English,
"zh" for everything else (Chinese first). One helper for every room that shows a bilingual text
(`XieshangError.message(lang)`, the knowledge's `name(lang)`, the charts)."""

from __future__ import annotations

from django.utils.translation import get_language


def current_lang() -> str:
    """ "en" when the active language is English, else "zh" (also when none is active)."""
    return "en" if (get_language() or "zh").startswith("en") else "zh"
