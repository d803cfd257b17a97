"""How large an org-chart file may be: caps a real chart passes and a hostile one does not.

A real export of a million people is a million rows of a few dozen short cells; a file past
these caps is refused with a message before it can hold a worker for long or fill its memory.
Workbooks are checked before they are read (the size they unpack to, and the cells their sheet
declares), and every format again while it streams, since a declaration may lie.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Final

from .table import Unreadable

# Excel's own sheet holds 1,048,576 rows: any real chart fits.
MAX_ROWS: Final = 1_100_000
MAX_COLUMNS: Final = 200
# A million rows of ten columns.
MAX_CELLS: Final = 10_000_000
# Excel's own limit for one cell: real exports carry long descriptions (6,000+ characters).
MAX_CELL_CHARS: Final = 32_767
# What the parts of an .xlsx may unpack to, all together.
MAX_UNPACKED_BYTES: Final = 512 * 2**20


def too_many_rows() -> Unreadable:
    return Unreadable(
        f"The file has more than {MAX_ROWS:,} rows, more than any org chart this can import; "
        "split it by division and import the parts."
    )


def too_many_cells() -> Unreadable:
    return Unreadable(
        f"The file has more than {MAX_CELLS:,} cells; export only the columns the import uses "
        "(code, name, parent or manager, department, side, location)."
    )


def too_many_columns(row: int) -> Unreadable:
    # No count: a workbook's row is read only one cell past the cap, so its length is unknown.
    return Unreadable(
        f"Row {row} has more than {MAX_COLUMNS} columns; at most {MAX_COLUMNS} are read. "
        "Export only the columns the import uses."
    )


def cell_too_long(row: int, length: int) -> Unreadable:
    return Unreadable(
        f"Row {row} has a cell of {length:,} characters; at most {MAX_CELL_CHARS:,} are "
        "read. Is this the org-chart export?"
    )


def check_declared(rows: int | None, columns: int | None) -> None:
    """Refuse a sheet whose declared size already passes the caps, before reading a cell."""
    if rows is None or columns is None:
        return
    if rows > MAX_ROWS:
        raise too_many_rows()
    if rows * min(columns, MAX_COLUMNS) > MAX_CELLS:
        raise too_many_cells()


def trimmed(record: list[str]) -> list[str]:
    """The record without its trailing empty cells (a sheet's formatted but empty columns)."""
    end = len(record)
    while end and not record[end - 1].strip():
        end -= 1
    return record[:end]


def capped(records: Iterable[list[str]], first_row_number: int) -> Iterator[list[str]]:
    """Pass `records` through, raising Unreadable as soon as one of the caps is passed."""
    cells = 0
    for index, record in enumerate(records):
        if index >= MAX_ROWS:
            raise too_many_rows()
        if len(record) > MAX_COLUMNS:
            record = trimmed(record)
            if len(record) > MAX_COLUMNS:
                raise too_many_columns(first_row_number + index)
        cells += len(record)
        if cells > MAX_CELLS:
            raise too_many_cells()
        longest = max(map(len, record), default=0)
        if longest > MAX_CELL_CHARS:
            raise cell_too_long(first_row_number + index, longest)
        yield record
