from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from xieshang.cases.models import Case
from xieshang.cases.services import case_create, debt_add
from xieshang.evidence.services import evidence_import

from .fakes import FakeImporter


@pytest.fixture(autouse=True)
def vault(settings: Any, tmp_path: Path) -> Path:
    """Each test gets its own object store."""
    root = tmp_path / "vault"
    settings.XIESHANG_EVIDENCE_ROOT = root
    settings.XIESHANG_TSA_URL = ""
    settings.XIESHANG_TSA_CA_FILE = ""
    return root


def make_case(name: str = "li-ming", owner: Any = None, lenders: tuple[str, ...] = ()) -> Case:
    owner = owner or get_user_model().objects.create_user(f"owner-{name}", password="x" * 12)
    case = case_create(
        owner=owner,
        name=name,
        borrower_name="李明",
        monthly_income=Decimal("6000"),
        monthly_essential_expenses=Decimal("3000"),
    )
    for n, lender in enumerate(lenders):
        debt_add(
            case=case,
            fields={
                "id": f"d{n}",
                "lender": lender,
                "lender_type": "online_lender",
                "principal": Decimal("10000"),
                "method": "equal_installment",
                "start_date": "2024-01-01",
                "term_months": 12,
                "annual_rate": Decimal("0.18"),
            },
        )
    return case


@pytest.fixture
def case(db: None) -> Case:
    return make_case()


def objects_in(root: Path) -> list[str]:
    base = root / "objects"
    return sorted(str(p.relative_to(base)) for p in base.rglob("*") if p.is_file()) if base.exists() else []


def fake_import(case: Case, *paths: Path, **kwargs: Any):  # type: ignore[no-untyped-def]
    return evidence_import(case=case, paths=list(paths), importers=[FakeImporter()], **kwargs)
