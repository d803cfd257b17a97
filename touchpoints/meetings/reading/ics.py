"""iCalendar files to Occurrences, expanded by recurring-ical-events inside the window.

The library defines the occurrences: time zones (VTIMEZONE, X-WR-TIMEZONE, Olson names),
RRULE, RDATE, EXDATE, RECURRENCE-ID overrides, DURATION, DTSTART-only events (zero length) and
an end before the start (swapped). This module only decides what an occurrence is to us: one
starting inside the window, not cancelled, not all-day, with its people as e-mails.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import recurring_ical_events
from icalendar import Calendar, Component

from ..occurrence import Occurrence
from . import reasons
from .context import Reading, is_all_day, occurrence
from .people import NOT_PEOPLE, email_of, name_key


def read_ics(source: str, text: str, reading: Reading) -> Iterator[Occurrence]:
    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except Exception as error:  # any parse failure is the file's, not ours
        reading.report.skip(reasons.UNREADABLE_FILE, f"{source}: {_short(error)}")
        return
    if not calendars:
        # icalendar returns nothing for a calendar cut short before its END:VCALENDAR.
        reading.report.skip(reasons.UNREADABLE_FILE, f"{source}: the file ends mid-calendar")
    for calendar in calendars:
        yield from _calendar_occurrences(source, calendar, reading)


def _calendar_occurrences(
    source: str, calendar: Calendar, reading: Reading
) -> Iterator[Occurrence]:
    recurrences = _recurrences_by_uid(calendar)
    for series in _series(source, calendar, reading):
        try:
            # One series at a time, inside the window: bounded however long the file.
            found = list(series.between(*reading.padded()))
        except Exception:  # a broken series is skipped, the rest still read
            reading.report.skip(reasons.UNREADABLE_EVENT, f"{source}: UID {series.uid}")
            continue
        # What an occurrence says besides its times comes from its VEVENT (the series' own or
        # a moved occurrence's), read once per VEVENT rather than once per occurrence.
        events: dict[tuple[str, object], _Event | None] = {}
        for one in found:
            key = (one.uid, one.recurrence_ids)
            if key not in events:
                events[key] = _event(source, one, recurrences, reading)
            kept = _occurrence(source, one.start, one.end, events[key], reading)
            if kept is not None:
                yield kept


def _series(source: str, calendar: Calendar, reading: Reading) -> list[Any]:
    """The calendar's series; if the whole calendar fails, each UID on its own."""
    try:
        return list(recurring_ical_events.of(calendar).series)
    except Exception:  # retried one UID at a time below
        pass
    found: list[Any] = []
    for uid, alone in _one_calendar_per_uid(calendar):
        try:
            found.extend(recurring_ical_events.of(alone).series)
        except Exception:  # this UID is unreadable; the others are not
            reading.report.skip(reasons.UNREADABLE_EVENT, f"{source}: UID {uid}")
    return found


def _one_calendar_per_uid(calendar: Calendar) -> Iterator[tuple[str, Calendar]]:
    by_uid: dict[str, list[Component]] = {}
    for event in calendar.walk("VEVENT"):
        by_uid.setdefault(str(event.get("UID", "")), []).append(event)
    for uid, events in by_uid.items():
        alone = Calendar()
        if "CALSCALE" in calendar:
            alone["CALSCALE"] = calendar["CALSCALE"]
        if _is_zone(str(calendar.get("X-WR-TIMEZONE", ""))):
            # An unknown X-WR-TIMEZONE fails every event; without it, floating times stay so.
            alone["X-WR-TIMEZONE"] = calendar["X-WR-TIMEZONE"]
        for component in [*calendar.walk("VTIMEZONE"), *events]:
            alone.add_component(component)
        yield uid, alone


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name.strip())
    except (ValueError, ZoneInfoNotFoundError):
        return False
    return bool(name.strip())


def _recurrences_by_uid(calendar: Calendar) -> dict[str, str]:
    """Each series' RRULE text, which its moved occurrences (no RRULE of their own) share."""
    found: dict[str, str] = {}
    for event in calendar.walk("VEVENT"):
        rules = event.get("RRULE")
        if rules is None or "RECURRENCE-ID" in event:
            continue
        rules = rules if isinstance(rules, list) else [rules]
        found[str(event.get("UID", ""))] = "\n".join(rule.to_ical().decode() for rule in rules)
    return found


@dataclass(frozen=True, slots=True)
class _Event:
    """What one VEVENT says about each of its occurrences."""

    uid: str
    title: str
    cancelled: bool
    organizer: str
    attendees: frozenset[str]
    recurrence: str


def _event(source: str, one: Any, recurrences: dict[str, str], reading: Reading) -> _Event | None:
    try:
        event = one.as_component(False)
        uid = str(event.get("UID") or _made_up_uid(event))
        example = f"{source}: UID {uid}"
        return _Event(
            uid=uid,
            title=str(event.get("SUMMARY", "")).strip(),
            cancelled=str(event.get("STATUS", "")).upper() == "CANCELLED",
            organizer=_email(event.get("ORGANIZER"), reading, example) or "",
            attendees=frozenset(_attendees(event, reading, example)),
            recurrence=recurrences.get(uid, ""),
        )
    except Exception:  # one unreadable VEVENT, not the whole file
        reading.report.skip(reasons.UNREADABLE_EVENT, f"{source}: UID {one.uid}")
        return None


def _occurrence(
    source: str, start: date, end: date, event: _Event | None, reading: Reading
) -> Occurrence | None:
    if event is None:
        return None
    if is_all_day(start):
        if reading.contains(reading.utc(_as_datetime(start))):
            reading.report.skip(reasons.ALL_DAY, f"{source}: UID {event.uid}")
        return None
    assert isinstance(start, datetime)
    utc_start = reading.utc(start)
    if not reading.contains(utc_start):
        return None
    if event.cancelled:
        reading.report.skip(reasons.CANCELLED, f"{source}: UID {event.uid}")
        return None
    return occurrence(
        uid=event.uid,
        title=event.title,
        start=utc_start,
        duration=reading.utc(_as_datetime(end)) - utc_start,
        organizer=event.organizer,
        attendees=set(event.attendees),
        recurrence=event.recurrence,
        source=source,
    )


def _as_datetime(moment: date) -> datetime:
    if isinstance(moment, datetime):
        return moment
    return datetime(moment.year, moment.month, moment.day)


def _attendees(event: Component, reading: Reading, example: str) -> set[str]:
    found = event.get("ATTENDEE", [])
    emails: set[str] = set()
    for attendee in found if isinstance(found, list) else [found]:
        params = attendee.params
        if params.get("PARTSTAT", "").upper() == "DECLINED":
            continue
        if params.get("CUTYPE", "").upper() in NOT_PEOPLE:
            continue
        email = _email(attendee, reading, example)
        if email:
            emails.add(email)
    return emails


def _email(address: Any, reading: Reading, example: str) -> str | None:
    """An ATTENDEE's or ORGANIZER's e-mail: its EMAIL parameter, its mailto: value, its name."""
    if address is None:
        return None
    params = getattr(address, "params", {})
    name = str(params.get("CN", "")).strip()
    email = email_of(str(params.get("EMAIL", ""))) or email_of(str(address))
    email = email or (reading.names.get(name_key(name)) if name else None)
    if email is None:
        reading.report.skip(reasons.NO_EMAIL, f"{example}: {name or str(address) or '(blank)'}")
    return email


def _made_up_uid(event: Component) -> str:
    """For an event without a UID (RFC 5545 requires one): the same event, the same UID."""
    key = "\n".join(str(event.get(name, "")) for name in ("SUMMARY", "DTSTART", "ORGANIZER"))
    return "no-uid-" + hashlib.sha256(key.encode()).hexdigest()[:24]


def _short(error: Exception) -> str:
    return (str(error) or type(error).__name__).splitlines()[0][:200]
