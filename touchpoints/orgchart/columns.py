"""Header names: made unique, matched to fields, and the file's shape decided from them."""

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from .chart import FIELDS, Problem, Shape
from .meaning import (
    NOTHING,
    Meaning,
    code_meaning,
    header_words,
    is_department,
    is_title,
    name_meaning,
    parent_meaning,
)
from .person_fields import PERSON_ALIASES, email_column
from .values import (
    code_like_share,
    column_values,
    holder_share,
    numeric_share,
    share_in,
    unique_share,
)

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
    "units_by_parent": (
        "code",
        "name",
        "parent",
        "holder",
        "side",
        "location",
        "kind",
        "criticality",
    ),
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
        *PERSON_ALIASES,
    ),
    "nested_json": ("code", "name", "side", "location", "kind", "criticality"),
}


class MappingError(Exception):
    """The columns cannot be matched to fields; the message says what the file does have."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A column that could feed a field, how strongly, and why in words."""

    column: str
    score: float
    reasons: tuple[str, ...]

    def why(self) -> str:
        return "; ".join(self.reasons)


@dataclass(frozen=True, slots=True)
class Resolution:
    shape: Shape
    mapping: dict[str, str]  # field -> column name
    # field -> why its column was taken; field -> the next best columns, best first
    reasons: dict[str, str] = dataclasses.field(default_factory=dict)
    alternatives: dict[str, list[str]] = dataclasses.field(default_factory=dict)


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


def resolve_columns(
    columns: list[str],
    explicit: Mapping[str, str],
    *,
    nested: bool,
    rows: Sequence[list[str]] = (),
) -> Resolution:
    """Decide the shape and which column feeds each field; the admin's mapping always wins.

    A file is people-by-manager when it has a department column and a manager column (a
    `parentId` counts as the manager then); otherwise each row is a unit under its parent.
    An empty column in the explicit mapping means "do not use this field". Headers are read
    by their usual names first, then by their words (meaning.py); `rows` (a sample is
    enough) lets the values confirm or overrule what the headers suggest.
    """
    chosen = _validate_explicit(columns, explicit)
    detector = _Detector(columns, rows, chosen)
    if nested:
        return _resolution("nested_json", detector, _UNIT_ALIASES)
    # The shape is decided by usual headers only: a post file's "Unit" and "Reports to" would
    # otherwise read as a people file's department and manager.
    people = detector.detect(_PEOPLE_ALIASES, people=True, by_words=False)
    has_department = "department" in people or "department_code" in people
    department_chosen = bool(chosen.get("department") or chosen.get("department_code"))
    has_hierarchy = "manager" in people or department_chosen
    if "code" in people and has_department and has_hierarchy and "parent" not in chosen:
        return _resolution("people_by_manager", detector, _PEOPLE_ALIASES)
    units = detector.detect(_UNIT_ALIASES, people=False)
    if "parent" not in units and "manager" in units:
        detector.chosen = {**chosen, "parent": units["manager"].column}
    return _resolution("units_by_parent", detector, _UNIT_ALIASES)


def _resolution(shape: Shape, detector: "_Detector", aliases: Mapping[str, str]) -> Resolution:
    detected = detector.detect(aliases, people=shape == "people_by_manager")
    if shape == "people_by_manager":
        # A people file's type/kind column describes people, not departments: by hand only.
        detected = {
            name: found
            for name, found in detected.items()
            if name not in ("kind", "criticality") or name in detector.chosen
        }
    if shape == "units_by_parent":
        detected = detector.posts_named_by_title(detected)
    fields = [f for f in SHAPE_FIELDS[shape] if f in detected and detected[f].column]
    if "code" not in fields:
        references = detected.get("parent") or detected.get("department_code")
        if references and references.column:
            raise RowsWithoutIds(references.column)
        raise MappingError(_no_code_message(detector.columns, shape))
    return Resolution(
        shape,
        {f: detected[f].column for f in fields},
        reasons={f: detected[f].why() for f in fields},
        alternatives={
            f: [c.column for c in detector.ranked.get(f, []) if c.column != detected[f].column][:3]
            for f in fields
        },
    )


class RowsWithoutIds(MappingError):
    """No column holds the rows' own ids, but one points at other units (`column`)."""

    def __init__(self, column: str):
        super().__init__(column)
        self.column = column


class _Detector:
    """Scores every column for every field, by header and values, and hands each column to
    one field at most (the admin's choices first)."""

    def __init__(self, columns: list[str], rows: Sequence[list[str]], chosen: dict[str, str]):
        self.columns = columns
        self.rows = rows
        self.chosen = chosen
        self.words = {column: header_words(column) for column in columns}
        self.ranked: dict[str, list[Candidate]] = {}
        self._values: dict[str, list[str]] = {}

    def values(self, column: str) -> list[str]:
        if column not in self._values:
            self._values[column] = column_values(self.rows, self.columns.index(column))
        return self._values[column]

    def detect(
        self, aliases: Mapping[str, str], *, people: bool, by_words: bool = True
    ) -> dict[str, Candidate]:
        found = {f: Candidate(c, 100.0, ("chosen by hand",)) for f, c in self.chosen.items()}
        taken = set(self.chosen.values())
        extra = PERSON_ALIASES if people else {}
        for name, usual in {**aliases, **_COMMON_ALIASES, **extra}.items():
            by_meaning = people if by_words and name not in extra else None
            ranked = self._ranked(name, usual.split(), by_meaning, found)
            self.ranked[name] = ranked
            if name in found:
                continue
            free = [c for c in ranked if c.column not in taken and c.score > _LEAST_SCORE]
            if free:
                found[name] = free[0]
                taken.add(free[0].column)
        needs_email = people and "email" not in found
        if needs_email and (by_values := email_column(self.columns, self.values, taken)):
            found["email"] = Candidate(by_values[0], 5.0, (by_values[1],))
        return found

    def _ranked(
        self, name: str, usual: list[str], people: bool | None, found: Mapping[str, Candidate]
    ) -> list[Candidate]:
        """Usual headers first, then headers by their words (unless `people` is None)."""
        keys = {header_key(column): column for column in reversed(self.columns)}
        candidates: dict[str, Candidate] = {}
        for position, key in enumerate(usual):
            if key in keys:
                reason = f"'{keys[key]}' is a usual header for it"
                candidates.setdefault(
                    keys[key], Candidate(keys[key], 10 - position / 100, (reason,))
                )
        for column in self.columns:
            if column not in candidates and people is not None:
                meaning = _word_meaning(name, self.words[column], people)
                if meaning.score:
                    candidates[column] = Candidate(column, meaning.score, meaning.reasons)
        judged = [self._judge(name, candidate, found) for candidate in candidates.values()]
        return sorted(judged, key=lambda candidate: -candidate.score)

    def _judge(self, name: str, candidate: Candidate, found: Mapping[str, Candidate]) -> Candidate:
        """The values' word on a candidate: a bonus or a penalty, with its reason."""
        if name not in ("code", "parent", "manager", "name") or not self.rows:
            return candidate
        values = self.values(candidate.column)
        if not values:
            return _adjusted(candidate, -2.0, "it is empty")
        if name == "code":
            share = unique_share(values)
            if share >= 0.95:
                return _adjusted(candidate, 1.0, "its values are unique")
            if share < 0.8:
                return _adjusted(candidate, -2.0, f"only {share:.0%} of its values are distinct")
            return candidate
        if name == "name":
            if numeric_share(values) >= 0.9:
                return _adjusted(candidate, -2.0, "its values are numbers, not names")
            return candidate
        return self._judge_parent(candidate, values, found.get("code"))

    def _judge_parent(
        self, candidate: Candidate, values: list[str], code: Candidate | None
    ) -> Candidate:
        if code is not None and code.column in self.columns:
            ids = set(self.values(code.column))
            share = share_in(values, ids)
            if share >= 0.5:
                return _adjusted(candidate, 2.0, f"{share:.0%} of its values are ids of the file")
            if share < 0.1:
                candidate = _adjusted(candidate, -1.0, "its values are not ids of the file")
        if code_like_share(values) < 0.2:
            return _adjusted(candidate, -1.5, "its values are text, not ids")
        return candidate

    def posts_named_by_title(self, detected: dict[str, Candidate]) -> dict[str, Candidate]:
        """A post file: the name column holds people or `N/D`, the title column the post."""
        name = detected.get("name")
        if name is None or "name" in self.chosen or "holder" in self.chosen or not self.rows:
            return detected
        titles = [
            column
            for column in self.columns
            if column != name.column
            and column not in {c.column for c in detected.values()}
            and is_title(self.words[column])
            and name_meaning(self.words[column]).score
        ]
        values = self.values(name.column)
        share = holder_share(values)
        if not titles or share < 0.6:
            return detected
        title = max(titles, key=lambda column: name_meaning(self.words[column]).score)
        why = (
            f"'{name.column}' holds people's names or placeholders on {share:.0%} of the rows, "
            f"so each row is a post named by its '{title}'"
        )
        holder = Candidate(name.column, name.score, (f"it holds each post's holder ({share:.0%})",))
        return {**detected, "name": Candidate(title, name.score, (why,)), "holder": holder}


_LEAST_SCORE: Final = 0.5


def _adjusted(candidate: Candidate, by: float, reason: str) -> Candidate:
    return Candidate(candidate.column, candidate.score + by, (*candidate.reasons, reason))


def _word_meaning(name: str, words: tuple[str, ...], people: bool) -> Meaning:
    """The meaning of a header for a field from its words; people files keep departments apart."""
    department = is_department(words)
    if name in ("parent", "manager"):
        return parent_meaning(words) if (name == "manager") == people else NOTHING
    if name == "code":
        return NOTHING if people and department else code_meaning(words)
    if name == "name":
        return NOTHING if people and department else name_meaning(words)
    if name == "department_code" and department:
        return code_meaning(words)
    if name == "department" and department and not code_meaning(words).score:
        return Meaning(2.0, ("its header names a department",))
    return NOTHING


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
