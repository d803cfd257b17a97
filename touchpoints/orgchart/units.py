"""Rows that are units (a parent id column, or nesting in JSON) to ParsedUnits."""

from .cells import name_from_code
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
    kept: dict[str, ParsedUnit] = {}
    codes: list[str] = []  # code of each row by position, for children nested under it
    for index, (row, cells) in enumerate(zip(table.row_numbers, table.rows, strict=True)):
        parent = _parent_code(table, index, codes, reader, cells, problems)
        unit = _read_unit(cells, row, parent, reader, problems)
        codes.append(unit.code if unit else "")
        if unit is not None:
            _keep_first(kept, unit, problems)
    arranged, tree_problems = arrange_units(list(kept.values()))
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


def _keep_first(kept: dict[str, ParsedUnit], unit: ParsedUnit, problems: list[Problem]) -> None:
    first = kept.setdefault(unit.code, unit)
    if first is unit:
        return
    differences = [
        f"{field} '{mine or ''}' here but '{theirs or ''}' there"
        for field, mine, theirs in zip(_COMPARED, _compared(unit), _compared(first), strict=True)
        if mine != theirs
    ]
    if not differences:
        message = f"Unit '{unit.code}' repeats row {first.row} exactly; the repeat is ignored."
        problems.append(Problem(unit.row, "warning", message))
        return
    message = (
        f"The id '{unit.code}' is already used on row {first.row} for a different unit "
        f"({'; '.join(differences)}); this row is rejected and row {first.row} kept."
    )
    problems.append(Problem(unit.row, "error", message))


def _compared(unit: ParsedUnit) -> tuple[object, ...]:
    return tuple(getattr(unit, field) for field in _COMPARED)
