"""The negotiation record's agreements in the case file (spec case-file.md, `[[debts.agreements]]`).

An agreement recorded about one of the case's debts is that debt's agreement in its case file, so the
engine follows it from its date (`cases.casefile_io` asks through `AgreementRecord`, registered in
`apps.py`); a case file's agreements are stored as recorded agreements with their schedules.
"""

from __future__ import annotations

from typing import Any

from xieshang.cases.casefile_io import AgreementRecord
from xieshang.cases.models import Case, Debt, Payment
from xieshang.core.money import plain_decimal
from xieshang.negotiation.models import Agreement


def agreement_data(agreement: Agreement) -> dict[str, Any]:
    """A recorded agreement as the case file's `[[debts.agreements]]` table: one payment of a settlement
    (or of a waiver or other terms paid at once) is a `settlement` due on its payment date; anything else
    is `installments` from its first due date."""
    kind = agreement.engine_kind
    item: dict[str, Any] = {
        "date": agreement.agreed_on,
        "kind": kind,
        "amount": plain_decimal(agreement.amount),
    }
    if kind == "settlement":
        item["due"] = agreement.first_due_date
    else:
        item["months"] = agreement.months
        item["method"] = agreement.method
        item["annual_rate"] = plain_decimal(agreement.annual_rate)
        item["first_due"] = agreement.first_due_date
    item["penalty_annual_rate"] = plain_decimal(agreement.penalty_annual_rate)
    item["breaks_after_days"] = agreement.breaks_after_days
    return item


def debt_agreements_data(debt: Debt) -> list[dict[str, Any]]:
    # Sorted here, not by the query: a prefetched `debts__agreements` (the dashboard) adds no query.
    return [agreement_data(a) for a in sorted(debt.agreements.all(), key=lambda a: (a.agreed_on, a.pk))]


def _store(debt: Debt, agreements: list[dict[str, Any]], payments: list[Payment]) -> None:
    from xieshang.negotiation.services import agreements_store_for_debt

    agreements_store_for_debt(debt=debt, agreements=agreements, payments=payments)


def _drop(case: Case) -> None:
    Agreement.objects.filter(case=case, debt__in=case.debts.all()).delete()


RECORD = AgreementRecord(read=debt_agreements_data, store=_store, drop=_drop)
