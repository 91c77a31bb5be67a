"""Typed readers for one table of a case file, each error naming its exact place (`debts[0].principal`).

A `Fields` wraps one mapping (a TOML table) and the place it sits at; every read marks the key as known,
and `finish()` rejects whatever is left (a typo must never be silently ignored).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import NoReturn

from xieshang.core.amount_words import amount_from_words
from xieshang.core.errors import InputError
from xieshang.core.money import MAX_AMOUNT, ZERO, parse_amount, plain_decimal, to_decimal

MAX_RATE = Decimal("10")
# Dates a case can hold: wide enough for any real loan, narrow enough that 50-year schedules, grace periods
# and the cost of waiting never leave the calendar.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class CaseFileError(InputError):
    """A case file that cannot be read: the message names the place and the problem in zh and en."""

    code = "case_file_error"

    def __init__(self, place: str, problem_zh: str, problem_en: str, got: object = None) -> None:
        shown = "" if got is None else show(got)
        zh = f"{place}: {problem_zh}" + (f"，实际为 {shown}" if shown else "")
        en = f"{place}: {problem_en}" + (f", got {shown}" if shown else "")
        super().__init__(zh, en, data={"place": place, "problem": problem_en})
        self.place = place


def show(value: object) -> str:
    """How a bad value is quoted back to the user."""
    if isinstance(value, str):
        return '"' + value + '"'
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return "{…}"
    if isinstance(value, list | tuple):
        return "[…]"
    return str(value)


def fail(place: str, problem_zh: str, problem_en: str, got: object = None) -> NoReturn:
    raise CaseFileError(place, problem_zh, problem_en, got)


class Fields:
    """The keys of one table, read one by one with their types and limits checked."""

    def __init__(self, data: object, place: str) -> None:
        if not isinstance(data, Mapping):
            fail(place or "(file)", "必须是一个表（table）", "must be a table", data)
        self.data: Mapping[str, object] = data
        self.place = place
        self.seen: set[str] = set()

    def at(self, key: str) -> str:
        return f"{self.place}.{key}" if self.place else key

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str, *, required: bool) -> object:
        self.seen.add(key)
        if key not in self.data:
            if required:
                fail(self.at(key), "缺少必填字段", "missing required key")
            return None
        return self.data[key]

    def text(
        self,
        key: str,
        *,
        required: bool = True,
        default: str = "",
        choices: Sequence[str] = (),
        pattern: re.Pattern[str] | None = None,
    ) -> str:
        value = self.raw(key, required=required)
        if value is None:
            return default
        if not isinstance(value, str) or not value.strip():
            fail(self.at(key), "必须是非空文本", "must be a non-empty string", value)
        if choices and value not in choices:
            options = " | ".join(choices)
            fail(self.at(key), f"必须是以下之一：{options}", f"must be one of: {options}", value)
        if pattern is not None and not pattern.fullmatch(value):
            fail(self.at(key), f"格式不对（应为 {pattern.pattern}）", f"must match {pattern.pattern}", value)
        return value

    def amount(self, key: str, *, required: bool = False, positive: bool = False) -> Decimal:
        value = self.raw(key, required=required)
        if value is None:
            return ZERO
        number = to_decimal(value)
        if number is not None and abs(number) > MAX_AMOUNT:
            fail(
                self.at(key),
                f"金额过大（上限 {MAX_AMOUNT:,}）",
                f"is too large an amount (at most {MAX_AMOUNT:,})",
                value,
            )
        amount = parse_amount(value)
        typed = value.strip() if isinstance(value, str) else ""
        meant = amount_from_words(typed) if amount is None and typed else None
        if meant is not None:
            fail(
                self.at(key),
                f"请用数字写金额：{typed} 即 {plain_decimal(meant)}",
                f"write the amount in digits: {typed} is {plain_decimal(meant)}",
            )
        if amount is None or amount < 0 or (positive and amount == 0):
            if positive:
                fail(
                    self.at(key),
                    "必须是正数金额（最多两位小数）",
                    "must be a positive amount (at most 2 decimals)",
                    value,
                )
            fail(
                self.at(key),
                "必须是非负金额（最多两位小数）",
                "must be a non-negative amount (at most 2 decimals)",
                value,
            )
        return amount

    def rate(self, key: str, *, required: bool = False) -> Decimal | None:
        """A rate as a fraction (0.18 = 18 %): 0 ≤ rate ≤ 10."""
        value = self.raw(key, required=required)
        if value is None:
            return None
        number = to_decimal(value)
        if number is None or number < 0 or number > MAX_RATE:
            fail(
                self.at(key),
                "必须是 0 到 10 之间的比率（0.18 表示 18%）",
                "must be a rate between 0 and 10 (0.18 means 18 %)",
                value,
            )
        return number

    def integer(
        self,
        key: str,
        *,
        default: int | None = None,
        minimum: int = 0,
        maximum: int | None = None,
        choices: Sequence[int] = (),
    ) -> int | None:
        value = self.raw(key, required=False)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            fail(self.at(key), "必须是整数", "must be an integer", value)
        if choices and value not in choices:
            options = " | ".join(str(c) for c in choices)
            fail(self.at(key), f"必须是以下之一：{options}", f"must be one of: {options}", value)
        if value < minimum or (maximum is not None and value > maximum):
            upper = "∞" if maximum is None else str(maximum)
            fail(
                self.at(key),
                f"必须在 {minimum} 到 {upper} 之间",
                f"must be between {minimum} and {upper}",
                value,
            )
        return value

    def day(self, key: str, *, required: bool = True) -> date | None:
        value = self.raw(key, required=required)
        if value is None:
            return None
        found: date | None = None
        if isinstance(value, str) and _ISO_DATE.match(value):
            try:
                found = date.fromisoformat(value)
            except ValueError:
                found = None
        elif isinstance(value, date) and not isinstance(value, datetime):
            found = value
        if found is None:
            fail(self.at(key), "必须是日期（如 2026-01-15）", "must be a date (like 2026-01-15)", value)
        if not FIRST_DAY <= found <= LAST_DAY:
            fail(
                self.at(key),
                f"日期必须在 {FIRST_DAY} 到 {LAST_DAY} 之间",
                f"must be a date between {FIRST_DAY} and {LAST_DAY}",
                found,
            )
        return found

    def text_list(self, key: str, *, choices: Sequence[str]) -> tuple[str, ...]:
        value = self.raw(key, required=False)
        if value is None:
            return ()
        if not isinstance(value, list | tuple):
            fail(self.at(key), "必须是文本列表", "must be a list of strings", value)
        for i, item in enumerate(value):
            if item not in choices:
                options = " | ".join(choices)
                fail(f"{self.at(key)}[{i}]", f"必须是以下之一：{options}", f"must be one of: {options}", item)
        return tuple(value)

    def tables(self, key: str) -> list[Fields]:
        """An array of tables (`[[debts]]`), each wrapped with its place (`debts[0]`)."""
        value = self.raw(key, required=False)
        if value is None:
            return []
        if not isinstance(value, list | tuple):
            fail(self.at(key), "必须是表的数组（[[...]]）", "must be an array of tables ([[...]])", value)
        return [Fields(item, f"{self.at(key)}[{i}]") for i, item in enumerate(value)]

    def table(self, key: str, *, required: bool) -> Fields | None:
        value = self.raw(key, required=required)
        return None if value is None else Fields(value, self.at(key))

    def finish(self) -> None:
        for key in self.data:
            if key not in self.seen:
                fail(self.at(str(key)), "未知字段（拼写错误？）", "unknown key (a typo?)")
