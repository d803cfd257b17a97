"""Header names: made unique, matched to fields, and the file's shape decided from them."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from .chart import FIELDS, Problem, Shape

# Header keys (see header_key) that name each field, best match first. A column serves only
# one field unless the admin maps it twice by hand.
_MANAGER: Final = (
    "manager_id manager manager_code reports_to reports_to_id supervisor_id supervisor "
    "line_manager_id boss_id"
)
_UNIT_ALIASES: Final = {
    "code": "code id unit_id unit_code org_id org_code org_unit_id org_unit_code orgunit_id "
    "department_id department_code dept_id dept_code node_id uid key identifier "
    # posts listed by manager, with no department column, are units themselves
    "position_id post_id employee_id person_id",
    "parent": "parent_code parent_id parent parent_unit_id parent_unit_code parent_unit "
    "parent_org_id parent_org_unit_id parent_department_id parent_dept_id parent_node_id "
    "parent_key parent_uid",
    "name": "name unit_name unit title label org_name org_unit_name department_name department "
    "dept_name full_name display_name",
    "manager": _MANAGER,
    "kind": "kind type unit_type org_type classification category",
}
_PEOPLE_ALIASES: Final = {
    "code": "id employee_id person_id emp_id employee_number employee_no staff_id user_id "
    "position_id post_id code uid key",
    # a `parentId` next to a department column is the person's manager
    "manager": _MANAGER + " parent_id parent parent_code",
    "department_code": "department_id department_code dept_id dept_code unit_id unit_code "
    "org_unit_id org_unit_code division_id team_id",
    "department": "department_name department dept_name dept unit_name unit org_unit_name "
    "org_unit division division_name team team_name",
    "name": "name full_name employee_name person_name display_name",
}
_COMMON_ALIASES: Final = {
    "side": "side is_it it it_side it_or_business business_or_it",
    "location": "location site city location_name office_location site_name",
    "criticality": "criticality business_criticality critical criticality_level",
}

# Fields each shape uses; anything else in a mapping is irrelevant to that shape.
SHAPE_FIELDS: Final[dict[Shape, tuple[str, ...]]] = {
    "units_by_parent": ("code", "name", "parent", "side", "location", "kind", "criticality"),
    "people_by_manager": (
        "code",
        "name",
        "manager",
        "department",
        "department_code",
        "side",
        "location",
        "kind",
        "criticality",
    ),
    "nested_json": ("code", "name", "side", "location", "kind", "criticality"),
}


class MappingError(Exception):
    """The columns cannot be matched to fields; the message says what the file does have."""


@dataclass(frozen=True, slots=True)
class Resolution:
    shape: Shape
    mapping: dict[str, str]  # field -> column name


def header_key(name: str) -> str:
    """`parentId`, `Parent ID` and `parent-id` all become `parent_id`."""
    split_camel = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name)
    return re.sub(r"[\W_]+", "_", split_camel.casefold()).strip("_")


def name_columns(raw: list[str], header_row: int | None) -> tuple[list[str], list[Problem]]:
    """Tidy header names; an empty one becomes `column_N`, a repeated one gets `_2`."""
    names: list[str] = []
    problems: list[Problem] = []
    taken: set[str] = set()
    for position, original in enumerate(raw, start=1):
        name = " ".join(original.split()).strip("\ufeff")
        if not name:
            name = _unique(f"column_{position}", taken)
            message = f"Column {position} has no name; it is called {name}."
            problems.append(Problem(header_row, "warning", message))
        elif name in taken:
            renamed = _unique(name, taken)
            message = f"Two columns are called '{name}'; column {position} is called {renamed}."
            problems.append(Problem(header_row, "warning", message))
            name = renamed
        taken.add(name)
        names.append(name)
    return names, problems


def _unique(name: str, taken: set[str]) -> str:
    if name not in taken:
        return name
    suffix = 2
    while f"{name}_{suffix}" in taken:
        suffix += 1
    return f"{name}_{suffix}"


def resolve_columns(columns: list[str], explicit: Mapping[str, str], *, nested: bool) -> Resolution:
    """Decide the shape and which column feeds each field; the admin's mapping always wins.

    A file is people-by-manager when it has a department column and a manager column (a
    `parentId` counts as the manager then); otherwise each row is a unit under its parent.
    An empty column in the explicit mapping means "do not use this field".
    """
    chosen = _validate_explicit(columns, explicit)
    if nested:
        return _resolution("nested_json", columns, chosen, _UNIT_ALIASES)
    people = _detect(columns, chosen, _PEOPLE_ALIASES)
    has_department = "department" in people or "department_code" in people
    department_chosen = bool(chosen.get("department") or chosen.get("department_code"))
    has_hierarchy = "manager" in people or department_chosen
    if "code" in people and has_department and has_hierarchy and "parent" not in chosen:
        return _resolution("people_by_manager", columns, chosen, _PEOPLE_ALIASES)
    units = _detect(columns, chosen, _UNIT_ALIASES)
    if "parent" not in units and "manager" in units:
        chosen = {**chosen, "parent": units["manager"]}
    return _resolution("units_by_parent", columns, chosen, _UNIT_ALIASES)


def _resolution(
    shape: Shape, columns: list[str], chosen: dict[str, str], aliases: Mapping[str, str]
) -> Resolution:
    detected = _detect(columns, chosen, aliases)
    if shape == "people_by_manager":
        # A people file's type/kind column describes people, not departments: by hand only.
        detected = {
            field: column
            for field, column in detected.items()
            if field not in ("kind", "criticality") or field in chosen
        }
    mapping = {f: detected[f] for f in SHAPE_FIELDS[shape] if detected.get(f)}
    if "code" not in mapping:
        raise MappingError(_no_code_message(columns, shape))
    return Resolution(shape, mapping)


def _detect(
    columns: list[str], chosen: Mapping[str, str], aliases: Mapping[str, str]
) -> dict[str, str]:
    by_key: dict[str, str] = {}
    for column in columns:
        by_key.setdefault(header_key(column), column)
    found = dict(chosen)
    taken = set(chosen.values())
    for field, names in {**aliases, **_COMMON_ALIASES}.items():
        if field in found:
            continue
        free = [by_key[k] for k in names.split() if k in by_key and by_key[k] not in taken]
        if free:
            found[field] = free[0]
            taken.add(free[0])
    return found


def _validate_explicit(columns: list[str], explicit: Mapping[str, str]) -> dict[str, str]:
    chosen: dict[str, str] = {}
    for field, wanted in explicit.items():
        if field not in FIELDS:
            raise MappingError(
                f"'{field}' is not a field that can be mapped; the fields are {', '.join(FIELDS)}."
            )
        chosen[field] = _find_column(columns, field, wanted.strip()) if wanted.strip() else ""
    return chosen


def _find_column(columns: list[str], field: str, wanted: str) -> str:
    """Exact name first; otherwise the one column whose key matches (`Parent ID` = `parent_id`)."""
    if wanted in columns:
        return wanted
    matches = [column for column in columns if header_key(column) == header_key(wanted)]
    if len(matches) == 1:
        return matches[0]
    raise MappingError(
        f"The mapping {field}={wanted} names a column the file does not have. "
        f"Its columns are: {_listing(columns)}."
    )


def _no_code_message(columns: list[str], shape: Shape) -> str:
    what = "a person's id" if shape == "people_by_manager" else "a unit's id"
    return (
        f"No column looks like {what} (such as id, code or unit_id). "
        f"The file's columns are: {_listing(columns)}. Map one by hand with code=COLUMN."
    )


def _listing(columns: list[str]) -> str:
    shown = ", ".join(f"'{column}'" for column in columns[:40])
    return shown + (f" and {len(columns) - 40} more" if len(columns) > 40 else "") or "none"
