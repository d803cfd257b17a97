"""Calendars written in memory for the meeting reader's and the meeting import's tests.

Built with icalendar's own classes, so a file is what a real calendar program writes, not what
the reader expects. A start is a naive datetime read in `tz` (an Olson name, "UTC", or None for a
floating time), an aware datetime taken as is, or a date for an all-day event:

    weekly = meeting("w1", "Finance systems weekly", datetime(2026, 1, 5, 10),
                     duration=timedelta(hours=1), organizer="ann@example.com",
                     attendees=["bob@example.com", declined("cy@example.com"), room("r1@x.com")],
                     rrule="FREQ=WEEKLY;COUNT=10", exdates=[datetime(2026, 1, 12, 10)],
                     moved={datetime(2026, 1, 19, 10): datetime(2026, 1, 20, 14)},
                     cancelled=[datetime(2026, 1, 26, 10)])
    data = ics_bytes(weekly, one_off, with_vtimezone=True)
    csv_data = outlook_csv_bytes([OutlookRow("Budget", datetime(...), datetime(...), "Ann Lee",
                                             required=["Bob Ray"])], encoding="cp1252")
"""

from __future__ import annotations

import csv
import io
import random
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vCalAddress, vRecur

type Moment = datetime | date


@dataclass(frozen=True, slots=True)
class Attendee:
    """An ATTENDEE line: its address and the parameters the reader looks at."""

    email: str
    name: str = ""
    partstat: str = "ACCEPTED"
    cutype: str = "INDIVIDUAL"
    role: str = "REQ-PARTICIPANT"


def declined(email: str) -> Attendee:
    return Attendee(email, partstat="DECLINED")


def room(email: str) -> Attendee:
    return Attendee(email, cutype="ROOM", role="NON-PARTICIPANT")


def resource(email: str) -> Attendee:
    return Attendee(email, cutype="RESOURCE", role="NON-PARTICIPANT")


@dataclass(frozen=True, slots=True)
class Meeting:
    """A meeting's VEVENTs: the master first, then its moved and cancelled occurrences."""

    events: tuple[Event, ...]


def meeting(
    uid: str,
    title: str,
    start: Moment,
    end: Moment | None = None,
    *,
    duration: timedelta | None = None,
    organizer: str | Attendee | None = None,
    attendees: Iterable[str | Attendee] = (),
    rrule: str | None = None,
    rdates: Iterable[Moment] = (),
    exdates: Iterable[Moment] = (),
    tz: str | None = "Europe/Brussels",
    status: str | None = None,
    moved: Mapping[Moment, Moment] | None = None,
    cancelled: Iterable[Moment] = (),
    description: str | None = None,
    location: str | None = None,
) -> Meeting:
    """One meeting; with neither `end` nor `duration` the event has DTSTART only.

    `moved` maps an occurrence's original start to its new start (a RECURRENCE-ID override of
    the same length); `cancelled` lists original starts whose override says STATUS:CANCELLED.
    """
    people = [_as_attendee(person) for person in attendees]
    boss = _as_attendee(organizer) if organizer is not None else None
    master = _event(uid, title, _moment(start, tz), boss, people, description, location)
    if end is not None:
        master.add("dtend", _moment(end, tz))
    if duration is not None:
        master.add("duration", duration)
    if rrule is not None:
        master.add("rrule", vRecur.from_ical(rrule))
    for rdate in rdates:
        master.add("rdate", _moment(rdate, tz))
    for exdate in exdates:
        master.add("exdate", _moment(exdate, tz))
    if status is not None:
        master.add("status", status)
    length = _length(start, end, duration)
    overrides = [
        _override(master, _moment(original, tz), _moment(new, tz), length)
        for original, new in (moved or {}).items()
    ]
    for original in cancelled:
        when = _moment(original, tz)
        override = _override(master, when, when, length)
        override.add("status", "CANCELLED")
        overrides.append(override)
    return Meeting((master, *overrides))


def ics_calendar(*meetings: Meeting, with_vtimezone: bool = True) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Convergence tests//calendars.py//EN")
    calendar.add("version", "2.0")
    for one in meetings:
        for event in one.events:
            calendar.add_component(event)
    if with_vtimezone:
        calendar.add_missing_timezones()
    return calendar


def ics_bytes(*meetings: Meeting, with_vtimezone: bool = True) -> bytes:
    """The .ics file of `meetings`; without VTIMEZONE components a TZID names an Olson zone."""
    data: bytes = ics_calendar(*meetings, with_vtimezone=with_vtimezone).to_ical()
    return data


def zip_bytes(files: Mapping[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@dataclass(frozen=True, slots=True)
class OutlookRow:
    """One row of Outlook's "Export to a file" CSV: people by display name, as Outlook writes."""

    subject: str
    start: datetime
    end: datetime
    organizer: str = ""
    required: Sequence[str] = ()
    optional: Sequence[str] = ()
    all_day: bool = False
    description: str = ""
    location: str = ""
    resources: Sequence[str] = field(default_factory=tuple)


OUTLOOK_COLUMNS = (
    "Subject",
    "Start Date",
    "Start Time",
    "End Date",
    "End Time",
    "All day event",
    "Reminder on/off",
    "Reminder Date",
    "Reminder Time",
    "Meeting Organizer",
    "Required Attendees",
    "Optional Attendees",
    "Meeting Resources",
    "Billing Information",
    "Categories",
    "Description",
    "Location",
    "Mileage",
    "Priority",
    "Private",
    "Sensitivity",
    "Show time as",
)


def outlook_csv_bytes(rows: Iterable[OutlookRow], *, encoding: str = "cp1252") -> bytes:
    """Outlook's CSV export: US dates (1/5/2026), 12-hour times (9:00:00 AM), ';' lists.

    Outlook writes the system's ANSI code page (Windows-1252 in western Europe) or, in newer
    versions, UTF-8 with a BOM ("utf-8-sig"); every cell is quoted and lines end in CRLF.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(OUTLOOK_COLUMNS)
    for row in rows:
        writer.writerow(_outlook_cells(row))
    return buffer.getvalue().encode(encoding)


def outlook_date(moment: datetime) -> str:
    return f"{moment.month}/{moment.day}/{moment.year}"


def outlook_time(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    half = "AM" if moment.hour < 12 else "PM"
    return f"{hour}:{moment.minute:02d}:{moment.second:02d} {half}"


def _outlook_cells(row: OutlookRow) -> list[str]:
    return [
        row.subject,
        outlook_date(row.start),
        outlook_time(row.start),
        outlook_date(row.end),
        outlook_time(row.end),
        "True" if row.all_day else "False",
        "False",
        "",
        "",
        row.organizer,
        ";".join(row.required),
        ";".join(row.optional),
        ";".join(row.resources),
        "",
        "",
        row.description,
        row.location,
        "",
        "Normal",
        "False",
        "Normal",
        "2",
    ]


def _as_attendee(person: str | Attendee) -> Attendee:
    return person if isinstance(person, Attendee) else Attendee(person)


def _address(person: Attendee) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["CN"] = person.name
    return address


def _event(
    uid: str,
    title: str,
    start: Moment,
    organizer: Attendee | None,
    people: list[Attendee],
    description: str | None,
    location: str | None,
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", title)
    event.add("dtstamp", datetime(2026, 1, 1, tzinfo=ZoneInfo("UTC")))
    event.add("dtstart", start)
    if organizer is not None:
        event.add("organizer", _address(organizer))
    for person in people:
        event.add(
            "attendee",
            _address(person),
            parameters={"PARTSTAT": person.partstat, "CUTYPE": person.cutype, "ROLE": person.role},
        )
    if description is not None:
        event.add("description", description)
    if location is not None:
        event.add("location", location)
    return event


def _override(master: Event, original: Moment, new: Moment, length: timedelta | None) -> Event:
    """A RECURRENCE-ID override of `master`: same UID, title and people, a new start."""
    override = Event()
    for name in ("UID", "SUMMARY", "DTSTAMP", "ORGANIZER", "ATTENDEE"):
        if name in master:
            override[name] = master[name]
    override.add("recurrence-id", original)
    override.add("dtstart", new)
    if length is not None:
        override.add("dtend", new + length)
    return override


def _length(start: Moment, end: Moment | None, duration: timedelta | None) -> timedelta | None:
    if duration is not None:
        return duration
    if end is not None:
        return end - start
    return None


def _moment(value: Moment, tz: str | None) -> Moment:
    """`value` as the event writes it: a date, an aware datetime, or a floating one."""
    if not isinstance(value, datetime) or value.tzinfo is not None or tz is None:
        return value
    return value.replace(tzinfo=ZoneInfo(tz))


_MONTH = timedelta(weeks=4)


def busy_year(
    emails: Sequence[str],
    *,
    occurrences: int = 100_000,
    first_monday: datetime = datetime(2025, 1, 6, 9),
    seed: int = 13,
) -> list[Meeting]:
    """About `occurrences` meeting occurrences in the 52 weeks from `first_monday`.

    Weekly series (85% of them), monthly ones (5%) and one-off meetings (10%) of 3 to 8 of
    `emails`; one weekly series in twenty has a moved and a cancelled occurrence. The issue's
    benchmark is 100,000 occurrences, a year of a 2,000-person organisation.
    """
    rng = random.Random(seed)
    weekly, monthly = int(occurrences * 0.85) // 52, int(occurrences * 0.05) // 12
    found: list[Meeting] = []
    for index in range(weekly + monthly):
        start = first_monday + timedelta(days=rng.randrange(5), hours=rng.randrange(9))
        rule = "FREQ=WEEKLY;COUNT=52" if index < weekly else "FREQ=MONTHLY;COUNT=12"
        later = start + timedelta(weeks=4 * rng.randrange(1, 12))
        changes: dict[str, Any] = {}
        if index < weekly and index % 20 == 0:
            changes = {"moved": {later: later + timedelta(hours=2)}, "cancelled": [later + _MONTH]}
        found.append(_generated(rng, emails, f"series-{index}", start, rrule=rule, **changes))
    one_offs = occurrences - 52 * weekly - 12 * monthly
    for index in range(one_offs):
        day = first_monday + timedelta(days=rng.randrange(364), hours=rng.randrange(9))
        found.append(_generated(rng, emails, f"one-off-{index}", day))
    return found


def _generated(
    rng: random.Random, emails: Sequence[str], uid: str, start: datetime, **extra: Any
) -> Meeting:
    people = rng.sample(emails, rng.randint(3, 8))
    return meeting(
        uid,
        f"Meeting {uid}",
        start,
        duration=timedelta(minutes=rng.choice((30, 45, 60, 90))),
        organizer=people[0],
        attendees=people[1:],
        **extra,
    )
