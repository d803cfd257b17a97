"""The common form every file format is read into before shapes are interpreted."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from .chart import Problem
from .columns import name_columns

Format = Literal["csv", "xlsx", "xls", "json"]


class Unreadable(Exception):
    """The file cannot be read at all; the message is meant for the person who uploaded it."""


class NoRows(Unreadable):
    """Not one non-blank record (a workbook's empty cover sheet, say)."""


@dataclass(slots=True)
class Table:
    """Raw cell text under named columns, each row with the number a person would look for.

    For nested JSON, `nesting_parents[i]` is the index of the row that encloses row i.
    """

    format: Format
    columns: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    problems: list[Problem] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    nesting_parents: list[int | None] | None = None


def table_from_records(records: Iterable[list[str]], first_row_number: int, fmt: Format) -> Table:
    """The first non-blank record is the header; blank records are skipped but still counted.

    `records` is read once, as it comes (a CSV reader, a sheet's rows): nothing keeps a second
    copy of the file's cells.
    """
    # A record is blank when all its cells are blank, which is when their concatenation is:
    # one join and strip a record instead of a generator over its cells (half the read).
    numbered = (
        (number, record)
        for number, record in enumerate(records, start=first_row_number)
        if "".join(record).strip()
    )
    first = next(numbered, None)
    if first is None:
        raise NoRows("The file has no rows, not even column names.")
    header_row, header = first
    columns, problems = name_columns(header, header_row)
    table = Table(fmt, columns, [], [], problems)
    for number, record in numbered:
        if len(record) > len(columns) and "".join(record[len(columns) :]).strip():
            table.problems.append(_extra_cells_warning(number, len(record), len(columns)))
        table.rows.append(record)
        table.row_numbers.append(number)
    return table


def _extra_cells_warning(row: int, cells: int, columns: int) -> Problem:
    message = (
        f"The row has {cells} values but the header has {columns} columns; "
        "the values past the last column were ignored."
    )
    return Problem(row, "warning", message)
