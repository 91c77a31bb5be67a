"""Amounts as people type them: "两万", "2万", "1.5万", "三千五百元", "¥20,000", "２００００" — read into
the exact digits they mean, so a form can take them (showing the digits back) and a case file's error can
say what to write instead. Only whole, unambiguous amounts: anything else is None (never a guess)."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "俩": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_NUMBER_THEN_UNIT = re.compile(r"^(\d+(?:\.\d+)?)([万萬亿億千仟kKwW])$")
_DECORATION = re.compile(r"^(?:人民币|RMB|CNY|[¥￥])?\s*(.*?)\s*(?:元整|元|块钱|块|圆)?$", re.IGNORECASE)
_SUFFIX_UNIT = {
    "万": 10_000,
    "萬": 10_000,
    "w": 10_000,
    "W": 10_000,
    "亿": 100_000_000,
    "億": 100_000_000,
    "千": 1000,
    "仟": 1000,
    "k": 1000,
    "K": 1000,
}


def _section(text: str) -> int | None:
    """A number below 10,000 written in characters (三千五百, 十五, 五百零五, 三千五 = 3,500)."""
    total, digit, last_unit, zero_seen = 0, None, 10_000, False
    for ch in text:
        if ch in DIGITS:
            value = DIGITS[ch]
            if value == 0:
                if digit is not None:
                    return None
                zero_seen = True
                continue
            if digit is not None:
                return None  # two digits in a row (二三): not an amount
            digit = value
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            if unit >= last_unit:
                return None
            if digit is None:
                if unit != 10:
                    return None
                digit = 1  # 十五 = 15, 一百一十 = 110
            total += digit * unit
            digit, last_unit, zero_seen = None, unit, False
        else:
            return None
    if digit is not None:
        # a lone digit right after a unit is the next unit down (三千五 = 3,500); after 零 it is ones (五百零五)
        total += digit if zero_seen or last_unit in (10, 10_000) else digit * (last_unit // 10)
    return total


def _characters(text: str) -> int | None:
    total, rest = 0, text
    for unit_char, unit in sorted(BIG_UNITS.items(), key=lambda kv: -kv[1]):
        if unit_char in rest:
            head, rest = rest.split(unit_char, 1)
            if unit_char in rest or not head:
                return None
            value = _section(head)
            if value is None:
                return None
            total += value * unit
            if len(rest) == 1 and rest in DIGITS and DIGITS[rest] and unit == 10_000:
                return total + DIGITS[rest] * 1000  # 两万五 → 25,000
    if rest:
        value = _section(rest)
        if value is None:
            return None
        total += value
    return total


def amount_from_words(text: str) -> Decimal | None:
    """The exact amount `text` means, or None when it is not an amount written as people write one."""
    cleaned = unicodedata.normalize("NFKC", str(text)).strip()
    match = _DECORATION.match(cleaned)
    if match is None:
        return None
    body = match.group(1).replace("，", ",").replace(" ", "")
    if "," in body:
        if not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", body):
            return None  # commas only as thousands separators (20,000.50), never a guess
        body = body.replace(",", "")
    if not body:
        return None
    try:
        if re.fullmatch(r"\d+(?:\.\d{1,2})?", body):
            return Decimal(body)
        unit = _NUMBER_THEN_UNIT.match(body)
        if unit:
            value = Decimal(unit.group(1)) * _SUFFIX_UNIT[unit.group(2)]
            if value != value.quantize(Decimal("0.01")):
                return None
            return Decimal(int(value)) if value == value.to_integral_value() else value
    except InvalidOperation:
        return None
    if all(ch in DIGITS or ch in SMALL_UNITS or ch in BIG_UNITS for ch in body):
        value_int = _characters(body)
        return None if value_int is None else Decimal(value_int)
    return None
