from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from xieshang.cases.models import Case
from xieshang.cases.services import case_create, debt_add
from xieshang.workbench import demo

PASSWORD = "a-long-password-1"


@pytest.fixture
def owner(db: Any) -> Any:
    return get_user_model().objects.create_user("owner", password=PASSWORD)


@pytest.fixture
def stranger(db: Any) -> Any:
    return get_user_model().objects.create_user("stranger", password=PASSWORD)


@pytest.fixture
def case(owner: Any) -> Case:
    case = case_create(
        owner=owner,
        name="li-ming",
        borrower_name="李明",
        monthly_income=Decimal("5200.00"),
        monthly_essential_expenses=Decimal("3600.00"),
        hardships=["unemployment"],
    )
    debt_add(case=case, fields=dict(demo.E1_DEBT), payments=demo.E1_PAYMENTS)
    return case
