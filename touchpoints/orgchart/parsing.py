"""The one entry point: an uploaded file's bytes to a ParsedChart, never an exception."""

from collections.abc import Mapping

from convergence.collector import collector_paused

from .chart import ParsedChart, ParsedPerson, ParsedUnit, Problem
from .columns import MappingError, Resolution, RowsWithoutIds, resolve_columns
from .people import departments_from_people
from .reading import read_table
from .references import rows_without_ids_message
from .table import Table, Unreadable
from .units import units_from_table
from .values import first_values


def parse_orgchart(
    data: bytes, filename: str, mapping: Mapping[str, str] | None = None
) -> ParsedChart:
    """Read, validate and normalise an org-chart export; nothing here touches the database.

    `mapping` (FIELD -> COLUMN) overrides what the headers suggest; an empty COLUMN turns a
    field off. Problems carry row numbers as a spreadsheet shows them (header = row 1); for
    JSON, the position of the object in the file. A file that cannot be read at all comes
    back with `fatal` set and no units.
    """
    with collector_paused():
        return _parsed(data, filename, mapping)


def _parsed(data: bytes, filename: str, mapping: Mapping[str, str] | None) -> ParsedChart:
    try:
        table = read_table(data, filename)
    except Unreadable as error:
        return _fatal(str(error))
    try:
        resolution = resolve_columns(
            table.columns, mapping or {}, nested=_is_nested(table), rows=table.rows
        )
    except RowsWithoutIds as error:
        return _fatal(rows_without_ids_message(table, error.column), table)
    except MappingError as error:
        return _fatal(str(error), table)
    if not table.rows:
        return _fatal("The file has column names but no rows of data.", table, resolution)
    units, problems, people = _interpret(table, resolution)
    return ParsedChart(
        format=table.format,
        shape=resolution.shape,
        columns=table.columns,
        mapping=resolution.mapping,
        units=units,
        problems=_in_row_order(table.problems + problems),
        source_rows=len(table.rows),
        encoding=table.encoding,
        delimiter=table.delimiter,
        reasons=resolution.reasons,
        alternatives=resolution.alternatives,
        samples=first_values(table.columns, table.rows),
        people=people,
    )


def _in_row_order(problems: list[Problem]) -> list[Problem]:
    """File-wide problems first, then by row; the sort is stable within a row."""
    return sorted(problems, key=lambda problem: (problem.row is not None, problem.row or 0))


def _is_nested(table: Table) -> bool:
    return table.nesting_parents is not None


def _interpret(
    table: Table, resolution: Resolution
) -> tuple[list[ParsedUnit], list[Problem], list[ParsedPerson]]:
    if resolution.shape == "people_by_manager":
        return departments_from_people(table, resolution.mapping)
    units, problems = units_from_table(table, resolution.mapping)
    return units, problems, []


def _fatal(
    message: str, table: Table | None = None, resolution: Resolution | None = None
) -> ParsedChart:
    return ParsedChart(
        format=table.format if table else None,
        shape=resolution.shape if resolution else None,
        columns=table.columns if table else [],
        mapping=resolution.mapping if resolution else {},
        units=[],
        problems=table.problems if table else [],
        fatal=message,
        source_rows=len(table.rows) if table else 0,
        samples=first_values(table.columns, table.rows) if table else {},
        encoding=table.encoding if table else None,
        delimiter=table.delimiter if table else None,
    )
