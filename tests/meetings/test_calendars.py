"""The generated-calendar builder writes what it says, read back by the libraries themselves."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta

import recurring_ical_events
from icalendar import Calendar

from tests.meetings.calendars import (
    OutlookRow,
    declined,
    ics_bytes,
    meeting,
    outlook_csv_bytes,
)


def test_a_weekly_meeting_has_its_exdate_moved_and_cancelled_occurrences() -> None:
    weekly = meeting(
        "w1",
        "Weekly",
        datetime(2026, 3, 23, 10),
        duration=timedelta(hours=1),
        organizer="ann@example.com",
        attendees=["bob@example.com", declined("cy@example.com")],
        rrule="FREQ=WEEKLY;COUNT=5",
        exdates=[datetime(2026, 3, 30, 10)],
        moved={datetime(2026, 4, 6, 10): datetime(2026, 4, 7, 14)},
        cancelled=[datetime(2026, 4, 13, 10)],
    )
    calendar = Calendar.from_ical(ics_bytes(weekly))
    events = recurring_ical_events.of(calendar).between(date(2026, 3, 1), date(2026, 5, 1))
    starts = sorted((e.start.isoformat(), str(e.get("STATUS", ""))) for e in events)
    assert starts == [
        ("2026-03-23T10:00:00+01:00", ""),
        ("2026-04-07T14:00:00+02:00", ""),
        ("2026-04-13T10:00:00+02:00", "CANCELLED"),
        ("2026-04-20T10:00:00+02:00", ""),
    ]
    assert "VTIMEZONE" in ics_bytes(weekly).decode()
    assert "VTIMEZONE" not in ics_bytes(weekly, with_vtimezone=False).decode()


def test_an_outlook_export_writes_us_dates_and_twelve_hour_times_in_its_encoding() -> None:
    row = OutlookRow(
        "Budget", datetime(2026, 1, 5, 13), datetime(2026, 1, 5, 14), "Ann Lée", ["Bob", "Cy"]
    )
    data = outlook_csv_bytes([row])
    assert "Lée".encode("cp1252") in data
    record = next(csv.DictReader(io.StringIO(data.decode("cp1252"))))
    assert (record["Start Date"], record["Start Time"], record["End Time"]) == (
        "1/5/2026",
        "1:00:00 PM",
        "2:00:00 PM",
    )
    assert record["Required Attendees"] == "Bob;Cy"
    assert outlook_csv_bytes([row], encoding="utf-8-sig").startswith(b"\xef\xbb\xbf")
