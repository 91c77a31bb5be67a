"""The case-name rule (core.case_name), which every door shares through the services."""

from __future__ import annotations

import pytest

from xieshang.core.case_name import case_name_check
from xieshang.core.errors import InputError


@pytest.mark.parametrize("name", ["e1", "li-ming-2026", "A_b-9", "x" * 80])
def test_good_names_pass(name: str) -> None:
    assert case_name_check(name) == name


@pytest.mark.parametrize("name", ["", "li ming", "李明", "a/b", "x" * 81, "../e1", "e1\n"])
def test_bad_names_are_input_errors_naming_the_rule(name: str) -> None:
    with pytest.raises(InputError) as caught:
        case_name_check(name)
    assert "name" in caught.value.message_en and caught.value.message_zh
