"""The fast row writer writes the very bytes XlsxWriter's own write_string/write_number do."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Sequence

import pytest
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from assessments.sheet_xml import write_rows
from assessments.sheets import WORKBOOK_OPTIONS, xlsx_cell, xlsx_row
from convergence.cells import Cell

ROWS: list[list[Cell]] = [
    ["plain", "", " leading", "trailing ", "a & b < c > d", 'say "hi"', "line\nbreak"],
    [
        "tab\tinside",
        "cr\rinside",
        "_x0041_ literal",
        "<r>rich</r>",
        "\ufffe",
        "ünïcödé",
        "x" * 40000,
    ],
    [1, 0, -2.5, 1 / 3, 1e20, True, False],
    [None, "after a gap", None, 7, None, None, None],
    [None, None, None, None, None, None, None],
    ["last", None, None, None, None, None, 3],
]


def api_writer(sheet: Worksheet, rows: Sequence[Sequence[Cell]]) -> None:
    for at, row in enumerate(rows):
        for column, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(at, column, value)
            elif isinstance(value, bool):
                sheet.write_boolean(at, column, value)
            elif isinstance(value, int | float):
                sheet.write_number(at, column, value)


def sheet_xml(write: Callable[[Worksheet, Sequence[Sequence[Cell]]], object]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    write(workbook.add_worksheet("Sheet"), ROWS)
    workbook.close()
    return zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml")


def test_rows_are_written_byte_for_byte_as_xlsxwriter_writes_them() -> None:
    assert sheet_xml(write_rows) == sheet_xml(api_writer)


class Text(str):
    """A str subclass (as a lazy or safe string is): cleaned like any text."""


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        "",
        '=HYPERLINK("x")',
        "+1",
        "-2",
        "@sum",
        "\tlead",
        "\rlead",
        "\x01=SUM(A1)",  # a control character taken out leaves a formula at the start
        "bell\x07inside",
        "tab\tand\nline",
        "mid=dle",
        Text("=formula"),
        Text("\x02x"),
        7,
        -3,
        2.5,
        None,
        True,
    ],
)
def test_a_row_is_cleaned_as_each_cell_would_be(value: Cell) -> None:
    assert xlsx_row([value, "after"]) == [xlsx_cell(value), "after"]
