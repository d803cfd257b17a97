"""Reading and checking a people upload: e-mail, name and unit code a row, title and grade too.

The file is read by the org-chart reader (any encoding, CSV with any delimiter, XLSX, XLS), its
headers matched by their usual names whatever their case and punctuation. Every row is checked
before anything is kept: a bad e-mail, an unknown unit code, a missing name or an address given
twice is an error with its row number, and one error keeps the whole file out.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Final

from touchpoints.orgchart import ParsedPerson, Problem
from touchpoints.orgchart.cells import clean_code, clean_text
from touchpoints.orgchart.columns import header_key
from touchpoints.orgchart.reading import read_table
from touchpoints.orgchart.table import Table, Unreadable
from touchpoints.orgchart.values import is_email

# field -> the header keys (see header_key) that name it, best first.
HEADERS: Final = {
    "email": "email e_mail email_address e_mail_address mail work_email courriel",
    "name": "name full_name display_name employee_name person_name nom",
    "unit": "unit_code unit code unit_id department_code department_id dept_code dept_id "
    "org_unit_code org_unit team_code department unit_reference",
    "title": "title job_title position job role",
    "grade": "grade pay_grade grade_level band job_level",
    "code": "employee_id employee_number employee_no person_id staff_id id",
}
REQUIRED: Final = ("email", "name", "unit")
LABELS: Final = {"email": "e-mail", "name": "name", "unit": "unit code"}


@dataclass(slots=True)
class CheckedUpload:
    """The people of an upload, or why it cannot be kept (`fatal`, or errors in `problems`)."""

    people: list[ParsedPerson] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    fatal: str = ""
    rows: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    @property
    def refusal(self) -> str:
        if self.fatal:
            return self.fatal
        if errors := len(self.errors):
            return (
                f"{errors} row{'s' if errors > 1 else ''} of the file cannot be kept (see the "
                "list), so nothing was kept. Correct the file and upload it again."
            )
        return ""


def check_upload(data: bytes, filename: str, unit_codes: Collection[str]) -> CheckedUpload:
    """Read and check a people file against the workspace's unit codes; never raises."""
    try:
        table = read_table(data, filename)
    except Unreadable as error:
        return CheckedUpload(fatal=f"The file cannot be read: {error}")
    columns = match_headers(table.columns)
    missing = [LABELS[name] for name in REQUIRED if name not in columns]
    if missing:
        listing = ", ".join(f"'{column}'" for column in table.columns[:40])
        return CheckedUpload(
            fatal=f"No column holds the {' and the '.join(missing)} (the file's columns are "
            f"{listing}). Name them e-mail, name and unit code.",
            rows=len(table.rows),
        )
    checked = CheckedUpload(problems=list(table.problems), rows=len(table.rows))
    check_rows(table, columns, set(unit_codes), checked)
    if not table.rows:
        checked.fatal = "The file has column names but no rows of people."
    return checked


def match_headers(columns: list[str]) -> dict[str, int]:
    """field -> position of the column that holds it, each column serving one field."""
    keys = [header_key(column) for column in columns]
    found: dict[str, int] = {}
    for name, usual in HEADERS.items():
        for key in usual.split():
            if key in keys and keys.index(key) not in found.values():
                found[name] = keys.index(key)
                break
    return found


def check_rows(
    table: Table, columns: dict[str, int], units: set[str], checked: CheckedUpload
) -> None:
    first_row_of: dict[str, int] = {}

    def cell(cells: list[str], name: str) -> str:
        position = columns.get(name)
        return cells[position] if position is not None and position < len(cells) else ""

    for row, cells in zip(table.row_numbers, table.rows, strict=True):
        email = clean_text(cell(cells, "email")).casefold()
        unit = clean_code(cell(cells, "unit"))
        name = clean_text(cell(cells, "name"))
        problems = row_problems(email, name, unit, units, first_row_of.get(email))
        checked.problems += [Problem(row, "error", message) for message in problems]
        if problems:
            continue
        first_row_of[email] = row
        code = clean_code(cell(cells, "code"))
        title, grade = clean_text(cell(cells, "title")), clean_text(cell(cells, "grade"))
        checked.people.append(ParsedPerson(code, name, unit, email, title, grade, row))


def row_problems(
    email: str, name: str, unit: str, units: set[str], first_row: int | None
) -> list[str]:
    """What is wrong with one row, as messages (none: it is kept)."""
    problems = []
    if not email:
        problems.append("The row has no e-mail address.")
    elif not is_email(email):
        problems.append(f"'{email}' is not an e-mail address.")
    elif first_row is not None:
        problems.append(f"The e-mail address {email} is already on row {first_row}.")
    if not name:
        problems.append("The row has no name.")
    if not unit:
        problems.append("The row has no unit code.")
    elif unit not in units:
        problems.append(f"No unit of the org chart has the code '{unit}' (codes are exact).")
    return problems
