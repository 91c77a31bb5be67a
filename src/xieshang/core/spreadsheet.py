"""Cells of the CSV files we write, safe to open in Excel, WPS or LibreOffice (OWASP "CSV Injection").

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (`=HYPERLINK(...)` sends the
sheet to another server), and a tab or carriage return in front of one does the same in some of them. Such a
cell gets a single quote in front: the spreadsheet shows it as text, and the text itself is kept whole (drop
the one leading quote to get it back). Numbers passed as numbers are left alone.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """The value as it may go into a CSV cell: text that a spreadsheet would run gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(values: tuple[object, ...] | list[object]) -> list[object]:
    return [csv_cell(v) for v in values]
