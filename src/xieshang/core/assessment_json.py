"""The JSON view of an assessment (spec cli.md, `assess --json`): money with two decimals, rates with six,
ISO dates. The named fields are the contract; the extra ones (realised APR, cost of waiting, …) are welcome.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xieshang.core.agreements import AgreementStatus
from xieshang.core.apr import Apr
from xieshang.core.legal import LegalFlag
from xieshang.core.money import fmt_money, fmt_rate
from xieshang.core.money_figures import MONEY_FIGURES
from xieshang.core.revolving import RevolvingResult
from xieshang.core.schedule import Installment
from xieshang.core.status import CaseAssessment, DebtAssessment, WaitingCost

_MONEY_FIELDS = MONEY_FIGURES[:-1]  # daily_penalty_now follows the debt's state below


def flag_to_json(flag: LegalFlag) -> dict[str, Any]:
    show = fmt_rate if flag.unit == "rate" else fmt_money
    out: dict[str, Any] = {
        "code": flag.code,
        "value": show(flag.value),
        "threshold": show(flag.threshold),
        "source": flag.source,
        "confidence": flag.confidence,
        "title_zh": flag.title("zh"),
        "title_en": flag.title("en"),
        "source_en": flag.source_label("en"),
        "unit": flag.unit,
        "rule": flag.rule.id,
        "text_zh": flag.rule.hedged_text("zh"),
        "text_en": flag.rule.hedged_text("en"),
    }
    if flag.note_en:
        out["note_zh"], out["note_en"] = flag.note_zh, flag.note_en
    return out


def waiting_to_json(costs: Sequence[WaitingCost]) -> list[dict[str, Any]]:
    return [
        {
            "days": w.days,
            "on": w.on.isoformat(),
            "total_due": fmt_money(w.total_due),
            "payoff": fmt_money(w.payoff),
            "increase": fmt_money(w.increase),
        }
        for w in costs
    ]


def apr_to_json(apr: Apr | None) -> dict[str, str] | None:
    return None if apr is None else {"simple": fmt_rate(apr.simple), "compound": fmt_rate(apr.compound)}


def schedule_to_json(rows: Sequence[Installment]) -> list[dict[str, Any]]:
    return [
        {
            "n": i.n,
            "due_date": i.due_date.isoformat(),
            "principal": fmt_money(i.principal),
            "interest": fmt_money(i.interest),
            "fee": fmt_money(i.fee),
            "total": fmt_money(i.total),
        }
        for i in rows
    ]


def agreement_to_json(s: AgreementStatus | None) -> dict[str, Any] | None:
    """The `agreement` of a debt (spec calculations.md, "Agreements"), null when none applies."""
    if s is None:
        return None
    a = s.agreement
    return {
        "date": a.date.isoformat(),
        "kind": a.kind,
        "amount": fmt_money(a.amount),
        "owed": fmt_money(s.owed),
        "waived": fmt_money(s.waived),
        "broken_on": None if s.broken_on is None else s.broken_on.isoformat(),
        "schedule": schedule_to_json(s.schedule),
        "instalments_paid": s.installments_paid,
        "instalments_total": s.installments_total,
        "apr": apr_to_json(s.apr),
        "breaks_after_days": a.breaks_after_days,
        "penalty_annual_rate": fmt_rate(a.penalty_annual_rate),
    }


def statements_to_json(card: RevolvingResult | None) -> list[dict[str, Any]] | None:
    if card is None:
        return None
    return [
        {
            "k": st.k,
            "date": st.date.isoformat(),
            "due_date": st.due_date.isoformat(),
            "minimum": fmt_money(st.minimum),
            "window_paid": fmt_money(st.window_paid),
            "late_fee": fmt_money(st.late_fee),
        }
        for st in card.statements
    ]


def debt_to_json(a: DebtAssessment) -> dict[str, Any]:
    s = a.status
    out: dict[str, Any] = {
        "id": a.terms.id,
        "lender": a.terms.lender,
        "lender_type": a.terms.lender_type,
        "method": a.terms.method,
        "schedule": schedule_to_json(a.schedule),
    }
    out.update({name: fmt_money(getattr(s, name)) for name in _MONEY_FIELDS})
    out.update(
        {
            "dpd": s.dpd,
            "bucket": s.bucket,
            "in_grace": s.in_grace,
            "daily_penalty_now": fmt_money(s.daily_penalty_now),
            "contract_apr": apr_to_json(a.contract_apr),
            "legal_flags": [flag_to_json(f) for f in a.legal_flags],
            "minimum_payment_due": None
            if s.minimum_payment_due is None
            else fmt_money(s.minimum_payment_due),
            "agreement": agreement_to_json(a.agreement),
            "statements": statements_to_json(a.card),
            "due_today": fmt_money(s.due_today),
            "not_yet_due_principal": fmt_money(s.not_yet_due_principal),
            "accrued_interest": fmt_money(s.accrued_interest),
            "realised_apr": None if a.realised_apr is None else fmt_rate(a.realised_apr),
            "cost_of_waiting": waiting_to_json(a.cost_of_waiting),
            "started": s.started,
            "credit": fmt_money(a.credit),
            "accelerated_on": None if a.accelerated_on is None else a.accelerated_on.isoformat(),
            "ignored_payments": [
                {"date": p.date.isoformat(), "amount": fmt_money(p.amount)} for p in a.ignored_payments
            ],
        }
    )
    return out


def assessment_to_json(result: CaseAssessment) -> dict[str, Any]:
    t = result.totals
    return {
        "as_of": result.on.isoformat(),
        "debts": [debt_to_json(a) for a in result.debts],
        "totals": {
            "total_due_now": fmt_money(t.total_due_now),
            "payoff_now": fmt_money(t.payoff_now),
            "outstanding_principal": fmt_money(t.outstanding_principal),
            "daily_penalty_now": fmt_money(t.daily_penalty_now),
            "penalty_unpaid": fmt_money(t.penalty_unpaid),
            "late_fees_unpaid": fmt_money(t.late_fees_unpaid),
            "paid_total": fmt_money(t.paid_total),
            "cost_of_waiting": waiting_to_json(t.cost_of_waiting),
        },
        "lpr_table": {
            "valid_through": result.lpr.valid_through.isoformat(),
            "source": result.lpr.source,
            "confidence": result.lpr.confidence,
        },
        "not_legal_advice": True,
    }
