"""Figures of stored cases are cached under a digest of the case data: computed once, never stale."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import translation

from xieshang.cases import figures
from xieshang.cases.casefile_io import case_file_for_case
from xieshang.cases.models import Case, Payment
from xieshang.figures import assess


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Counts the engine runs behind case_assessment and case_plans."""
    cache.clear()
    counted = {"assess": 0, "plan": 0}

    def counting(name: str, real: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            counted[name] += 1
            return real(*args, **kwargs)

        return run

    monkeypatch.setattr(figures, "assess", counting("assess", figures.assess))
    monkeypatch.setattr(figures, "plan_case", counting("plan", figures.plan_case))
    return counted


def test_assessment_is_computed_once_and_follows_every_change(e1_case: Case, calls: dict[str, int]) -> None:
    first = figures.case_assessment(e1_case)
    again = figures.case_assessment(Case.objects.get(pk=e1_case.pk))
    assert calls["assess"] == 1
    assert first.ok and again.ok
    direct = assess(case_file_for_case(e1_case), first.as_of)  # the engine, not through the cache
    assert again.result == first.result == direct

    debt = e1_case.debts.get()
    Payment.objects.create(debt=debt, date=date(2026, 11, 20), amount=Decimal("500.00"))
    paid = figures.case_assessment(e1_case)
    assert calls["assess"] == 2
    assert paid.result.totals.total_due_now < first.result.totals.total_due_now
    assert paid.result == assess(case_file_for_case(e1_case), paid.as_of)

    later = figures.case_assessment(e1_case, on=date(2026, 12, 28))  # another day: another key
    assert calls["assess"] == 3
    assert later.as_of == date(2026, 12, 28)

    Case.objects.filter(pk=e1_case.pk).update(monthly_income=Decimal("6000.00"))
    figures.case_assessment(Case.objects.get(pk=e1_case.pk))
    assert calls["assess"] == 4  # any field of the case file changes the key


def test_plans_are_cached_with_their_json(e1_case: Case, calls: dict[str, int]) -> None:
    first = figures.case_plans(e1_case)
    second = figures.case_plans(e1_case)
    assert calls["plan"] == 1
    assert first.json == second.json and second.ok
    e1_case.monthly_essential_expenses = Decimal("4200.00")  # less to pay with: another allocation
    e1_case.save()
    third = figures.case_plans(e1_case)
    assert calls["plan"] == 2 and third.ok
    assert third.json["allocation"] != first.json["allocation"]


def test_refusals_are_not_cached_and_speak_the_current_language(e1_case: Case, calls: dict[str, int]) -> None:
    Case.objects.filter(pk=e1_case.pk).update(budget={"income": {"salary": "-5"}})  # the parser refuses it
    broken = Case.objects.get(pk=e1_case.pk)
    with translation.override("en"):
        english = figures.case_assessment(broken)
    with translation.override("zh-hans"):
        chinese = figures.case_assessment(broken)
    assert not english.ok and not chinese.ok
    assert "budget" in english.error and english.error != chinese.error
    assert any("\u4e00" <= ch <= "\u9fff" for ch in chinese.error)
    assert calls["assess"] == 0  # refused while reading the case file, before the engine
    assert not figures.case_plans(broken).ok
    Case.objects.filter(pk=e1_case.pk).update(budget={})
    assert figures.case_assessment(Case.objects.get(pk=e1_case.pk)).ok  # no refusal kept
