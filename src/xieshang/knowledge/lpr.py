"""Load the LPR table (`lpr.toml`, percent values) into `xieshang.core.lpr.LprTable` (fractions)."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

from xieshang.core.lpr import LprEntry, LprTable

_HUNDRED = Decimal(100)


def parse_lpr(data: dict[str, Any]) -> LprTable:
    entries = []
    for row in data["rates"]:
        effective = row["effective"]
        if not isinstance(effective, date):
            raise ValueError(f"lpr.toml: effective must be a date, got {effective!r}")
        entries.append(
            LprEntry(
                effective, Decimal(str(row["one_year"])) / _HUNDRED, Decimal(str(row["five_year"])) / _HUNDRED
            )
        )
    entries.sort(key=lambda e: e.effective)
    return LprTable(
        entries=tuple(entries),
        valid_through=data["valid_through"],
        source=str(data["source"]),
        confidence=str(data["confidence"]),
    )


@lru_cache(maxsize=1)
def load_lpr() -> LprTable:
    """The table shipped with the product (read once)."""
    text = resources.files("xieshang.knowledge").joinpath("lpr.toml").read_text(encoding="utf-8")
    return parse_lpr(tomllib.loads(text))
