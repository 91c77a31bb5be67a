"""`[[debts.agreements]]` of a case file (spec case-file.md; calculations.md "Agreements"): read, checked,
written back.

An agreement replaces, from the end of its `date`, whatever the debt still owed by a new schedule
(`installments`) or one payment (`settlement`). Defaults are resolved here (`method`, `first_due`), so
the engine never guesses and export → import round-trips.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from xieshang.core.casefile_fields import Fields, fail
from xieshang.core.dates import add_months
from xieshang.core.money import ZERO, plain_decimal

AGREEMENT_KINDS = ("installments", "settlement")
AGREEMENT_METHODS = ("equal_installment", "equal_principal", "interest_first", "fee_installment")
_INSTALLMENT_ONLY = ("months", "method", "annual_rate", "first_due")


@dataclass(frozen=True)
class Agreement:
    """One agreement with the lender. `installments`: `months`, `method`, `annual_rate` and `first_due`
    are set (first_due resolved to date + 1 month when not given), `due` is None; `settlement`: `due` is
    set, the installment keys are None (annual_rate 0)."""

    date: dt.date
    kind: str
    amount: Decimal
    months: int | None
    method: str | None
    annual_rate: Decimal
    first_due: dt.date | None
    due: dt.date | None
    penalty_annual_rate: Decimal
    breaks_after_days: int

    @property
    def is_settlement(self) -> bool:
        return self.kind == "settlement"


@dataclass(frozen=True)
class BreakTerms:
    """What breaking an agreement does (set only on the derived terms of an agreed schedule, never read
    from a case file): `revive` (the waived amount) joins the principal of the instalment that replaces
    the ones not yet due, and from the next day every unpaid instalment bears `penalty_annual_rate`."""

    revive: Decimal
    penalty_annual_rate: Decimal


def read_agreements(debt: Fields, after: date, after_label: tuple[str, str]) -> tuple[Agreement, ...]:
    """The agreements of one debt, in date order, each dated after `after` (the start or statement date,
    named by `after_label` in zh and en) and after the one before it."""
    agreements: list[Agreement] = []
    for f in debt.tables("agreements"):
        previous = agreements[-1].date if agreements else None
        agreements.append(_read_agreement(f, after, after_label, previous))
        f.finish()
    return tuple(agreements)


def _read_agreement(f: Fields, after: date, after_label: tuple[str, str], previous: date | None) -> Agreement:
    day = f.day("date")
    assert day is not None
    if day <= after:
        zh, en = after_label
        fail(f.at("date"), f"协议日期必须晚于{zh} {after}", f"must be after the {en} {after}", day)
    if previous is not None and day <= previous:
        fail(
            f.at("date"),
            f"协议必须按日期顺序排列，且晚于上一份协议（{previous}）",
            f"agreements must be in date order, each after the one before ({previous})",
            day,
        )
    kind = f.text("kind", choices=AGREEMENT_KINDS)
    amount = f.amount("amount", required=True, positive=True)
    penalty = f.rate("penalty_annual_rate") or ZERO
    breaks = f.integer("breaks_after_days", default=0, maximum=3650) or 0
    if kind == "settlement":
        for key in _INSTALLMENT_ONLY:
            if f.has(key):
                fail(
                    f.at(key),
                    "只能用于 kind = installments（分期）",
                    "is only allowed with kind installments",
                )
        due = f.day("due", required=True)
        assert due is not None
        if due <= day:
            fail(f.at("due"), f"必须晚于协议日期 {day}", f"must be after the agreement date {day}", due)
        return Agreement(day, kind, amount, None, None, ZERO, None, due, penalty, breaks)
    if f.has("due"):
        fail(f.at("due"), "只能用于 kind = settlement（一次性结清）", "is only allowed with kind settlement")
    months = f.integer("months", minimum=1, maximum=600)
    if months is None:
        fail(
            f.at("months"),
            "缺少必填字段（分期协议的期数）",
            "missing required key (installments need months)",
        )
    method = f.text("method", required=False, default="equal_installment", choices=AGREEMENT_METHODS)
    rate = f.rate("annual_rate") or ZERO
    first_due = f.day("first_due", required=False)
    if first_due is None:
        first_due = add_months(day, 1)
    elif first_due <= day:
        fail(
            f.at("first_due"),
            f"必须晚于协议日期 {day}",
            f"must be after the agreement date {day}",
            first_due,
        )
    return Agreement(day, kind, amount, months, method, rate, first_due, None, penalty, breaks)


def agreement_to_data(a: Agreement) -> dict[str, Any]:
    """The agreement as TOML-ready data; reading it back gives the same `Agreement`."""
    item: dict[str, Any] = {"date": a.date, "kind": a.kind, "amount": plain_decimal(a.amount)}
    if a.is_settlement:
        item["due"] = a.due
    else:
        item["months"] = a.months
        item["method"] = a.method
        item["annual_rate"] = plain_decimal(a.annual_rate)
        item["first_due"] = a.first_due
    item["penalty_annual_rate"] = plain_decimal(a.penalty_annual_rate)
    item["breaks_after_days"] = a.breaks_after_days
    return item
