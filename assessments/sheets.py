"""Spreadsheets people can use: every file the product writes goes through here.

Each sheet has its header row frozen, an autofilter over its rows and column widths fitted to its
content, and every cell is neutralised (a text a spreadsheet would run as a formula gets an
apostrophe). Workbooks are written by XlsxWriter in constant-memory mode: each row goes to a
temporary file as it comes, so a sheet of 100,000 rows costs no more memory than one of ten
(openpyxl's write-only mode keeps every string of the workbook in memory until it is saved, and
took twice as long). Widths are measured on the first rows before any row is written.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain, islice

import xlsxwriter
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from xlsxwriter.worksheet import Worksheet

from assessments.sheet_xml import write_rows
from convergence.cells import FORMULA_STARTS, Cell, neutralise

# Widths are measured on this many rows: enough to see the typical cell, cheap on 100,000.
WIDTH_SAMPLE = 200
MIN_WIDTH, MAX_WIDTH = 6, 60
# XlsxWriter adds 5 pixels of padding (of 7 a character) to every width it is given.
WIDTH_PADDING = 5 / 7
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    # Cells are data: never turned into formulas, links or numbers behind our back.
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}

Sheet = tuple[str, Sequence[str], Iterable[Sequence[Cell]]]


def xlsx_cell(value: Cell) -> Cell:
    """Neutralised, and without the control characters an XLSX file cannot hold (a name
    imported with one would otherwise fail the whole report)."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return neutralise(value)


# The texts xlsx_cell changes: with a character an XLSX file cannot hold, or starting as a
# formula would (a control character taken out may leave one at the start: xlsx_cell sees it).
NEEDS_CLEANING = re.compile(
    f"{ILLEGAL_CHARACTERS_RE.pattern}|\\A[{re.escape(''.join(FORMULA_STARTS))}]"
)


def xlsx_row(row: Iterable[Cell]) -> list[Cell]:
    """Each cell as xlsx_cell makes it, in one regular expression search a text: of the
    400,000 cells of a report, a call each was a quarter of the workbook's time."""
    return [
        xlsx_cell(value) if isinstance(value, str) and NEEDS_CLEANING.search(value) else value
        for value in row
    ]


def rounded(value: float | None, places: int = 1) -> float | None:
    """A figure as people read it: scores to one decimal (full precision stays in the app)."""
    return None if value is None else round(value, places)


def column_widths(header: Sequence[str], sample: Sequence[Sequence[Cell]]) -> list[float]:
    widths = [float(len(title) + 2) for title in header]
    for row in sample:
        for i, cell in enumerate(row[: len(widths)]):
            if cell is not None:
                widths[i] = max(widths[i], len(str(cell)) + 1.0)
    return [min(MAX_WIDTH, max(MIN_WIDTH, width)) for width in widths]


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """One sheet per (title, header, rows): header frozen, filter on, widths fitted."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    for title, header, rows in sheets:
        add_sheet(workbook.add_worksheet(title), header, rows)
    workbook.close()
    return buffer.getvalue()


def add_sheet(sheet: Worksheet, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> None:
    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    sheet.freeze_panes(1, 0)
    for i, width in enumerate(column_widths(header, sample)):
        sheet.set_column(i, i, width - WIDTH_PADDING)
    cleaned = (xlsx_row(row) for row in chain([header], sample, rows))
    count = write_rows(sheet, cleaned) - 1
    sheet.autofilter(0, 0, count, max(1, len(header)) - 1)


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 with a BOM, so that Excel reads names with accents right; every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([neutralise(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def readable(value: object, names: Mapping[str, str] | None = None) -> str:
    """A piece of evidence in words: 0.6667 → "0.67", a list joined, none as "not rated"."""
    if value is None:
        return "not rated"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{round(value, 2):g}"
    if isinstance(value, list | tuple):
        return ", ".join(readable(item, names) for item in value) or "none"
    text = str(value)
    return f"{text} {names[text]}" if names and text in names else text


def evidence_text(evidence: Mapping[str, object], names: Mapping[str, str] | None = None) -> str:
    """The numbers that fired a gap as one line of words ("cadence 0.67; frequency quarterly")
    instead of JSON; ``names`` spells out codes among the values (a dimension letter)."""
    return "; ".join(
        f"{key.replace('_', ' ')} {readable(value, names)}" for key, value in evidence.items()
    )
