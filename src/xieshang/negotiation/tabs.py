"""The negotiation tabs of a case page (`cases/case_base.html` renders `negotiation_tabs`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xieshang.cases.models import Case

TABS = (
    ("contacts", _("Contacts")),
    ("offers", _("Offers")),
    ("agreement", _("Agreement")),
    ("checklist", _("Checklist")),
    ("tone", _("Tone helper")),
)


def negotiation_tabs(case: Case) -> list[dict[str, str]]:
    return [
        {
            "key": key,
            "label": str(label),
            "url": reverse(f"negotiation:{key}", kwargs={"case_name": case.name}),
        }
        for key, label in TABS
    ]
