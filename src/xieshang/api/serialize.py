"""Engine results as the JSON of spec cli.md (money: 2-decimal strings, rates: 6-decimal strings, ISO dates)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any


def money(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def rate(value: Decimal | None) -> str | None:
    return None if value is None else str(value.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP))


_DEBT_MONEY = (
    "paid_total",
    "outstanding_principal",
    "overdue_principal",
    "overdue_interest",
    "overdue_fees",
    "penalty_unpaid",
    "late_fees_unpaid",
    "total_due_now",
    "payoff_now",
    "daily_penalty_now",
)


def flag_json(flag: Any, lang: str) -> dict[str, Any]:
    return {
        "code": flag.code,
        "title": flag.title("en" if lang.startswith("en") else "zh"),
        "value": rate(flag.value) if flag.unit == "rate" else money(flag.value),
        "threshold": rate(flag.threshold) if flag.unit == "rate" else money(flag.threshold),
        "source": flag.source,
        "source_label": flag.source_label("en" if lang.startswith("en") else "zh"),
        "confidence": flag.confidence,
        "rule": flag.rule.hedged_text("en" if lang.startswith("en") else "zh"),
    }


def debt_assessment_json(d: Any, lang: str = "zh") -> dict[str, Any]:
    status = d.status
    out: dict[str, Any] = {
        "id": d.terms.id,
        "lender": d.terms.lender,
        "schedule": [
            {
                "n": i.n,
                "due_date": i.due_date.isoformat(),
                "principal": money(i.principal),
                "interest": money(i.interest),
                "fee": money(i.fee),
                "total": money(i.total),
            }
            for i in d.schedule
        ],
    }
    for name in _DEBT_MONEY:
        out[name] = money(getattr(status, name))
    out["dpd"] = status.dpd
    out["bucket"] = status.bucket
    out["in_grace"] = status.in_grace
    apr = d.contract_apr
    out["contract_apr"] = {"simple": rate(apr.simple), "compound": rate(apr.compound)} if apr else None
    out["legal_flags"] = [flag_json(f, lang) for f in d.legal_flags]
    return out


def assessment_json(result: Any, lang: str = "zh") -> dict[str, Any]:
    t = result.totals
    return {
        "as_of": result.on.isoformat(),
        "debts": [debt_assessment_json(d, lang) for d in result.debts],
        "totals": {
            "total_due_now": money(t.total_due_now),
            "payoff_now": money(t.payoff_now),
            "outstanding_principal": money(t.outstanding_principal),
            "daily_penalty_now": money(t.daily_penalty_now),
        },
    }
