"""One phone-number key for every room (core/phone.py): each way a number is written gives one key."""

from __future__ import annotations

import pytest

from xieshang.core.phone import is_service_number, phone_key

MOBILE = "13800138000"


@pytest.mark.parametrize(
    "written",
    [
        "13800138000",
        "138 0013 8000",
        "138-0013-8000",
        "+86 138 0013 8000",
        "+8613800138000",
        "+86-138-0013-8000",
        "0086 13800138000",
        "008613800138000",
        "8613800138000",  # a bare 86 before an 11-digit mobile (some exports)
        "(+86) 138 0013 8000",
        "＋８６ １３８ ００１３ ８０００",  # full-width
        " 138.0013.8000 ",
    ],
)
def test_a_mobile_number_has_one_key(written: str) -> None:
    assert phone_key(written) == MOBILE


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("010-1234-5678", "01012345678"),
        ("+86 10 1234 5678", "01012345678"),  # the trunk 0 the international form leaves out
        ("0086 10 12345678", "01012345678"),
        ("(021) 6123 4567", "02161234567"),
        ("+86 21 6123 4567", "02161234567"),
        ("+86 755 1234 5678", "075512345678"),
        ("0755-1234567", "07551234567"),
    ],
)
def test_landlines_with_and_without_the_country_code(written: str, key: str) -> None:
    assert phone_key(written) == key


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("95188", "95188"),
        ("+86 95188", "95188"),  # was 8695188 in one function and 95188 in another
        ("0086 95188", "95188"),
        ("+8695588", "95588"),
        ("400-820-8820", "4008208820"),
        ("+86 400 820 8820", "4008208820"),
        ("800 820 8820", "8008208820"),
        ("10086", "10086"),
        ("+86 10086", "10086"),
        ("106903603600", "106903603600"),
        ("+86 1069 0360 3600", "106903603600"),
        ("12345", "12345"),  # a short code
        ("110", "110"),
    ],
)
def test_service_numbers_and_short_codes_keep_their_digits(written: str, key: str) -> None:
    assert phone_key(written) == key


def test_a_bare_86_before_a_short_number_is_not_taken_for_the_country_code() -> None:
    assert phone_key("8695188") == "8695188"
    assert phone_key("86123456") == "86123456"  # a local number that starts with 86


def test_other_countries_keep_their_code_behind_a_plus() -> None:
    assert phone_key("+1 415 555 0100") == "+14155550100"
    assert phone_key("001 415 555 0100") == "+14155550100"
    assert phone_key("+852 2123 4567") == "+85221234567"
    assert phone_key("+1 415 555 0100") != phone_key("14155550100")


def test_no_digits_no_key() -> None:
    assert phone_key("") == "" and phone_key("   ") == "" and phone_key("+") == ""
    assert phone_key("+86") == ""


@pytest.mark.parametrize(
    ("number", "service"),
    [
        ("95188", True),
        ("+86 95588", True),
        ("0086 95588", True),
        ("96110", True),
        ("400-820-8820", True),
        ("8008208820", True),
        ("10690360360", True),
        ("10086", True),
        ("13800138000", False),
        ("010-1234-5678", False),
        ("+86 10 1234 5678", False),
        ("12345", False),
    ],
)
def test_service_numbers(number: str, service: bool) -> None:
    assert is_service_number(number) is service
