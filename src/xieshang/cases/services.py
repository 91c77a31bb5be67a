"""Writes to cases go through these services (the web, the API, the CLI and the admin share them)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from xieshang.cases.models import Case, Debt, Payment
from xieshang.core.case_name import case_name_check
from xieshang.core.errors import InputError


def case_name_free(name: str) -> str:
    """`name` when it is a case name (core.case_name) that no case has yet; InputError otherwise."""
    case_name_check(name)
    if Case.objects.filter(name=name).exists():
        # The same answer whether the case is the user's or someone else's (names are unique across the
        # workbench): nothing says that another user's case exists (issue 14).
        raise InputError(
            "这个案件名称不能使用，请换一个。", "This case name cannot be used. Please choose another one."
        )
    return name


@transaction.atomic
def case_create(
    *,
    owner: Any,
    name: str,
    borrower_name: str,
    monthly_income: Decimal,
    monthly_essential_expenses: Decimal,
    dependents: int | None = None,
    hardships: Iterable[str] = (),
    as_of: date | None = None,
    own_contacts: Iterable[str] = (),
) -> Case:
    """A new case. Its name is checked here (InputError: not a case name, or already used)."""
    case_name_free(name)
    return Case.objects.create(
        owner=owner,
        name=name,
        borrower_name=borrower_name,
        monthly_income=monthly_income,
        monthly_essential_expenses=monthly_essential_expenses,
        dependents=dependents,
        hardships=list(hardships),
        as_of=as_of,
        own_contacts=list(own_contacts),
    )


@transaction.atomic
def debt_add(*, case: Case, fields: Mapping[str, Any], payments: Iterable[tuple[date, Decimal]] = ()) -> Debt:
    """Add one debt (fields named as in the case file, `id` → key) with its payments."""
    values = dict(fields)
    key = values.pop("id")
    position = case.debts.count()
    debt = Debt.objects.create(case=case, key=key, position=position, **values)
    Payment.objects.bulk_create([Payment(debt=debt, date=d, amount=a) for d, a in payments])
    return debt


# Debt fields of the case file kept on the Debt row; a key absent from the data is stored as None/default.
_DEBT_OPTIONAL = (
    "principal",
    "start_date",
    "annual_rate",
    "daily_rate",
    "term_months",
    "term_days",
    "penalty_multiplier",
    "penalty_annual_rate",
    "statement_date",
    "statement_balance",
    "due_days",
    "min_payment_percent",
    "late_fee_min",
)


def _debt_values(debt_data: Mapping[str, Any]) -> dict[str, Any]:
    """Model values from one validated debt of a case file (`case_file_to_data` form)."""
    values: dict[str, Any] = {name: None for name in _DEBT_OPTIONAL}
    for name, value in debt_data.items():
        if name in ("id", "payments", "agreements"):
            continue
        values[name] = Decimal(str(value)) if isinstance(value, str) and name not in _TEXT_KEYS else value
    return values


_TEXT_KEYS = {"lender", "lender_type", "method", "penalty_base"}


@transaction.atomic
def debt_save(*, case: Case, debt_data: Mapping[str, Any], debt: Debt | None = None) -> Debt:
    """Add a debt, or update `debt` in place (its row and links stay), from validated case-file data;
    its payments are replaced by the data's."""
    values = _debt_values(debt_data)
    if debt is None:
        debt = Debt.objects.create(case=case, key=debt_data["id"], position=case.debts.count(), **values)
    else:
        debt.key = debt_data["id"]
        for name, value in values.items():
            setattr(debt, name, value)
        debt.save()
    _payments_replace(debt, [(p["date"], Decimal(str(p["amount"]))) for p in debt_data.get("payments", [])])
    return debt


def _payments_replace(debt: Debt, wanted: list[tuple[date, Decimal]]) -> None:
    """Make the debt's payments `wanted`, keeping the rows that stay (an agreed payment marked as paid keeps
    its link to the payment it recorded); only the payments removed or added change."""
    remaining = list(wanted)
    for payment in list(debt.payments.all()) if debt.pk else []:
        pair = (payment.date, payment.amount)
        if pair in remaining:
            remaining.remove(pair)
        else:
            payment.delete()
    Payment.objects.bulk_create([Payment(debt=debt, date=d, amount=a) for d, a in remaining])


@transaction.atomic
def debt_delete(*, debt: Debt) -> None:
    debt.delete()


@transaction.atomic
def case_update(
    *,
    case: Case,
    borrower: Mapping[str, Any],
    as_of: date | None,
    own_contacts: Iterable[str] | None = None,
) -> Case:
    """Update the borrower's situation from validated case-file data (`[borrower]`); `own_contacts`
    (normalised by `cases.own_contacts`) replaces the stored ones when given."""
    case.borrower_name = borrower["name"]
    case.monthly_income = Decimal(str(borrower["monthly_income"]))
    case.monthly_essential_expenses = Decimal(str(borrower["monthly_essential_expenses"]))
    case.dependents = borrower.get("dependents")
    case.hardships = list(borrower.get("hardships", []))
    case.as_of = as_of
    if own_contacts is not None:
        case.own_contacts = list(own_contacts)
    case.save()
    return case
