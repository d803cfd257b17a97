"""Spreadsheets people can use: every file the product writes goes through here.

Each sheet has its header row frozen, an autofilter over its rows and column widths fitted to its
content, and every cell is neutralised (a text a spreadsheet would run as a formula gets an
apostrophe). The workbook is write-only (streamed rows, small memory), so widths are measured on
the first rows before any row is written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from itertools import chain, islice

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from convergence.cells import Cell, neutralise

# Widths are measured on this many rows: enough to see the typical cell, cheap on 100,000.
WIDTH_SAMPLE = 200
MIN_WIDTH, MAX_WIDTH = 6, 60

Sheet = tuple[str, Sequence[str], Iterable[Sequence[Cell]]]


def xlsx_cell(value: Cell) -> Cell:
    """Neutralised, and without the control characters an XLSX file cannot hold (a name
    imported with one would otherwise fail the whole report)."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return neutralise(value)


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
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        add_sheet(workbook, title, header, rows)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def add_sheet(
    workbook: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]
) -> None:
    rows = iter(rows)
    sample = list(islice(rows, WIDTH_SAMPLE))
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for i, width in enumerate(column_widths(header, sample), start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.append([xlsx_cell(title) for title in header])
    count = 0
    for row in chain(sample, rows):
        sheet.append([xlsx_cell(cell) for cell in row])
        count += 1
    last = get_column_letter(max(1, len(header)))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"


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
