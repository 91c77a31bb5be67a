"""Amounts as people type them are read into the exact digits they mean (or not at all)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from xieshang.core.amount_words import amount_from_words
from xieshang.core.casefile import parse_case_data
from xieshang.core.casefile_fields import CaseFileError


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("两万", "20000"),
        ("2万", "20000"),
        ("1.5万", "15000"),
        ("2w", "20000"),
        ("3k", "3000"),
        ("三千五百元", "3500"),
        ("三千五", "3500"),
        ("两百五", "250"),
        ("两万五", "25000"),
        ("一万二千", "12000"),
        ("一万零五百", "10500"),
        ("十五", "15"),
        ("五百零五", "505"),
        ("十万零一", "100001"),
        ("二十万", "200000"),
        ("一亿", "100000000"),
        ("贰万伍仟元整", "25000"),
        ("¥20,000", "20000"),
        ("￥ 1,833.60", "1833.60"),
        ("人民币5200元", "5200"),
        ("２００００", "20000"),
        ("20000.50", "20000.50"),
    ],
)
def test_amounts_in_words_and_figures(text: str, digits: str) -> None:
    assert amount_from_words(text) == Decimal(digits)


@pytest.mark.parametrize("text", ["abc", "二三", "-100", "24%", "万", "十百", "两万万", "1,8.33", ""])
def test_not_an_amount_is_never_guessed(text: str) -> None:
    assert amount_from_words(text) is None


def _case(income: str) -> dict[str, object]:
    return {"borrower": {"name": "李明", "monthly_income": income, "monthly_essential_expenses": "3600"}}


def test_the_case_file_answers_with_the_digits_it_means() -> None:
    with pytest.raises(CaseFileError) as info:
        parse_case_data(_case("两万"))
    assert info.value.place == "borrower.monthly_income"
    assert "两万 即 20000" in info.value.message("zh") and "两万 is 20000" in info.value.message("en")
    with pytest.raises(CaseFileError) as other:
        parse_case_data(_case("很多"))
    assert "即" not in other.value.message("zh")  # not an amount at all: the plain error
