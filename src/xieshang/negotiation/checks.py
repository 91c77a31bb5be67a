"""Checks the negotiation services share (one place for each): choices, the case a debt or a piece of
evidence belongs to, positive amounts, the fields of an item as entered (for its ledger note)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from xieshang.cases.models import Case, Debt
from xieshang.core.errors import InputError
from xieshang.evidence.models import EvidenceFile, EvidenceRecord


def _fields_of(item: Any, names: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(item, name) for name in names}


def _choice(value: str, choices: type[Any], field: str, *, blank: bool = False) -> str:
    if blank and value == "":
        return value
    if value not in choices.values:
        raise InputError(f"{field}: 无效的选项 {value!r}", f"{field}: invalid choice {value!r}")
    return value


def _debt_of(case: Case, debt: Debt | None) -> Debt | None:
    if debt is not None and debt.case_id != case.pk:
        raise InputError("这笔债务不属于该案件", "that debt does not belong to this case")
    return debt


def _same_case(case: Case, items: Iterable[EvidenceFile | EvidenceRecord | None]) -> None:
    for item in items:
        if item is not None and item.case_id != case.pk:
            raise InputError("证据不属于该案件", "that evidence belongs to another case")


def _positive(value: Decimal | None, field_zh: str, field_en: str) -> None:
    if value is not None and value <= 0:
        raise InputError(f"{field_zh}必须是正数金额", f"{field_en} must be a positive amount")
