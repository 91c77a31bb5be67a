"""The whole plan of a case on day D: budget statement, options per debt, the allocation (the opening ask
across all debts), the recommendations — and its JSON (spec cli.md; extra fields welcome).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from xieshang.core.money import fmt_money, fmt_rate
from xieshang.core.plan.agreement_plan import agreement_options, recommend_under_agreement
from xieshang.core.plan.allocation import Allocation, Candidate, allocate
from xieshang.core.plan.budget import Budget, BudgetStatement, budget_statement
from xieshang.core.plan.extra_options import ExtraSettings, all_options
from xieshang.core.plan.lender import LenderPolicy, PolicyFact
from xieshang.core.plan.options import AgreedPlan, DebtPosition, PlanOption, settlement_waiving_penalties
from xieshang.core.plan.recommend import Recommendation, recommend, walk_away_caps
from xieshang.core.rules import LegalRule


@dataclass(frozen=True)
class DebtPlan:
    position: DebtPosition
    options: tuple[PlanOption, ...]  # the fixed core first, then the extra options
    policy: LenderPolicy | None

    @property
    def grid(self) -> tuple[PlanOption, ...]:
        """The options the allocation chooses among: the instalment grid, or the agreement that holds."""
        return tuple(o for o in self.options if o.kind in ("installments", "agreement"))


@dataclass(frozen=True)
class Plan:
    as_of: date
    statement: BudgetStatement
    debts: tuple[DebtPlan, ...]
    allocation: Allocation | None  # None when nothing is outstanding
    chosen: tuple[PlanOption, ...]  # the allocation's option per debt
    recommendations: tuple[Recommendation, ...]


def build_plan(
    on: date,
    positions: Sequence[DebtPosition],
    *,
    monthly_income: Any,
    monthly_essential_expenses: Any,
    budget: Budget | None = None,
    dependents: int | None = None,
    policies: Mapping[str, LenderPolicy] | None = None,
    rules: Mapping[str, LegalRule],
    settings: ExtraSettings | None = None,
) -> Plan:
    """Everything `xieshang plan` shows. `policies` maps a debt id to its lender policy."""
    statement = budget_statement(monthly_income, monthly_essential_expenses, budget, dependents)
    policies = policies or {}
    debts = tuple(
        DebtPlan(
            p,
            agreement_options(p, on)
            if p.under_agreement
            else all_options(p, on, policies.get(p.id), settings),
            policies.get(p.id),
        )
        for p in positions
        if p.has_outstanding
    )
    if not debts:
        return Plan(on, statement, (), None, (), ())
    grids = [d.grid for d in debts]
    allocation = allocate(
        [[Candidate(o.monthly_payment, o.total_payable, o.months or 0) for o in grid] for grid in grids],
        statement.disposable_income,
    )
    chosen = tuple(grid[j] for grid, j in zip(grids, allocation.choice, strict=True))
    caps = walk_away_caps(allocation, [o.monthly_payment for o in chosen])
    recs = tuple(
        recommend_under_agreement(d.position, o, cap, rules)
        if d.position.under_agreement
        else recommend(d.position, d.options, o, cap, d.policy, rules, other_debts=len(debts) - 1)
        for d, o, cap in zip(debts, chosen, caps, strict=True)
    )
    return Plan(on, statement, debts, allocation, chosen, recs)


def _opt_rate(value: Any) -> str | None:
    return None if value is None else fmt_rate(value)


def option_json(o: PlanOption) -> dict[str, Any]:
    return {
        "kind": o.kind,
        "label": o.label_zh,
        "label_en": o.label_en,
        "months": o.months,
        "annual_rate": _opt_rate(o.annual_rate),
        "base": fmt_money(o.base),
        "monthly_payment": fmt_money(o.monthly_payment),
        "later_payment": None if o.later_payment is None else fmt_money(o.later_payment),
        "total_payable": fmt_money(o.total_payable),
        "months_to_debt_free": o.months_to_debt_free,
        "first_due_date": o.payments[0].due_date if o.payments else None,
        "saving_vs_payoff_now": fmt_money(o.saving_vs_payoff_now),
        "saving_vs_waiting_90_days": None
        if o.saving_vs_waiting_90 is None
        else fmt_money(o.saving_vs_waiting_90),
        "apr": None
        if o.apr_simple is None
        else {"simple": fmt_rate(o.apr_simple), "compound": _opt_rate(o.apr_compound)},
        "within_policy": o.within_policy,
        "policy_note": o.policy_note,
        "policy_note_en": o.policy_note_en,
        "params": dict(o.params),
    }


def _rule_json(rule: LegalRule) -> dict[str, Any]:
    return {
        "code": rule.id,
        "text": rule.hedged_text("zh"),
        "text_en": rule.hedged_text("en"),
        "source": rule.source.label(),
        "confidence": rule.confidence,
    }


def _fact_json(f: PolicyFact) -> dict[str, Any]:
    """One policy field: value, source, confidence and date — or `known: false` (unknown stays unknown)."""
    if f.fact is None:
        return {"field": f.field, "known": False}
    value = f.fact.value
    return {
        "field": f.field,
        "known": True,
        "value": list(value) if isinstance(value, tuple) else value,
        "source": f.fact.source,
        "confidence": f.fact.confidence,
        "checked": f.fact.checked,
        "note": f.fact.note,
        "from": f.origin,
    }


def _agreement_json(a: AgreedPlan) -> dict[str, Any]:
    return {
        "date": a.date,
        "in_force": a.in_force,
        "broken_on": a.broken_on,
        "regular_payment": fmt_money(a.regular_payment),
        "instalments_paid": a.installments_paid,
        "instalments_total": a.installments_total,
        "waived": fmt_money(a.waived),
        "summary": a.summary_zh,
        "summary_en": a.summary_en,
    }


def plan_json(plan: Plan) -> dict[str, Any]:
    """The JSON of `xieshang plan --json`: the contract fields of spec cli.md plus extras."""
    debts = []
    for d, rec in zip(plan.debts, plan.recommendations, strict=True):
        p = d.position
        debts.append(
            {
                "id": p.id,
                "lender": p.lender,
                "lender_profile": d.policy.platform.id if d.policy and d.policy.platform else None,
                "lender_facts": [] if d.policy is None else [_fact_json(f) for f in d.policy.facts()],
                "base": fmt_money(p.base),
                "payoff_now": fmt_money(p.payoff_now),
                "settlement_waiving_penalties": fmt_money(settlement_waiving_penalties(p)),
                "agreement": None if p.agreement is None else _agreement_json(p.agreement),
                "options": [option_json(o) for o in d.options],
                "recommendation": {
                    "opening_ask": option_json(rec.opening_ask),
                    "realistic_target": option_json(rec.realistic_target),
                    "walk_away_monthly": fmt_money(rec.walk_away_monthly),
                    "target_fits_budget": rec.target_fits_budget,
                    "reasons": list(rec.reasons_zh),
                    "reasons_en": list(rec.reasons_en),
                    "warnings": [_rule_json(w) for w in rec.warnings],
                },
            }
        )
    a = plan.allocation
    allocation: dict[str, Any] | None = None
    if a is not None:
        allocation = {
            "disposable_income": fmt_money(a.disposable),
            "feasible": a.feasible,
            "monthly_total": fmt_money(a.monthly_total),
            "total_payable": fmt_money(a.total_payable),
            "months_total": a.months_total,
            "choices": [
                {"id": d.position.id, "months": o.months, "annual_rate": _opt_rate(o.annual_rate)}
                for d, o in zip(plan.debts, plan.chosen, strict=True)
            ],
        }
    else:
        allocation = {
            "disposable_income": fmt_money(plan.statement.disposable_income),
            "feasible": True,
            "monthly_total": "0.00",
            "total_payable": "0.00",
            "months_total": 0,
            "choices": [],
        }
    return {
        "as_of": plan.as_of,
        "budget": plan.statement.as_json(),
        "debts": debts,
        "allocation": allocation,
        "disclaimer": "本工具不构成法律意见。 Not legal advice.",
    }
