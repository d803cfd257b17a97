"""Units that name their parents, made into a forest listed parents before children."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import replace
from typing import Final

from .chart import ParsedUnit, Problem

_CYCLE_MEMBERS_SHOWN: Final = 8
# Parent values that mean "this is the top" in known templates (UK organograms write XX),
# compared case-insensitively; a value that is also an id of the file is that unit.
TOP_MARKERS: Final = frozenset({"xx", "top", "root", "none", "(top)", "^"})


def arrange_units(units: list[ParsedUnit]) -> tuple[list[ParsedUnit], list[Problem]]:
    """Make a valid forest from units in file order (codes already unique).

    A unit naming itself as parent is a root (a common HR-export convention for the top);
    a unit whose parent is not in the file is a root ("orphan"); the units of a longer cycle
    are rejected, and the units directly under them become roots. All say so in problems.
    """
    problems: list[Problem] = []
    known = {unit.code for unit in units}
    units = _roots_by_top_marker(units, known, problems)
    units = [_root_if_parent_unusable(unit, known, problems) for unit in units]
    in_cycles = _reject_cycles(units, problems)
    kept = [
        _root_if_parent_rejected(unit, in_cycles, problems)
        for unit in units
        if unit.code not in in_cycles
    ]
    return parents_first(kept), problems


def _roots_by_top_marker(
    units: list[ParsedUnit], known: set[str], problems: list[Problem]
) -> list[ParsedUnit]:
    """Units whose parent is a template's top marker (`XX`) are roots, said once for the file."""
    marked: list[ParsedUnit] = []
    result = []
    for unit in units:
        parent = unit.parent_code
        if parent is not None and parent not in known and parent.casefold() in TOP_MARKERS:
            marked.append(unit)
            unit = replace(unit, parent_code=None)
        result.append(unit)
    if marked:
        markers = ", ".join(sorted({f"'{unit.parent_code}'" for unit in marked}))
        rows = ", ".join(str(unit.row) for unit in marked[:10] if unit.row is not None)
        message = (
            f"{_units(len(marked))} with {markers} as parent: the top-of-tree marker of the "
            f"file's template, not a missing unit; imported as roots (row {rows})."
        )
        problems.append(Problem(None, "warning", message))
    return result


def _units(count: int) -> str:
    return f"{count} unit" + ("s" if count != 1 else "")


def _root_if_parent_unusable(
    unit: ParsedUnit, known: set[str], problems: list[Problem]
) -> ParsedUnit:
    if unit.parent_code is None:
        return unit
    if unit.parent_code == unit.code:
        message = f"Unit '{unit.code}' names itself as its parent; it is imported as a root."
    elif unit.parent_code not in known:
        message = (
            f"The parent '{unit.parent_code}' of unit '{unit.code}' is not in the file; "
            "the unit is imported as a root."
        )
    else:
        return unit
    problems.append(Problem(unit.row, "warning", message))
    return replace(unit, parent_code=None, orphan=unit.parent_code != unit.code)


def _reject_cycles(units: list[ParsedUnit], problems: list[Problem]) -> dict[str, list[str]]:
    """Every unit in a cycle, mapped to its cycle; each gets an error naming the others."""
    rows = {unit.code: unit.row for unit in units}
    in_cycles: dict[str, list[str]] = {}
    for cycle in find_cycles({unit.code: unit.parent_code for unit in units}):
        description = describe_cycle(cycle, rows)
        for code in cycle:
            in_cycles[code] = cycle
            message = f"Unit '{code}' is in a cycle of parents ({description}); rejected."
            problems.append(Problem(rows[code], "error", message))
    return in_cycles


def _root_if_parent_rejected(
    unit: ParsedUnit, in_cycles: Mapping[str, list[str]], problems: list[Problem]
) -> ParsedUnit:
    if unit.parent_code is None or unit.parent_code not in in_cycles:
        return unit
    message = (
        f"The parent '{unit.parent_code}' of unit '{unit.code}' was rejected for being in a "
        "cycle; the unit is imported as a root."
    )
    problems.append(Problem(unit.row, "warning", message))
    return replace(unit, parent_code=None)


def find_cycles(parent_of: Mapping[str, str | None]) -> list[list[str]]:
    """Cycles in a graph where each node has at most one parent, each listed child first."""
    finished: set[str] = set()
    cycles: list[list[str]] = []
    for start in parent_of:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        while node is not None and node in parent_of and node not in finished:
            if node in on_path:
                cycles.append(path[path.index(node) :])
                break
            path.append(node)
            on_path.add(node)
            node = parent_of[node]
        finished.update(path)
    return cycles


def describe_cycle(cycle: list[str], rows: Mapping[str, int | None]) -> str:
    """`'A' (row 3) → 'B' (row 7) → 'A'`, shortened for very long cycles."""
    shown = [_with_row(code, rows.get(code)) for code in cycle[:_CYCLE_MEMBERS_SHOWN]]
    if len(cycle) > _CYCLE_MEMBERS_SHOWN:
        shown.append(f"{len(cycle) - _CYCLE_MEMBERS_SHOWN} more")
    return " → ".join([*shown, f"'{cycle[0]}'"])


def _with_row(code: str, row: int | None) -> str:
    return f"'{code}' (row {row})" if row is not None else f"'{code}'"


def parents_first(units: list[ParsedUnit]) -> list[ParsedUnit]:
    """Depth-first from each root in file order; siblings keep their file order too."""
    children: defaultdict[str, list[ParsedUnit]] = defaultdict(list)
    roots: list[ParsedUnit] = []
    for unit in units:
        if unit.parent_code is None:
            roots.append(unit)
        else:
            children[unit.parent_code].append(unit)
    ordered: list[ParsedUnit] = []
    stack = list(reversed(roots))
    while stack:
        unit = stack.pop()
        ordered.append(unit)
        stack.extend(reversed(children.get(unit.code, ())))
    return ordered
