"""The assessment (schedule, figures, flags with sources) and the plans side by side — from the engines."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from xieshang.cases.figures import CaseFigures, CasePlans, case_assessment, case_plans, plan_chart_svg
from xieshang.cases.models import Case
from xieshang.cases.views_common import case_context, with_case
from xieshang.core.agreement_words import agreement_sentence, statement_sentence
from xieshang.language import current_lang


def _on(request: HttpRequest) -> date | None:
    raw = request.GET.get("on", "")
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def debt_rows(figures: CaseFigures) -> list[dict[str, Any]]:
    """Per debt: the engine's assessment, its schedule beside what is unpaid of each instalment, its flags."""
    if not figures.ok:
        return []
    lang = current_lang()
    out = []
    for debt in figures.result.debts:
        agreement = debt.agreement
        # Under an agreement the figures are those of the agreed (or broken) instalments: show those.
        schedule = agreement.schedule if agreement is not None else debt.schedule
        states = {s.n: s for s in debt.installments if not s.accelerated}
        extra = [s for s in debt.installments if s.accelerated]
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
                "rows": [(i, states.get(i.n)) for i in schedule],
                "accelerated": extra,
                "flags": flags,
                "agreement": agreement,
                "agreement_text": agreement_sentence(agreement, lang) if agreement is not None else "",
                "statement_text": statement_sentence(debt.card, debt.status.minimum_payment_due, lang)
                if debt.card is not None and debt.status.minimum_payment_due is not None
                else "",
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


BEST_SHOWN = 3  # options shown before "展开全部": a phone shows three, not a 60-row table


def best_options(options: Sequence[Any], chosen: Any, rec: Any) -> list[Any]:
    """The options shown first: the opening ask (the allocation's choice), the realistic target, then the
    cheapest in total among those a month of which stays under the walk-away point — at most BEST_SHOWN,
    in the table's own order."""
    picked: list[Any] = []
    for o in (chosen, rec.opening_ask, rec.realistic_target):
        if o in options and o not in picked:
            picked.append(o)
    cap = rec.walk_away_monthly
    rest = sorted(
        (o for o in options if o not in picked),
        key=lambda o: (cap is not None and o.monthly_payment > cap, o.total_payable, o.monthly_payment),
    )
    picked.extend(rest[: max(0, BEST_SHOWN - len(picked))])
    kept = picked[:BEST_SHOWN]
    return [o for o in options if o in kept]


def plan_rows(plans: CasePlans) -> list[dict[str, Any]]:
    """Per debt: its options side by side, the allocation's choice, the recommendation (reasons, warnings)."""
    if not plans.ok:
        return []
    lang = current_lang()
    plan = plans.result
    rows = []
    for debt, chosen, rec in zip(plan.debts, plan.chosen, plan.recommendations, strict=True):
        best = best_options(debt.options, chosen, rec)
        rows.append(
            {
                "position": debt.position,
                "options": [
                    {"o": o, "label": o.label(lang), "chosen": o == chosen, "best": o in best}
                    for o in debt.options
                ],
                "more_count": len(debt.options) - len(best),
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
                (line.section, line.label(current_lang()), line.amount)
                for line in result.result.statement.income
            ]
            + [
                (line.section, line.label(current_lang()), line.amount)
                for line in result.result.statement.expenditure
            ]
            if result.ok
            else [],
            statement=result.result.statement if result.ok else None,
            derivation=result.result.statement.derivation(current_lang()) if result.ok else "",
        ),
    )
