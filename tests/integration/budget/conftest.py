"""The budget page tests use the shared users and E1 case (tests/integration/conftest.py), with a dependant."""

from __future__ import annotations

import pytest

from xieshang.cases.models import Case


@pytest.fixture
def e1_case(e1_case: Case) -> Case:
    e1_case.dependents = 1
    e1_case.save(update_fields=["dependents"])
    return e1_case
