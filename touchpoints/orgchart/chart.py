"""The result of parsing an org-chart file: plain data for the preview, the diff and the job."""

from dataclasses import dataclass, field
from typing import Literal, NamedTuple

Shape = Literal["units_by_parent", "people_by_manager", "nested_json"]
Severity = Literal["error", "warning"]
Side = Literal["it", "business"]

# The fields an admin can map to a column (`--map FIELD=COLUMN`).
FIELDS: tuple[str, ...] = (
    "code",
    "name",
    "parent",
    "holder",
    "manager",
    "department",
    "department_code",
    "side",
    "location",
    "kind",
    "criticality",
    # A people file's people, kept in the directory (touchpoints.people.keeping).
    "last_name",
    "email",
    "title",
    "grade",
)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one row (`row` set) or with the file as a whole (`row` None).

    An error means the row was rejected; a warning means it was kept, as the message says.
    """

    row: int | None
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}" if self.row is not None else "File"
        return f"{where} ({self.severity}): {self.message}"


@dataclass(frozen=True, slots=True)
class ParsedUnit:
    """One org unit as the file describes it; `code` is the source's id, exactly as written.

    `row` is where the unit comes from: its own row, or for a department derived from people,
    the first row that names it.
    """

    code: str
    name: str
    parent_code: str | None
    side: Side | None = None
    location: str | None = None
    kind: str | None = None
    criticality: str | None = None
    row: int | None = None
    # Who holds the post, in a file of posts ("Held by Ann Smith"); a job share names them all.
    note: str | None = None
    # Its parent is named but is not in the file, so it was made a root.
    orphan: bool = False


class ParsedPerson(NamedTuple):
    """One person of a people-by-manager file, for the people directory.

    `email` is lower-cased, and empty unless the cell holds an address; `department` is the
    code of the department unit they belong to. A named tuple, not a frozen dataclass like
    the rest: a file makes one per person, and the dataclass's __init__ cost 50,000 of them a
    sixth of the parse.
    """

    code: str
    name: str
    department: str
    email: str = ""
    title: str = ""
    grade: str = ""
    row: int | None = None


@dataclass(frozen=True, slots=True)
class ParsedChart:
    """Units ordered parents before children, so they can be inserted in one pass.

    When `fatal` is set the file could not be read at all and `units` is empty.
    """

    format: Literal["csv", "xlsx", "xls", "json"] | None
    shape: Shape | None
    columns: list[str]
    mapping: dict[str, str]
    units: list[ParsedUnit]
    problems: list[Problem]
    fatal: str | None = None
    source_rows: int = 0
    encoding: str | None = None
    delimiter: str | None = None
    # field -> why its column was taken; field -> the next best columns (see columns.py)
    reasons: dict[str, str] = field(default_factory=dict)
    alternatives: dict[str, list[str]] = field(default_factory=dict)
    # column -> its first few values, for the mapping screen
    samples: dict[str, list[str]] = field(default_factory=dict)
    # A people-by-manager file's people with a department (other shapes: none).
    people: list[ParsedPerson] = field(default_factory=list)

    @property
    def roots(self) -> int:
        return sum(1 for unit in self.units if unit.parent_code is None)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "warning"]
