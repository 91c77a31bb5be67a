"""The one-year Loan Prime Rate table as a value (loaded from data by `xieshang.knowledge.lpr`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class LprEntry:
    effective: date
    one_year: Decimal  # a fraction: 0.0300 = 3.00 %
    five_year: Decimal


@dataclass(frozen=True)
class LprLookup:
    """The LPR in force on a day, and whether that day lies after the table's last confirmed date."""

    rate: Decimal
    effective: date
    beyond_table: bool


@dataclass(frozen=True)
class LprTable:
    entries: tuple[LprEntry, ...]  # sorted by `effective`
    valid_through: date  # the table is known to be right up to this date
    source: str
    confidence: str

    def one_year_on(self, day: date) -> LprLookup | None:
        """The one-year LPR in force on `day` (each value holds until the next); None before the first."""
        found: LprEntry | None = None
        for entry in self.entries:
            if entry.effective <= day:
                found = entry
            else:
                break
        if found is None:
            return None
        return LprLookup(found.one_year, found.effective, day > self.valid_through)
