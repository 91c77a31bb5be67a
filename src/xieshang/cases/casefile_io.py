"""Stored cases ↔ case files (spec case-file.md). One validation path: the core parser.

A stored case is turned into the case file's TOML-shaped data and parsed by `xieshang.core.casefile`, so the web,
the CLI and the API see exactly the figures a case file on disk would give. Import goes the other way, in one
transaction: a case file replaces the stored case's debts and payments wholesale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import tomli_w
from django.db import models, transaction

from xieshang.cases.models import Case, Debt, Payment
from xieshang.core.casefile_revolving import REVOLVING_KEYS
from xieshang.core.errors import InputError, NotFoundError
from xieshang.core.money import plain_decimal

if TYPE_CHECKING:
    from xieshang.core.casefile import CaseFile

# Debt fields of the case file that are stored as they were given (None = not given).
_OPTIONAL_DEBT_FIELDS = (
    "annual_rate",
    "daily_rate",
    "term_months",
    "term_days",
    "penalty_multiplier",
    "penalty_annual_rate",
)
_ALWAYS_DEBT_FIELDS = (
    "lender",
    "lender_type",
    "principal",
    "day_basis",
    "method",
    "start_date",
    "upfront_fee",
    "fee_per_installment",
    "grace_days",
    "penalty_base",
    "late_fee_fixed",
    "late_fee_percent",
    "acceleration_after_days",
)
# A revolving card (`method = "revolving"`) has only the core's REVOLVING_KEYS (case-file.md); stored as fields
# are all but its id and its lists; None = not given.
_REVOLVING_DEBT_FIELDS = tuple(k for k in REVOLVING_KEYS if k not in ("id", "payments", "agreements"))
_STORED_DEBT_FIELDS = tuple(
    dict.fromkeys(_ALWAYS_DEBT_FIELDS + _OPTIONAL_DEBT_FIELDS + _REVOLVING_DEBT_FIELDS)
)


def _plain(value: Any) -> Any:
    """Decimals as normalised strings (exact, as a case file writes them); anything else as it is."""
    return plain_decimal(value) if isinstance(value, Decimal) else value


def case_data_for_case(case: Case) -> dict[str, Any]:
    """The stored case as case-file data (the dict `tomllib` would give for the same TOML)."""
    borrower: dict[str, Any] = {
        "name": case.borrower_name,
        "monthly_income": _plain(case.monthly_income),
        "monthly_essential_expenses": _plain(case.monthly_essential_expenses),
    }
    if case.dependents is not None:
        borrower["dependents"] = case.dependents
    if case.hardships:
        borrower["hardships"] = list(case.hardships)
    data: dict[str, Any] = {}
    if case.as_of:
        data["as_of"] = case.as_of
    data["borrower"] = borrower
    if case.budget:
        data["budget"] = case.budget
    debts = []
    # Sorted here, not by the query: a caller that prefetched `debts__payments` (the dashboard) adds no query.
    for debt in sorted(case.debts.all(), key=lambda d: (d.position, d.pk)):
        debts.append(debt_data_for_debt(debt))
    data["debts"] = debts
    return data


def debt_data_for_debt(debt: Debt) -> dict[str, Any]:
    """One stored debt as the case file's `[[debts]]` table, with its payments and the agreements recorded
    for it on the negotiation pages (`[[debts.agreements]]`: the engine follows them from their date)."""
    item: dict[str, Any] = {"id": debt.key}
    if debt.method == Debt.Method.REVOLVING:
        for name in _REVOLVING_DEBT_FIELDS:
            value = getattr(debt, name)
            if value is not None:
                item[name] = _plain(value)
    else:
        for name in _ALWAYS_DEBT_FIELDS:
            item[name] = _plain(getattr(debt, name))
        for name in _OPTIONAL_DEBT_FIELDS:
            value = getattr(debt, name)
            if value is not None:
                item[name] = _plain(value)
    payments = [
        {"date": p.date, "amount": _plain(p.amount)}
        for p in sorted(debt.payments.all(), key=lambda p: (p.date, p.pk))
    ]
    if payments:
        item["payments"] = payments
    agreements = _AGREEMENTS[0].read(debt) if _AGREEMENTS else []
    if agreements:
        item["agreements"] = agreements
    return item


@dataclass(frozen=True)
class AgreementRecord:
    """How the app that records agreements with lenders (`xieshang.negotiation`, registered when it loads)
    gives a debt's agreements to its case file (`[[debts.agreements]]` tables) and stores imported ones —
    so that `cases` imports nothing from it."""

    read: Callable[[Debt], list[dict[str, Any]]]
    store: Callable[[Debt, list[dict[str, Any]], list[Payment]], None]
    drop: Callable[[Case], None]  # before a case file replaces the debts


_AGREEMENTS: list[AgreementRecord] = []


def agreements_register(record: AgreementRecord) -> None:
    _AGREEMENTS[:] = [record]


def case_file_for_case(case: Case) -> CaseFile:
    from xieshang.core.casefile import parse_case_data

    return parse_case_data(case_data_for_case(case))


def case_file_for_name(name: str) -> CaseFile:
    """The stored case NAME as a case file (for the CLI, which runs as the local operator)."""
    try:
        case = Case.objects.get(name=name)
    except Case.DoesNotExist as exc:
        raise NotFoundError(
            f"没有找到案件或文件：{name}", f"no such case file or stored case: {name}", data={"case": name}
        ) from exc
    return case_file_for_case(case)


def case_export_text(case: Case) -> str:
    """The stored case written back out as a case file (TOML)."""
    data = case_data_for_case(case)
    header = f"# 协商 Xieshang case file — case {case.name}, exported {date.today().isoformat()}\n"
    return header + tomli_w.dumps(plain_case_data(data, dates_as_text=False))


def _model_values(debt_data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in _STORED_DEBT_FIELDS:
        if name in debt_data:
            value = debt_data[name]
            field = Debt._meta.get_field(name)
            if isinstance(field, models.DecimalField):
                value = _exact(Decimal(str(value)), field, f"debts[{debt_data['id']}].{name}")
            values[name] = value
    return values


def _exact(value: Decimal, field: models.DecimalField[Any, Any], place: str) -> Decimal:
    """A stored decimal must keep every digit the case file gave: never round silently."""
    places = field.decimal_places or 0
    if value != value.quantize(Decimal(1).scaleb(-places)) or abs(value) >= Decimal(10) ** (
        (field.max_digits or 0) - places
    ):
        raise InputError(
            f"{place}：无法按原值保存 {value}（最多 {places} 位小数）",
            f"{place}: {value} cannot be stored exactly (at most {places} decimals)",
        )
    return value


@transaction.atomic
def case_store_from_file(*, owner: Any, name: str, case_file: CaseFile) -> Case:
    """Create case NAME from a parsed case file, or replace an existing one's borrower, debts and payments."""
    from xieshang.core.case_name import case_name_check
    from xieshang.core.casefile import case_file_to_data

    case_name_check(name)
    data = case_file_to_data(case_file)
    borrower = data["borrower"]
    case, _created = Case.objects.get_or_create(
        name=name,
        defaults={
            "owner": owner,
            "borrower_name": borrower["name"],
            "monthly_income": Decimal(str(borrower["monthly_income"])),
            "monthly_essential_expenses": Decimal(str(borrower["monthly_essential_expenses"])),
        },
    )
    case.borrower_name = borrower["name"]
    case.monthly_income = Decimal(str(borrower["monthly_income"]))
    case.monthly_essential_expenses = Decimal(str(borrower["monthly_essential_expenses"]))
    case.dependents = borrower.get("dependents")
    case.hardships = list(borrower.get("hardships", []))
    case.as_of = data.get("as_of")
    case.budget = plain_case_data(data.get("budget", {}))
    case.save()
    # The agreements of the replaced debts go with them (they are part of what the file replaces).
    if _AGREEMENTS:
        _AGREEMENTS[0].drop(case)
    case.debts.all().delete()
    for position, debt_data in enumerate(data.get("debts", [])):
        debt = Debt.objects.create(
            case=case, key=debt_data["id"], position=position, **_model_values(debt_data)
        )
        payments = Payment.objects.bulk_create(
            [
                Payment(debt=debt, date=p["date"], amount=Decimal(str(p["amount"])))
                for p in debt_data.get("payments", [])
            ]
        )
        agreements = list(debt_data.get("agreements", []))
        if agreements and not _AGREEMENTS:
            raise InputError(
                f"debts[{debt_data['id']}].agreements：本工作台未安装协商记录，无法保存协议",
                f"debts[{debt_data['id']}].agreements: the negotiation record is not installed to keep them",
            )
        if agreements:
            _AGREEMENTS[0].store(debt, agreements, payments)
    return case


def plain_case_data(value: Any, *, dates_as_text: bool = True) -> Any:
    """Case-file data with its decimals as exact strings — and its dates as ISO text for JSON, or kept as
    dates for TOML (`dates_as_text=False`)."""
    if isinstance(value, dict):
        return {k: plain_case_data(v, dates_as_text=dates_as_text) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain_case_data(v, dates_as_text=dates_as_text) for v in value]
    if isinstance(value, Decimal):
        return plain_decimal(value)
    if dates_as_text and isinstance(value, date):
        return value.isoformat()
    return value
