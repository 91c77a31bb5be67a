"""Shared fixtures of the integration tests: two users, the E1 case of the first (spec calculations.md)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from xieshang.cases.models import Case
from xieshang.cases.services import case_create, debt_add
from xieshang.workbench import demo

PASSWORD = "a-long-password-1"


@pytest.fixture(autouse=True)
def _pages_kept_per_test() -> Any:
    """Pages kept by one test are not another's: a test's database is rolled back, so the next test's case can
    have the same id and revision (a server's database never goes back: ids are not reused)."""
    from xieshang.cases import kept_pages

    kept_pages.clear()
    yield
    kept_pages.clear()


@pytest.fixture
def owner(db: Any) -> Any:
    return get_user_model().objects.create_user("liming", password=PASSWORD)


@pytest.fixture
def other(db: Any) -> Any:
    return get_user_model().objects.create_user("stranger", password=PASSWORD)


@pytest.fixture
def e1_case(owner: Any) -> Case:
    from datetime import date
    from decimal import Decimal

    case = case_create(
        owner=owner,
        name="e1",
        borrower_name="李明",
        monthly_income=Decimal("5200.00"),
        monthly_essential_expenses=Decimal("3600.00"),
        hardships=["unemployment"],
        as_of=date(2026, 11, 28),
    )
    debt_add(case=case, fields=dict(demo.E1_DEBT), payments=demo.E1_PAYMENTS)
    return case


@pytest.fixture
def owner_client(owner: Any) -> Client:
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def other_client(other: Any) -> Client:
    client = Client()
    client.force_login(other)
    return client
