from __future__ import annotations

from pathlib import Path

import pytest

from xieshang.core.casefile import CaseFile, parse_case_text
from xieshang.core.lpr import LprTable
from xieshang.core.rules import RuleBook
from xieshang.knowledge.lpr import load_lpr
from xieshang.knowledge.rules import load_rules

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "cases"


@pytest.fixture
def e1_text() -> str:
    return (FIXTURES / "e1_case.toml").read_text(encoding="utf-8")


@pytest.fixture
def e1(e1_text: str) -> CaseFile:
    return parse_case_text(e1_text)


@pytest.fixture
def knowledge() -> tuple[LprTable, RuleBook]:
    return load_lpr(), load_rules()


@pytest.fixture
def c1() -> CaseFile:
    return parse_case_text((FIXTURES / "c1_card.toml").read_text(encoding="utf-8"))


@pytest.fixture
def a1() -> CaseFile:
    return parse_case_text((FIXTURES / "a1_agreement.toml").read_text(encoding="utf-8"))
