"""The assessment (schedule, figures, flags with sources) and the plans side by side — from the engines."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from xieshang.cases.figures import CaseFigures, CasePlans, case_assessment, case_plans, plan_chart_svg
from xieshang.cases.models import Case
from xieshang.cases.views_common import case_context, with_case


def _on(request: HttpRequest) -> date | None:
    raw = request.GET.get("on", "")
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _lang() -> str:
    return "en" if (get_language() or "zh").startswith("en") else "zh"


def debt_rows(figures: CaseFigures) -> list[dict[str, Any]]:
    """Per debt: the engine's assessment, its schedule beside what is unpaid of each instalment, its flags."""
    if not figures.ok:
        return []
    lang = _lang()
    out = []
    for debt in figures.result.debts:
        states = {s.n: s for s in debt.instalments if not s.accelerated}
        extra = [s for s in debt.instalments if s.accelerated]
        flags = [
            {
                "code": f.code,
                "title": f.title(lang),
                "unit": f.unit,
                "value": f.value,
                "threshold": f.threshold,
                "rule": f.rule.hedged_text(lang),
                "source": f.source_label(lang),
                "confidence": f.confidence,
                "confidence_label": f.rule.confidence_label(lang),
                "note": f.note_en if lang == "en" else f.note_zh,
            }
            for f in debt.legal_flags
        ]
        out.append(
            {
                "a": debt,
                "terms": debt.terms,
                "status": debt.status,
                "rows": [(i, states.get(i.n)) for i in debt.schedule],
                "accelerated": extra,
                "flags": flags,
            }
        )
    return out


@with_case
def assessment(request: HttpRequest, case: Case) -> HttpResponse:
    figures = case_assessment(case, _on(request))
    lpr = figures.result.lpr if figures.ok else None
    return render(
        request,
        "cases/assessment.html",
        case_context(case, "assessment", figures=figures, debts=debt_rows(figures), lpr=lpr),
    )


def plan_rows(plans: CasePlans) -> list[dict[str, Any]]:
    """Per debt: its options side by side, the allocation's choice, the recommendation (reasons, warnings)."""
    if not plans.ok:
        return []
    lang = _lang()
    plan = plans.result
    rows = []
    for debt, chosen, rec in zip(plan.debts, plan.chosen, plan.recommendations, strict=True):
        rows.append(
            {
                "position": debt.position,
                "options": [{"o": o, "label": o.label(lang), "chosen": o == chosen} for o in debt.options],
                "chosen": chosen,
                "opening": rec.opening_ask.label(lang),
                "target": rec.realistic_target.label(lang),
                "rec": rec,
                "reasons": rec.reasons(lang),
                "lender": _lender_facts(debt.policy, lang),
                "warnings": [
                    {
                        "text": w.hedged_text(lang),
                        "source": w.source.label(),
                        "confidence": w.confidence,
                        "confidence_label": w.confidence_label(lang),
                    }
                    for w in rec.warnings
                ],
            }
        )
    return rows


def _lender_facts(policy: Any, lang: str) -> dict[str, Any] | None:
    """What is known of the lender's policy — each fact with source, confidence and date — and what is not."""
    if policy is None:
        return None
    from xieshang.core.plan.lender import CONFIDENCE_ZH

    known, unknown = [], []
    for f in policy.facts():
        if f.fact is None:
            unknown.append(f.label(lang))
            continue
        known.append(
            {
                "label": f.label(lang),
                "value": f.value_text(lang),
                "source": f.fact.source,
                "confidence": f.fact.confidence,
                "confidence_label": f.fact.confidence if lang == "en" else CONFIDENCE_ZH[f.fact.confidence],
                "checked": f.fact.checked,
                "note": f.fact.note,
            }
        )
    name = policy.platform.display_name if policy.platform is not None else ""
    return {"name": name, "known": known, "unknown": unknown}


@with_case
def plans(request: HttpRequest, case: Case) -> HttpResponse:
    on = _on(request)
    result = case_plans(case, on)
    chart = ""
    if result.ok:
        chart = plan_chart_svg(result.result, _("Cumulative payments by strategy (yuan)"))
    return render(
        request,
        "cases/plans.html",
        case_context(
            case,
            "plans",
            plans=result,
            debts=plan_rows(result),
            chart=mark_safe(chart),
            budget_lines=[
                (line.section, line.label(_lang()), line.amount) for line in result.result.statement.income
            ]
            + [
                (line.section, line.label(_lang()), line.amount)
                for line in result.result.statement.expenditure
            ]
            if result.ok
            else [],
            statement=result.result.statement if result.ok else None,
            derivation=result.result.statement.derivation(_lang()) if result.ok else "",
        ),
    )
