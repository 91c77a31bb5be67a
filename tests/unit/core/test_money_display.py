"""Display of money and rates rounds half-up everywhere (pages, letters, CLI), as spec calculations.md says."""

from __future__ import annotations

from decimal import Decimal

from xieshang.cli.context import money, rate
from xieshang.core.money import fmt_money_grouped, fmt_percent


def test_display_rounds_half_up_not_half_even() -> None:
    assert money(Decimal("0.125")) == "0.13"  # half-even would give 0.12
    assert rate(Decimal("0.0000125")) == "0.000013"
    assert fmt_money_grouped(Decimal("7660.085")) == "7,660.09"
    assert fmt_percent(Decimal("0.180025")) == "18.00"
    assert fmt_percent(Decimal("0.1800250")) == "18.00"
    assert fmt_percent(Decimal("0.1800050"), 4) == "18.0005"
    assert fmt_percent(Decimal("0.00125")) == "0.13"
