"""Calendar arithmetic of the schedules: months added from the start date each time, clamped."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(d: date, k: int) -> date:
    """`d` + `k` months, clamped to the month's last day (Jan 31 + 1 → Feb 28; Jan 31 + 2 → Mar 31).

    Always computed from the original date (never chained), as spec/calculations.md requires.
    """
    month_index = d.month - 1 + k
    year = d.year + month_index // 12
    month = month_index % 12 + 1
    day = d.day
    if day > 28:  # only then can the month be too short (calendar.monthrange is slow: it finds a weekday)
        last = 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month]
        day = min(day, last)
    return date(year, month, day)


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def months_between_due_dates(start: date, due: date) -> int:
    """The k with add_months(start, k) == due (due dates of a monthly schedule); ValueError otherwise."""
    k = (due.year - start.year) * 12 + (due.month - start.month)
    if add_months(start, k) != due:
        raise ValueError(f"{due} is not a monthly due date of {start}")
    return k
