"""The case file (spec case-file.md): parsed and validated into frozen values, and written back out.

`parse_case_text` reads TOML (numbers as exact decimals); `parse_case_data` validates the TOML-shaped dict
(what `tomllib` gives, or what the web app builds); `case_file_to_data` is the inverse, keeping which of
`annual_rate`/`daily_rate` and `penalty_multiplier`/`penalty_annual_rate` was given, so export → import
round-trips. Each top-level section has its own reader in `_SECTIONS`: adding an optional section is one
reader function, one entry there and one field on `CaseFile`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from xieshang.core.casefile_agreements import Agreement, BreakTerms, agreement_to_data, read_agreements
from xieshang.core.casefile_fields import CaseFileError, Fields, fail
from xieshang.core.casefile_revolving import RevolvingTerms, check_revolving_keys, read_revolving
from xieshang.core.money import ZERO, plain_decimal
from xieshang.core.plan.budget import Budget, budget_to_data, read_budget_section

__all__ = [
    "DEFAULT_PENALTY_MULTIPLIER",
    "Agreement",
    "BreakTerms",
    "RevolvingTerms",
    "HARDSHIPS",
    "LENDER_TYPES",
    "METHODS",
    "Borrower",
    "CaseFile",
    "CaseFileError",
    "DebtTerms",
    "Payment",
    "case_file_to_data",
    "parse_case_data",
    "parse_case_text",
]

LENDER_TYPES = ("bank", "credit_card", "consumer_finance", "microloan", "online_lender", "private")
METHODS = (
    "equal_installment",
    "equal_principal",
    "interest_first",
    "bullet",
    "fee_installment",
    "revolving",
)
HARDSHIPS = ("unemployment", "illness", "family", "income_drop", "disaster", "other")
PENALTY_BASES = ("installment", "principal")
DEFAULT_PENALTY_MULTIPLIER = Decimal("1.5")
_ID = re.compile(r"[A-Za-z0-9_-]+")
MAX_RATE = Decimal("10")


@dataclass(frozen=True)
class Payment:
    date: date
    amount: Decimal


@dataclass(frozen=True)
class Borrower:
    name: str
    monthly_income: Decimal
    monthly_essential_expenses: Decimal
    dependents: int | None = None
    hardships: tuple[str, ...] = ()


@dataclass(frozen=True)
class DebtTerms:
    """One debt's contract and what was paid. Rates are fractions, always resolved:
    `annual_rate` (= daily_rate × day_basis when the daily rate was given) and `penalty_annual_rate`
    (= annual_rate × penalty_multiplier unless given explicitly, then `penalty_multiplier` is None)."""

    id: str
    lender: str
    lender_type: str
    principal: Decimal
    annual_rate: Decimal
    daily_rate: Decimal | None
    day_basis: int
    method: str
    term_months: int | None
    term_days: int | None
    start_date: date
    upfront_fee: Decimal
    fee_per_installment: Decimal
    grace_days: int
    penalty_annual_rate: Decimal
    penalty_multiplier: Decimal | None
    penalty_base: str
    late_fee_fixed: Decimal
    late_fee_percent: Decimal
    acceleration_after_days: int
    payments: tuple[Payment, ...] = ()
    agreements: tuple[Agreement, ...] = ()  # in date order (core/casefile_agreements.py)
    # A credit card (method "revolving"): its own terms; then principal = the statement balance,
    # start_date = the statement date, penalty_annual_rate = annual_rate (used only once an agreement
    # breaks), no term, fees or acceleration.
    revolving: RevolvingTerms | None = None
    # Only on the terms core/agreements.py derives for an agreed schedule: what breaking it does.
    on_break: BreakTerms | None = None

    @property
    def is_revolving(self) -> bool:
        return self.revolving is not None

    @property
    def daily_interest_rate(self) -> Decimal:
        return self.annual_rate / self.day_basis

    @property
    def received(self) -> Decimal:
        """The principal actually received (after the upfront deduction)."""
        return self.principal - self.upfront_fee


@dataclass(frozen=True)
class CaseFile:
    as_of: date | None
    borrower: Borrower
    debts: tuple[DebtTerms, ...] = field(default=())
    budget: Budget | None = None  # the optional [budget] section (core/plan/budget.py)

    def debt(self, debt_id: str) -> DebtTerms:
        for debt in self.debts:
            if debt.id == debt_id:
                return debt
        raise KeyError(debt_id)


def parse_case_text(text: str) -> CaseFile:
    """Read a TOML case file; a syntax error names its line and column."""
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        raise toml_syntax_error(exc) from exc
    return parse_case_data(data)


_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def toml_syntax_error(exc: tomllib.TOMLDecodeError) -> CaseFileError:
    """A TOML syntax error as an input error naming its line and column (Chinese and English)."""
    detail = str(exc)
    at = _TOML_AT.search(detail)
    if at is not None:
        line, column = int(at.group(1)), int(at.group(2))
        place_en, place_zh = f"line {line}, column {column}", f"第 {line} 行第 {column} 列"
        data: dict[str, Any] = {"line": line, "column": column}
        detail = detail[: at.start()]
    elif _TOML_AT_END.search(detail):
        place_en, place_zh, data = "end of file", "文件末尾", {}
        detail = _TOML_AT_END.sub("", detail)
    else:
        place_en, place_zh, data = "(TOML)", "(TOML)", {}
    error = CaseFileError(place_en, f"TOML 语法错误（{detail}）", f"TOML syntax error: {detail}")
    error.message_zh = f"{place_zh}：TOML 语法错误（{detail}）"
    error.data.update(data)
    return error


def parse_case_data(data: Mapping[str, Any]) -> CaseFile:
    """Validate the TOML-shaped data of a case file into a `CaseFile`."""
    top = Fields(data, "")
    values = {name: reader(top) for name, reader in _SECTIONS.items()}
    top.finish()
    return CaseFile(**values)


def _read_as_of(top: Fields) -> date | None:
    return top.day("as_of", required=False)


def _read_borrower(top: Fields) -> Borrower:
    f = top.table("borrower", required=True)
    assert f is not None
    borrower = Borrower(
        name=f.text("name"),
        monthly_income=f.amount("monthly_income", required=True),
        monthly_essential_expenses=f.amount("monthly_essential_expenses", required=True),
        dependents=f.integer("dependents", maximum=50),
        hardships=f.text_list("hardships", choices=HARDSHIPS),
    )
    f.finish()
    return borrower


def _read_debts(top: Fields) -> tuple[DebtTerms, ...]:
    debts: list[DebtTerms] = []
    seen: set[str] = set()
    for f in top.tables("debts"):
        debt = _read_debt(f)
        if debt.id in seen:
            fail(f.at("id"), "债务 id 重复", "duplicate debt id", debt.id)
        seen.add(debt.id)
        debts.append(debt)
    return tuple(debts)


# Top-level sections: name → reader. The order is the order of CaseFile's fields.
_SECTIONS: dict[str, Callable[[Fields], Any]] = {
    "as_of": _read_as_of,
    "borrower": _read_borrower,
    "debts": _read_debts,
    "budget": read_budget_section,
}


def _one_of(f: Fields, first: str, second: str, *, required: bool) -> None:
    if f.has(first) and f.has(second):
        fail(f.at(second), f"不能与 {first} 同时给出", f"cannot be given together with {first}")
    if required and not f.has(first) and not f.has(second):
        fail(
            f.at(first), f"缺少必填字段（{first} 或 {second}）", f"missing required key ({first} or {second})"
        )


def _read_rates(f: Fields, day_basis: int) -> tuple[Decimal, Decimal | None]:
    """(annual_rate, daily_rate as given or None): exactly one of the two."""
    _one_of(f, "annual_rate", "daily_rate", required=True)
    daily_rate = f.rate("daily_rate")
    if daily_rate is not None:
        annual_rate = daily_rate * day_basis
        if annual_rate > MAX_RATE:
            fail(
                f.at("daily_rate"),
                "折合年利率超过 10（1000%）",
                "gives an annual rate above 10 (1000 %)",
                daily_rate,
            )
    else:
        given = f.rate("annual_rate", required=True)
        assert given is not None
        annual_rate = given
    return annual_rate, daily_rate


def _read_debt(f: Fields) -> DebtTerms:
    debt_id = f.text("id", pattern=_ID)
    lender = f.text("lender")
    lender_type = f.text("lender_type", choices=LENDER_TYPES)
    method = f.text("method", choices=METHODS)
    if method == "revolving":
        return _read_revolving_debt(f, debt_id, lender, lender_type)
    principal = f.amount("principal", required=True, positive=True)
    day_basis = f.integer("day_basis", default=360, choices=(360, 365))
    assert day_basis is not None
    annual_rate, daily_rate = _read_rates(f, day_basis)
    _one_of(f, "term_months", "term_days", required=True)
    term_months = f.integer("term_months", minimum=1, maximum=600)
    term_days = f.integer("term_days", minimum=1, maximum=36500)
    if term_days is not None and method != "bullet":
        fail(f.at("term_days"), "只能用于 bullet（到期还本付息）", "is only allowed with method bullet")
    start_date = f.day("start_date")
    assert start_date is not None
    upfront_fee = f.amount("upfront_fee")
    if upfront_fee >= principal:
        fail(f.at("upfront_fee"), "必须小于本金", "must be less than the principal", str(upfront_fee))
    _one_of(f, "penalty_multiplier", "penalty_annual_rate", required=False)
    multiplier = f.rate("penalty_multiplier")
    explicit_penalty = f.rate("penalty_annual_rate")
    if explicit_penalty is None:
        # A derived penalty rate may exceed 10: the limit is on the rates written in the file (typos).
        multiplier = DEFAULT_PENALTY_MULTIPLIER if multiplier is None else multiplier
        penalty_rate = annual_rate * multiplier
    else:
        penalty_rate = explicit_penalty
    debt = DebtTerms(
        id=debt_id,
        lender=lender,
        lender_type=lender_type,
        principal=principal,
        annual_rate=annual_rate,
        daily_rate=daily_rate,
        day_basis=day_basis,
        method=method,
        term_months=term_months,
        term_days=term_days,
        start_date=start_date,
        upfront_fee=upfront_fee,
        fee_per_installment=f.amount("fee_per_installment"),
        grace_days=f.integer("grace_days", default=0, maximum=3650) or 0,
        penalty_annual_rate=penalty_rate,
        penalty_multiplier=multiplier,
        penalty_base=f.text("penalty_base", required=False, default="installment", choices=PENALTY_BASES),
        late_fee_fixed=f.amount("late_fee_fixed"),
        late_fee_percent=f.rate("late_fee_percent") or ZERO,
        acceleration_after_days=f.integer("acceleration_after_days", default=0, maximum=36500) or 0,
        payments=_read_payments(f, start_date),
        agreements=read_agreements(f, start_date, _START),
    )
    f.finish()
    return debt


_START = ("放款日", "start date")
_STATEMENT = ("账单日", "statement date")


def _read_revolving_debt(f: Fields, debt_id: str, lender: str, lender_type: str) -> DebtTerms:
    check_revolving_keys(f)
    day_basis = f.integer("day_basis", default=360, choices=(360, 365))
    assert day_basis is not None
    annual_rate, daily_rate = _read_rates(f, day_basis)
    card, grace_days, late_fee_percent = read_revolving(f)
    debt = DebtTerms(
        id=debt_id,
        lender=lender,
        lender_type=lender_type,
        principal=card.statement_balance,
        annual_rate=annual_rate,
        daily_rate=daily_rate,
        day_basis=day_basis,
        method="revolving",
        term_months=None,
        term_days=None,
        start_date=card.statement_date,
        upfront_fee=ZERO,
        fee_per_installment=ZERO,
        grace_days=grace_days,
        penalty_annual_rate=annual_rate,
        penalty_multiplier=None,
        penalty_base="installment",
        late_fee_fixed=ZERO,
        late_fee_percent=late_fee_percent,
        acceleration_after_days=0,
        payments=_read_payments(f, card.statement_date, _STATEMENT),
        agreements=read_agreements(f, card.statement_date, _STATEMENT),
        revolving=card,
    )
    f.finish()
    return debt


def _read_payments(debt: Fields, start_date: date, label: tuple[str, str] = _START) -> tuple[Payment, ...]:
    payments: list[Payment] = []
    zh, en = label
    for f in debt.tables("payments"):
        day = f.day("date")
        assert day is not None
        if day <= start_date:
            fail(
                f.at("date"),
                f"还款日期必须晚于{zh} {start_date}",
                f"must be after the {en} {start_date}",
                day,
            )
        payments.append(Payment(date=day, amount=f.amount("amount", required=True, positive=True)))
        f.finish()
    return tuple(sorted(payments, key=lambda p: p.date))


_plain = plain_decimal


def case_file_to_data(case: CaseFile) -> dict[str, Any]:
    """The case as TOML-ready data (`tomli_w.dumps` it); `parse_case_data` of the result equals `case`."""
    data: dict[str, Any] = {}
    if case.as_of is not None:
        data["as_of"] = case.as_of
    b = case.borrower
    borrower: dict[str, Any] = {
        "name": b.name,
        "monthly_income": _plain(b.monthly_income),
        "monthly_essential_expenses": _plain(b.monthly_essential_expenses),
    }
    if b.dependents is not None:
        borrower["dependents"] = b.dependents
    if b.hardships:
        borrower["hardships"] = list(b.hardships)
    data["borrower"] = borrower
    data["debts"] = [_debt_to_data(d) for d in case.debts]
    if case.budget is not None:
        data["budget"] = budget_to_data(case.budget)
    return data


def _revolving_to_data(d: DebtTerms, card: RevolvingTerms) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": d.id,
        "lender": d.lender,
        "lender_type": d.lender_type,
        "method": "revolving",
        "statement_date": card.statement_date,
        "statement_balance": _plain(card.statement_balance),
        "due_days": card.due_days,
    }
    if d.daily_rate is not None:
        item["daily_rate"] = _plain(d.daily_rate)
    else:
        item["annual_rate"] = _plain(d.annual_rate)
    item["day_basis"] = d.day_basis
    item["min_payment_percent"] = _plain(card.min_payment_percent)
    item["late_fee_percent"] = _plain(d.late_fee_percent)
    item["late_fee_min"] = _plain(card.late_fee_min)
    item["grace_days"] = d.grace_days
    return item


def _debt_to_data(d: DebtTerms) -> dict[str, Any]:
    item = _revolving_to_data(d, d.revolving) if d.revolving is not None else _loan_to_data(d)
    if d.payments:
        item["payments"] = [{"date": p.date, "amount": _plain(p.amount)} for p in d.payments]
    if d.agreements:
        item["agreements"] = [agreement_to_data(a) for a in d.agreements]
    return item


def _loan_to_data(d: DebtTerms) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": d.id,
        "lender": d.lender,
        "lender_type": d.lender_type,
        "principal": _plain(d.principal),
    }
    if d.daily_rate is not None:
        item["daily_rate"] = _plain(d.daily_rate)
    else:
        item["annual_rate"] = _plain(d.annual_rate)
    item["day_basis"] = d.day_basis
    item["method"] = d.method
    if d.term_days is not None:
        item["term_days"] = d.term_days
    else:
        item["term_months"] = d.term_months
    item["start_date"] = d.start_date
    item["upfront_fee"] = _plain(d.upfront_fee)
    item["fee_per_installment"] = _plain(d.fee_per_installment)
    item["grace_days"] = d.grace_days
    if d.penalty_multiplier is not None:
        item["penalty_multiplier"] = _plain(d.penalty_multiplier)
    else:
        item["penalty_annual_rate"] = _plain(d.penalty_annual_rate)
    item["penalty_base"] = d.penalty_base
    item["late_fee_fixed"] = _plain(d.late_fee_fixed)
    item["late_fee_percent"] = _plain(d.late_fee_percent)
    item["acceleration_after_days"] = d.acceleration_after_days
    return item
