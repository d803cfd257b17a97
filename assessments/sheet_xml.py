"""A sheet's rows as the XML XlsxWriter writes in constant-memory mode, written straight to the
worksheet's row file.

XlsxWriter's own path stores each cell in a per-row table of named tuples, then renders it
through several method calls and regular expressions: about 60% of the whole gap report on the
10,000-unit benchmark. Here a plain cell (the usual case: no XML-special or control character,
no leading or trailing space) is rendered in one f-string; any other cell goes through
XlsxWriter's own escaping helpers, so the file is byte for byte what ``write_string`` and
``write_number`` would give (tests/assessments/test_sheet_xml.py compares them).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

from xlsxwriter.utility import (
    _preserve_whitespace,
    _utf16_len,
    _utf16_truncate,
    xl_col_to_name,
)
from xlsxwriter.worksheet import Worksheet

from convergence.cells import Cell

# Text XlsxWriter would write unchanged: no XML escape, no control character or _xHHHH_
# pattern, no non-character, no space at either end, not a rich string, not too long to check.
SPECIAL = re.compile(r"[\"&<>\n\x00-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s$|^<r>")
PLAIN_LENGTH_MAX = 32767 // 2
# What write_row wrote before (a bool is an int); anything else is left out, like None.
WRITTEN = (str, int, float)


def string_xml(sheet: Worksheet, ref: str, text: str) -> str:
    if len(text) <= PLAIN_LENGTH_MAX and not SPECIAL.search(text):
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'
    if len(text) > PLAIN_LENGTH_MAX and _utf16_len(text) > sheet.xls_strmax:
        text = _utf16_truncate(text, sheet.xls_strmax)
    text = sheet._escape_control_characters(text)
    if text.startswith("<r>") and text.endswith("</r>"):
        return f'<c r="{ref}" t="inlineStr"><is>{text}</is></c>'
    space = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{sheet._escape_data(text)}</t></is></c>'


def cell_xml(sheet: Worksheet, ref: str, value: str | int | float) -> str:
    if isinstance(value, str):
        return string_xml(sheet, ref, value)
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if not math.isfinite(value):
        # As write_number without the nan_inf_to_errors option.
        raise TypeError("NAN/INF not supported in write_number()")
    return f'<c r="{ref}"><v>{value:.16G}</v></c>'


def write_rows(sheet: Worksheet, rows: Iterable[Sequence[Cell]]) -> int:
    """Write the rows (already cleaned) from the sheet's first row on, empty cells left out,
    and record the sheet's dimensions as XlsxWriter would; the number of rows.

    A plain text cell, most of a report's 400,000, is written inline: a call per cell more
    (cell_xml, a cell reference function) was a third of the workbook's time."""
    write = sheet.fh.write
    letters: list[str] = []
    count = first_row = first_column = last_column = last_row = -1
    for count, row in enumerate(rows):
        number = count + 1
        while len(letters) < len(row):
            letters.append(xl_col_to_name(len(letters)))
        cells = []
        first = last = -1
        for column, value in enumerate(row):
            if type(value) is str and len(value) <= PLAIN_LENGTH_MAX and not SPECIAL.search(value):
                cells.append(
                    f'<c r="{letters[column]}{number}" t="inlineStr"><is><t>{value}</t></is></c>'
                )
            elif isinstance(value, WRITTEN):
                cells.append(cell_xml(sheet, f"{letters[column]}{number}", value))
            else:
                continue
            first = column if first < 0 else first
            last = column
        if not cells:
            continue
        first_column = first if first_column < 0 else min(first_column, first)
        last_column, last_row = max(last_column, last), count
        first_row = count if first_row < 0 else first_row
        write(f'<row r="{number}">{"".join(cells)}</row>')
    if last_row >= 0:
        sheet._check_dimensions(first_row, first_column)
        sheet._check_dimensions(last_row, last_column)
    return count + 1
