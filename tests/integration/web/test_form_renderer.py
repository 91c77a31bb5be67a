"""The form renderer (Jinja2 for Django's field and widget templates) gives the HTML Django's own renderer
gives, for every form of the workbench, empty and with errors; the admin's widgets still render."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.forms import Form
from django.forms.renderers import DjangoTemplates
from django.test import Client

from xieshang.accounts.forms import RegistrationForm, ThrottledAuthenticationForm
from xieshang.cases.forms import CardForm, CaseForm, CaseImportForm, DebtForm
from xieshang.cases.forms_budget import BudgetForm
from xieshang.cases.models import Case
from xieshang.negotiation.forms import (
    AgreementForm,
    ContactForm,
    HardshipsForm,
    MarkPaidForm,
    OfferForm,
    RespondForm,
    ToneForm,
)
from xieshang.web.form_renderer import FormRenderer

pytestmark = pytest.mark.django_db

# Values no field accepts, so that every field that checks anything shows its error.
NONSENSE = {
    "principal": "-1x",
    "annual_rate": "abc",
    "occurred_at": "not a date",
    "proposed_on": "2026-13-45",
    "amount": "一百块",
    "monthly_income": "?",
    "channel": "pigeon",
    "direction": "sideways",
    "username": "",
    "password1": "a",
    "password2": "b",
}


def _forms(case: Case) -> list[tuple[str, Any, dict[str, Any]]]:
    debt = case.debts.first()
    return [
        ("contact", ContactForm, {"case": case}),
        ("offer", OfferForm, {"case": case}),
        ("respond", RespondForm, {}),
        ("agreement", AgreementForm, {"case": case}),
        ("mark paid", MarkPaidForm, {}),
        ("hardships", HardshipsForm, {"labels": {"unemployment": "失业"}}),
        ("tone", ToneForm, {}),
        ("case", CaseForm, {"instance": case}),
        ("debt", DebtForm, {"case": case, "instance": debt}),
        ("card", CardForm, {"case": case}),
        ("case import", CaseImportForm, {}),
        ("budget", BudgetForm, {"case": case}),
        ("registration", RegistrationForm, {}),
        ("login", ThrottledAuthenticationForm, {}),
    ]


def _html(form_class: Any, kwargs: dict[str, Any], renderer: Any, data: dict[str, Any] | None) -> str:
    if form_class is ThrottledAuthenticationForm:
        form: Form = form_class(None, data=data, renderer=renderer)
    else:
        form = form_class(data=data, renderer=renderer, **kwargs)
    if data is not None:
        form.is_valid()
    # What the templates print: the whole form, and field by field as the workbench's pages do. Compared
    # as the browser reads it: Jinja2's templates leave other blank lines between tags, and write a quote
    # in a text as &#34; where Django writes &quot; (the same character).
    html = str(form) + "".join(str(field.as_field_group()) for field in form)
    html = html.replace("&#34;", "&quot;").replace("&#39;", "&#x27;")
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", html))


def test_every_form_renders_the_html_of_djangos_own_renderer(e1_case: Case) -> None:
    fast, plain = FormRenderer(), DjangoTemplates()
    checked = 0
    for name, form_class, kwargs in _forms(e1_case):
        for data in (None, NONSENSE):
            mine = _html(form_class, kwargs, fast, data)
            theirs = _html(form_class, kwargs, plain, data)
            assert mine == theirs, f"{name} form ({'with errors' if data else 'empty'}) renders differently"
            assert "<input" in mine or "<select" in mine or "<textarea" in mine, name
            checked += 1
    assert checked == 28


def test_a_template_only_django_has_comes_from_django() -> None:
    renderer = FormRenderer()
    jinja = renderer.get_template("django/forms/widgets/input.html")
    admin = renderer.get_template("admin/widgets/foreign_key_raw_id.html")
    assert type(jinja).__module__.endswith("jinja2")
    assert type(admin).__module__.endswith(".django")
    assert renderer.get_template("django/forms/widgets/input.html") is not None  # cached choice, same answer


def test_the_admin_pages_with_their_own_widgets_render(db: Any) -> None:
    admin = get_user_model().objects.create_superuser("root", password="a-long-password-1")
    client = Client()
    client.force_login(admin)
    page = client.get(f"/admin/auth/user/{admin.pk}/change/")
    assert page.status_code == 200
    assert b'name="username"' in page.content
    add = client.get("/admin/auth/user/add/")
    assert add.status_code == 200 and b'name="password1"' in add.content
