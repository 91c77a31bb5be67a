"""Exact money: `Decimal` only, rounded half-up to the fen at the places the spec names.

A float never touches an amount. Amounts read from a case file or a form go through `parse_amount`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal("0")
CENT = Decimal("0.01")
RATE_PLACES = Decimal("0.000001")


def q(x: Decimal) -> Decimal:
    """Round to 0.01 (fen), half-up: `q(x)` of spec/calculations.md."""
    return x.quantize(CENT, rounding=ROUND_HALF_UP)


def q_rate(x: Decimal) -> Decimal:
    """A rate as reported: six decimals, half-up (0.180001)."""
    return x.quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def to_decimal(value: object) -> Decimal | None:
    """An exact decimal from a string, an int, a Decimal (or a float via its shortest repr); None if not a
    finite number. Booleans are not numbers here."""
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip().replace(",", "").replace("_", "")
        if not text:
            return None
        try:
            result = Decimal(text)
        except InvalidOperation:
            return None
    else:
        return None
    return result if result.is_finite() else None


MAX_AMOUNT = Decimal("1000000000000")  # 一万亿元: above it a figure is a typo, and exact sums stay exact


def parse_amount(value: object) -> Decimal | None:
    """A money amount: a finite number with at most two decimals and at most `MAX_AMOUNT` in size, else None
    (the caller says where)."""
    result = to_decimal(value)
    if result is None or abs(result) > MAX_AMOUNT:
        return None
    exponent = result.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2 and result != q(result):
        return None
    return q(result) + ZERO  # + 0 turns a "-0" into 0.00


def fmt_money(value: Decimal) -> str:
    """Money as JSON and tables show it: exactly two decimals."""
    return f"{q(value):.2f}"


def fmt_rate(value: Decimal) -> str:
    """A rate as JSON shows it: exactly six decimals."""
    return f"{q_rate(value):.6f}"


def plain_decimal(value: Decimal) -> str:
    """A decimal as a case file writes it: exact, no exponent, no needless trailing zeros ("0.0005")."""
    return format(value.normalize(), "f")


def fmt_money_grouped(value: Decimal) -> str:
    """Money as pages and letters show it: thousands separators, two decimals (7,660.08)."""
    return f"{q(value):,.2f}"


def fmt_percent(rate: Decimal, places: int = 2) -> str:
    """A rate (fraction) as a percentage number, half-up: 0.180001 → "18.00" (no % sign)."""
    exponent = Decimal(1).scaleb(-places)
    return f"{(rate * 100).quantize(exponent, rounding=ROUND_HALF_UP):.{places}f}"
