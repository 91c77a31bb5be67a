"""The conduct rules' matcher, loaded once for the conduct tests."""

from __future__ import annotations

import pytest

from xieshang.core.conduct import TextMatcher
from xieshang.knowledge.conduct import load_conduct_rules


@pytest.fixture(scope="session")
def matcher() -> TextMatcher:
    return TextMatcher(load_conduct_rules())
