"""An unbound form's fields are rendered once for what they show (xieshang.web.form_cache): the same HTML as a
fresh render, and a new render whenever anything shown changes — a debt added (a new choice), an evidence file
imported, another language, another initial value, another choice ticked; a bound form is never cached."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from django.utils import timezone, translation

from xieshang.cases.models import Case, Debt
from xieshang.evidence.models import EvidenceFile
from xieshang.negotiation.forms import ContactForm, OfferForm
from xieshang.web import form_cache
from xieshang.web.form_cache import _render, visible_fields_html

pytestmark = pytest.mark.django_db

WHEN = timezone.make_aware(datetime(2026, 11, 20, 10, 30))


@pytest.fixture(autouse=True)
def _empty_cache() -> Any:
    form_cache.clear()
    yield
    form_cache.clear()


def _contact_form(case: Case, **initial: Any) -> ContactForm:
    return ContactForm(case=case, initial={"occurred_at": WHEN, "direction": "outgoing", **initial})


def test_the_cached_fields_are_the_fields_django_renders(e1_case: Case) -> None:
    first = visible_fields_html(_contact_form(e1_case))
    assert form_cache.cached_count() == 1
    again = visible_fields_html(_contact_form(e1_case))
    assert form_cache.cached_count() == 1  # the second form was a hit
    assert again == first == _render(_contact_form(e1_case))
    assert 'name="said"' in first and 'class="neg-field wide"' in first  # the text area is wide
    assert "2026-11-20T10:30" in first


def test_a_new_debt_or_file_gives_new_html(e1_case: Case) -> None:
    before = visible_fields_html(_contact_form(e1_case))
    Debt.objects.create(case=e1_case, key="new-card", position=9, lender="新发银行", principal="100.00")
    with_debt = visible_fields_html(_contact_form(e1_case))
    assert "新发银行" in with_debt and "新发银行" not in before
    EvidenceFile.objects.create(
        case=e1_case, sha256="ab" * 32, size=3, original_name="催收短信.xml", imported_at=WHEN
    )
    with_file = visible_fields_html(_contact_form(e1_case))
    assert "催收短信.xml" in with_file and "催收短信.xml" not in with_debt
    assert form_cache.cached_count() == 3


def test_language_initial_value_and_ticked_choice_are_part_of_the_key(e1_case: Case) -> None:
    files = [
        EvidenceFile.objects.create(
            case=e1_case, sha256=f"{n}" * 64, size=3, original_name=f"file-{n}.xml", imported_at=WHEN
        )
        for n in (1, 2)
    ]
    with translation.override("zh-hans"):
        zh = visible_fields_html(_contact_form(e1_case))
    with translation.override("en"):
        en = visible_fields_html(_contact_form(e1_case))
    assert zh != en and "What was said" in en and "What was said" not in zh
    later = visible_fields_html(_contact_form(e1_case, occurred_at=WHEN.replace(minute=31)))
    assert "2026-11-20T10:31" in later
    first_ticked = visible_fields_html(_contact_form(e1_case, evidence_files=[files[0]]))
    second_ticked = visible_fields_html(_contact_form(e1_case, evidence_files=[files[1]]))
    assert first_ticked != second_ticked
    assert first_ticked == _render(_contact_form(e1_case, evidence_files=[files[0]]))


def test_a_bound_form_is_rendered_afresh_and_not_kept(e1_case: Case) -> None:
    sent = ContactForm({"channel": "pigeon", "said": "我说了"}, case=e1_case)
    assert not sent.is_valid()
    html = visible_fields_html(sent)
    assert form_cache.cached_count() == 0
    assert "我说了" in html and "errorlist" in html


def test_the_cache_keeps_at_most_its_limit(e1_case: Case, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(form_cache._cache, "max_entries", 2)
    for minute in range(5):
        visible_fields_html(_contact_form(e1_case, occurred_at=WHEN.replace(minute=minute)))
    assert form_cache.cached_count() == 2
    visible_fields_html(OfferForm(case=e1_case))
    assert form_cache.cached_count() == 2
