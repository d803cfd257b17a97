"""Cells written to spreadsheets and CSV files, made safe to open."""

from __future__ import annotations

# A cell starting with one of these runs as a formula when a spreadsheet opens the file (CSV
# injection): "=HYPERLINK(...)" in a unit name must stay text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | int | float | None


def neutralise(value: Cell) -> Cell:
    """Prefix a text cell a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
