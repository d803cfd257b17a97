"""People listed with their manager and department, turned into a tree of departments.

The rule for a department's parent: look at its members whose manager belongs to another
department; the parent is the department most of those managers belong to (a tie goes to the
department that appears first in the file). A department whose members' managers are all inside
it, outside the file or without a department is a root. People without a department are left
out with a warning; departments that would report to each other in a cycle are cut at the one
that appears first in the file, which becomes a root.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from .cells import name_from_code, strip_cell
from .chart import ParsedPerson, ParsedUnit, Problem, Side
from .fields import FieldReader
from .table import Table
from .tree import describe_cycle, find_cycles, parents_first
from .values import is_email


class _Person(NamedTuple):
    """One row's person (a tuple: 50,000 frozen dataclasses took a tenth of the parse)."""

    code: str
    name: str
    manager: str | None
    department: str | None
    department_name: str
    side: Side | None
    location: str
    kind: str
    criticality: str
    row: int
    # For the people directory only (never compared, never in a message).
    full_name: str
    email: str
    title: str
    grade: str


@dataclass(frozen=True, slots=True)
class _Department:
    code: str
    first_row: int
    # How often each value appears among the members, in the order first seen (ties).
    names: Counter[str]
    sides: Counter[Side]
    locations: Counter[str]
    kinds: Counter[str]
    criticalities: Counter[str]

    @classmethod
    def of(cls, code: str, members: list[_Person]) -> "_Department":
        return cls(
            code,
            members[0].row,
            _counted(member.department_name for member in members),
            _counted(member.side for member in members),
            _counted(member.location for member in members),
            _counted(member.kind for member in members),
            _counted(member.criticality for member in members),
        )


def _counted[T](values: Iterable[T | None]) -> Counter[T]:
    """How often each value is given (blanks left out), in the order first seen."""
    return Counter(filter(None, values))


def departments_from_people(
    table: Table, mapping: dict[str, str]
) -> tuple[list[ParsedUnit], list[Problem], list[ParsedPerson]]:
    """The departments as units, parents first; the problems; the people with a department."""
    reader = FieldReader.for_mapping(table.columns, mapping)
    problems: list[Problem] = []
    if not reader.has("manager"):
        message = "No column names each person's manager, so every department is a root."
        problems.append(Problem(None, "warning", message))
    people = _read_people(table, reader, problems)
    departments = _collect_departments(people.values())
    parent_of = _parent_departments(people, departments, problems)
    _break_cycles(parent_of, departments, problems)
    units = [
        _department_unit(department, parent_of[code], problems)
        for code, department in departments.items()
    ]
    return parents_first(units), problems, _directory(people.values(), problems)


def _directory(people: Iterable[_Person], problems: list[Problem]) -> list[ParsedPerson]:
    """The people with a department; an e-mail address given twice stays with the first."""
    rows_by_email: dict[str, int] = {}
    kept: list[ParsedPerson] = []
    for person in people:
        if person.department is None:
            continue
        email = person.email
        if email and rows_by_email.setdefault(email, person.row) != person.row:
            message = (
                f"Person '{person.code}' has the e-mail address of row {rows_by_email[email]}; "
                "they are kept without it."
            )
            problems.append(Problem(person.row, "warning", message))
            email = ""
        kept.append(
            ParsedPerson(
                person.code,
                person.full_name,
                person.department,
                email,
                person.title,
                person.grade,
                person.row,
            )
        )
    return kept


def _read_people(table: Table, reader: FieldReader, problems: list[Problem]) -> dict[str, _Person]:
    people: dict[str, _Person] = {}
    for row, cells in zip(table.row_numbers, _person_cells(table.rows, reader), strict=True):
        person = _read_person(cells, row, reader, problems)
        if person is None:
            continue
        first = people.setdefault(person.code, person)
        if first is not person:
            problems.append(_duplicate_problem(person, first))
    return people


# What _read_person reads of a row, cleaned: each field's column is cleaned in one pass.
_PersonCells = tuple[str, str, str, str, str, str, str, str, str, str, str, str, str]


def _person_cells(rows: list[list[str]], reader: FieldReader) -> Iterator[_PersonCells]:
    codes, texts = reader.code_column, reader.text_column
    written = reader.raw_column(rows, "email")  # every cell "" when the file has no such column
    emails = list(map(_email, written)) if reader.has("email") else written
    return zip(
        codes(rows, "code"), texts(rows, "name"), texts(rows, "last_name"),
        codes(rows, "manager"), texts(rows, "department"), codes(rows, "department_code"),
        texts(rows, "side"), texts(rows, "location"), texts(rows, "kind"),
        texts(rows, "criticality"), emails, texts(rows, "title"),
        texts(rows, "grade"), strict=True,
    )  # fmt: skip


def _read_person(
    cells: _PersonCells, row: int, reader: FieldReader, problems: list[Problem]
) -> _Person | None:
    code, name, last_name, manager, department_name, department_code, side = cells[:7]
    if not code:
        message = f"The row has no id in column '{reader.column('code')}'; it is rejected."
        problems.append(Problem(row, "error", message))
        return None
    if manager == code:
        message = f"Person '{code}' is their own manager; treated as having none."
        problems.append(Problem(row, "warning", message))
        manager = ""
    department = department_code if reader.has("department_code") else department_name
    if not department:
        problems.append(
            Problem(row, "warning", _no_department_message(code, name, department_name))
        )
    location, kind, criticality, email, title, grade = cells[7:]
    return _Person(
        code, name, manager or None, department or None, department_name,
        reader.side_of(side, row, problems), location, kind, criticality, row,
        f"{name} {last_name}" if last_name else name, email, title, grade,
    )  # fmt: skip


def _email(written: str) -> str:
    """The address lower-cased ("mailto:" dropped), or "" when the cell holds none."""
    address = strip_cell(written).casefold().removeprefix("mailto:")
    return address if is_email(address) else ""


def _no_department_message(code: str, name: str, department_name: str) -> str:
    who = f"Person '{code}'" + (f" ({name})" if name else "")
    if department_name:
        return f"{who} has department '{department_name}' but no department id; left out."
    return f"{who} has no department; left out."


def _duplicate_problem(person: _Person, first: _Person) -> Problem:
    if _comparable(person) == _comparable(first):
        message = f"Person '{person.code}' repeats row {first.row} exactly; the repeat is ignored."
        return Problem(person.row, "warning", message)
    message = (
        f"The id '{person.code}' is already used on row {first.row} for a different person; "
        f"this row is rejected and row {first.row} kept."
    )
    return Problem(person.row, "error", message)


def _comparable(person: _Person) -> tuple[object, ...]:
    return (
        person.name, person.manager, person.department, person.department_name,
        person.side, person.location, person.kind, person.criticality,
    )  # fmt: skip


def _collect_departments(people: Iterable[_Person]) -> dict[str, _Department]:
    members: defaultdict[str, list[_Person]] = defaultdict(list)
    for person in people:
        if person.department is not None:
            members[person.department].append(person)
    return {code: _Department.of(code, listed) for code, listed in members.items()}


def _parent_departments(
    people: dict[str, _Person], departments: dict[str, _Department], problems: list[Problem]
) -> dict[str, str | None]:
    votes: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for person in people.values():
        if person.department is None or person.manager is None:
            continue
        manager = people.get(person.manager)
        if manager is None:
            message = (
                f"The manager '{person.manager}' of person '{person.code}' is not in the file."
            )
            problems.append(Problem(person.row, "warning", message))
        elif manager.department is not None and manager.department != person.department:
            votes[person.department][manager.department] += 1
    return {code: _most_voted(votes.get(code), departments) for code in departments}


def _most_voted(votes: Counter[str] | None, departments: dict[str, _Department]) -> str | None:
    if not votes:
        return None
    return max(votes, key=lambda code: (votes[code], -departments[code].first_row))


def _break_cycles(
    parent_of: dict[str, str | None],
    departments: dict[str, _Department],
    problems: list[Problem],
) -> None:
    rows = {code: department.first_row for code, department in departments.items()}
    for cycle in find_cycles(parent_of):
        first = min(cycle, key=rows.__getitem__)
        parent_of[first] = None
        message = (
            f"Departments report to each other in a cycle ({describe_cycle(cycle, rows)}); "
            f"department '{first}', first in the file, is made a root."
        )
        problems.append(Problem(rows[first], "warning", message))


def _department_unit(
    department: _Department, parent: str | None, problems: list[Problem]
) -> ParsedUnit:
    if len(department.names) > 1:
        problems.append(_conflicting_names_problem(department))
    return ParsedUnit(
        code=department.code,
        name=_most_common(department.names) or name_from_code(department.code),
        parent_code=parent,
        side=_most_common(department.sides),
        location=_most_common(department.locations),
        kind=_most_common(department.kinds),
        criticality=_most_common(department.criticalities),
        row=department.first_row,
    )


def _most_common[T](counter: Counter[T]) -> T | None:
    """Ties go to the value seen first: Counter.most_common keeps insertion order."""
    return counter.most_common(1)[0][0] if counter else None


def _conflicting_names_problem(department: _Department) -> Problem:
    counts = ", ".join(
        f"'{name}' on {count} row{'s' if count > 1 else ''}"
        for name, count in department.names.most_common(4)
    )
    chosen = department.names.most_common(1)[0][0]
    message = (
        f"Department '{department.code}' has several names in the file ({counts}); "
        f"'{chosen}' is used."
    )
    return Problem(department.first_row, "warning", message)
