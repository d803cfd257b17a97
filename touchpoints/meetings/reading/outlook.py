"""Outlook's CSV calendar export ("Export to a file", Calendar folder) to Occurrences.

Outlook writes one row per occurrence (a recurring meeting is already expanded), local times
without a zone (read in the reader's floating zone), US dates and 12-hour times whatever the
locale's display, and people by display name: a name is matched through the reader's `names`
mapping (the people directory), and one that is neither an e-mail nor a known name is counted
in the report. Only the English column names are recognised.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from datetime import datetime
from typing import Final

from touchpoints.orgchart.limits import capped
from touchpoints.orgchart.table import Unreadable

from ..occurrence import Occurrence
from . import reasons
from .context import Reading, occurrence
from .people import name_key, resolve

REQUIRED: Final = ("subject", "start date", "start time", "end date", "end time")
_FORMATS: Final = (
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
)


def looks_like_outlook_csv(text: str) -> bool:
    try:
        header = next(csv.reader(io.StringIO(text[:4096], newline="")), [])
    except csv.Error:
        return False
    names = {cell.strip().lower() for cell in header}
    return all(name in names for name in REQUIRED)


def read_outlook_csv(source: str, text: str, reading: Reading) -> Iterator[Occurrence]:
    """Row by row; rows are numbered as a spreadsheet shows them (the header is row 1)."""
    records = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [cell.strip().lower() for cell in next(records)]
        column = {name: index for index, name in reversed(list(enumerate(header)))}
        for number, record in enumerate(capped(records, 2), start=2):
            cells = {name: record[at].strip() for name, at in column.items() if at < len(record)}
            kept = _row(source, number, cells, reading)
            if kept is not None:
                yield kept
    except (Unreadable, csv.Error, StopIteration) as error:
        reading.report.skip(reasons.UNREADABLE_FILE, f"{source}: {str(error)[:200]}")


def _row(source: str, number: int, cells: dict[str, str], reading: Reading) -> Occurrence | None:
    if not any(cells.values()):
        return None
    example = f"{source}: row {number}"
    try:
        start = reading.utc(_moment(cells["start date"], cells.get("start time", "")))
        end = reading.utc(
            _moment(cells.get("end date") or cells["start date"], cells.get("end time", ""))
        )
    except (KeyError, ValueError):
        reading.report.skip(reasons.UNREADABLE_ROW, example)
        return None
    if not reading.contains(start):
        return None
    if cells.get("all day event", "").lower() == "true":
        reading.report.skip(reasons.ALL_DAY, example)
        return None
    organizer_name = cells.get("meeting organizer", "")
    # Outlook often lists the organizer among the required attendees too: one person, once.
    people = {
        name_key(name): name
        for cell in ("meeting organizer", "required attendees", "optional attendees")
        for name in _names(cells.get(cell, ""))
    }
    return occurrence(
        uid=_uid(cells.get("subject", ""), start, organizer_name),
        title=cells.get("subject", ""),
        start=start,
        duration=end - start,
        organizer=resolve(organizer_name, reading.names) or "" if organizer_name else "",
        attendees=reading.people(people.values(), example),
        recurrence="",
        source=source,
    )


def _moment(day: str, time: str) -> datetime:
    text = f"{day} {time or '12:00:00 AM'}"
    for form in _FORMATS:
        try:
            return datetime.strptime(text, form)  # local time, zone added later
        except ValueError:
            continue
    raise ValueError(text)


def _names(cell: str) -> list[str]:
    return [name for name in (part.strip() for part in cell.split(";")) if name]


def _uid(subject: str, start: datetime, organizer: str) -> str:
    """A row has no UID: the same meeting exported again gets the same one."""
    key = f"{subject}\n{start.isoformat()}\n{organizer}"
    return "outlook-" + hashlib.sha256(key.encode()).hexdigest()[:32]
