"""Writes to cases go through these services (the web, the API, the CLI and the admin share them)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from xieshang.cases.models import Case, Debt, Payment


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
) -> Case:
    return Case.objects.create(
        owner=owner,
        name=name,
        borrower_name=borrower_name,
        monthly_income=monthly_income,
        monthly_essential_expenses=monthly_essential_expenses,
        dependents=dependents,
        hardships=list(hardships),
        as_of=as_of,
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
