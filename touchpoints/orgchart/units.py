"""Rows that are units (a parent id column, or nesting in JSON) to ParsedUnits."""

from dataclasses import dataclass, field, replace

from .cells import clean_text, name_from_code
from .chart import ParsedUnit, Problem
from .fields import FieldReader
from .table import Table
from .tree import arrange_units

_COMPARED = ("name", "parent_code", "side", "location", "kind", "criticality")


def units_from_table(
    table: Table, mapping: dict[str, str]
) -> tuple[list[ParsedUnit], list[Problem]]:
    """Units parents-first; duplicates, missing ids and broken hierarchy reported as problems."""
    reader = FieldReader.for_mapping(table.columns, mapping)
    problems: list[Problem] = []
    if not reader.has("name"):
        message = "No column holds unit names; each unit is named by its id."
        problems.append(Problem(None, "warning", message))
    kept: dict[str, _Kept] = {}
    codes: list[str] = []  # code of each row by position, for children nested under it
    for index, (row, cells) in enumerate(zip(table.row_numbers, table.rows, strict=True)):
        parent = _parent_code(table, index, codes, reader, cells, problems)
        unit = _read_unit(cells, row, parent, reader, problems)
        codes.append(unit.code if unit else "")
        if unit is not None:
            _keep_first(kept, _Kept(unit, cells), table.columns, reader, problems)
    arranged, tree_problems = arrange_units([_with_note(k) for k in kept.values()])
    return arranged, problems + tree_problems


def _parent_code(
    table: Table,
    index: int,
    codes: list[str],
    reader: FieldReader,
    cells: list[str],
    problems: list[Problem],
) -> str | None:
    if table.nesting_parents is None:
        return reader.code(cells, "parent") or None
    parent_index = table.nesting_parents[index]
    if parent_index is None:
        return None
    if not codes[parent_index]:
        parent_row = table.row_numbers[parent_index]
        message = f"The unit it is nested under (row {parent_row}) was rejected; it becomes a root."
        problems.append(Problem(table.row_numbers[index], "warning", message))
        return None
    return codes[parent_index]


def _read_unit(
    cells: list[str], row: int, parent: str | None, reader: FieldReader, problems: list[Problem]
) -> ParsedUnit | None:
    code = reader.code(cells, "code")
    if not code:
        message = f"The row has no id in column '{reader.column('code')}'; it is rejected."
        problems.append(Problem(row, "error", message))
        return None
    name = reader.text(cells, "name")
    if not name and reader.has("name"):
        message = f"Unit '{code}' has no name; its id is used as its name."
        problems.append(Problem(row, "warning", message))
    return ParsedUnit(
        code=code,
        name=name or name_from_code(code),
        parent_code=parent,
        side=reader.side(cells, row, problems),
        location=reader.text(cells, "location") or None,
        kind=reader.text(cells, "kind") or None,
        criticality=reader.text(cells, "criticality") or None,
        row=row,
    )


@dataclass(slots=True)
class _Kept:
    """The first row of an id, with its cells (to judge repeats) and the post's holders."""

    unit: ParsedUnit
    cells: list[str]
    holders: list[str] = field(default_factory=list)


def _keep_first(
    kept: dict[str, _Kept],
    new: _Kept,
    columns: list[str],
    reader: FieldReader,
    problems: list[Problem],
) -> None:
    """One unit per id. A repeat is judged on the whole row: an exact repeat is ignored, the
    same post with another holder is a job share, anything else is a conflicting row."""
    unit = new.unit
    holder = reader.text(new.cells, "holder")
    first = kept.setdefault(unit.code, new)
    if first is new:
        first.holders = [holder] if holder else []
        return
    differing = _differing_columns(new.cells, first.cells, columns)
    row = first.unit.row
    if not differing:
        message = f"Unit '{unit.code}' repeats row {row} exactly; the repeat is ignored."
        problems.append(Problem(unit.row, "warning", message))
    elif _compared(unit) == _compared(first.unit) and holder and holder not in first.holders:
        first.holders.append(holder)
        message = (
            f"Post '{unit.code}' is also held by {holder} (a job share with row {row}); "
            "it is one unit that names both holders."
        )
        problems.append(Problem(unit.row, "warning", message))
    else:
        message = (
            f"The id '{unit.code}' is already used on row {row} for a different unit "
            f"({'; '.join(differing)}); this row is rejected and row {row} kept."
        )
        problems.append(Problem(unit.row, "error", message))


_DIFFERENCES_SHOWN = 4
_CELL_SHOWN = 80


def _differing_columns(mine: list[str], theirs: list[str], columns: list[str]) -> list[str]:
    """`'Reports to' '24032' here but '24033' there`, for each column whose cells differ."""
    width = max(len(mine), len(theirs), len(columns))
    differing = [
        f"'{columns[i] if i < len(columns) else f'column {i + 1}'}' '{_shown(_cell(mine, i))}' "
        f"here but '{_shown(_cell(theirs, i))}' there"
        for i in range(width)
        if _cell(mine, i) != _cell(theirs, i)
    ]
    if len(differing) > _DIFFERENCES_SHOWN:
        more = len(differing) - _DIFFERENCES_SHOWN
        differing = [*differing[:_DIFFERENCES_SHOWN], f"{more} more columns differ"]
    return differing


def _cell(cells: list[str], position: int) -> str:
    return clean_text(cells[position]) if position < len(cells) else ""


def _shown(value: str) -> str:
    """A cell in a message: whole values are compared, only the first 80 characters shown."""
    return value if len(value) <= _CELL_SHOWN else value[:_CELL_SHOWN] + "…"


def _with_note(kept: _Kept) -> ParsedUnit:
    if not kept.holders:
        return kept.unit
    holders = " and ".join(kept.holders)
    share = " (job share)" if len(kept.holders) > 1 else ""
    return replace(kept.unit, note=f"Held by {holders}{share}")


def _compared(unit: ParsedUnit) -> tuple[object, ...]:
    return tuple(getattr(unit, field) for field in _COMPARED)
