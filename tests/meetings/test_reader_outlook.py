"""Outlook's CSV calendar export read by the reader: encodings, US dates, people by name."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.meetings.calendars import OutlookRow, outlook_csv_bytes
from tests.meetings.reading import read, utc
from touchpoints.meetings.reading import name_key, reasons

BRUSSELS = ZoneInfo("Europe/Brussels")
DIRECTORY = {
    name_key("Lée, Ann"): "ann.lee@example.com",
    name_key("Bob Ray"): "bob.ray@example.com",
    name_key("Zoë Quinn"): "zoe@example.com",
}


def budget_review(**changes: object) -> OutlookRow:
    row = OutlookRow(
        "Budget review – Finance & Apps",
        datetime(2026, 3, 5, 13, 30),
        datetime(2026, 3, 5, 14, 15),
        "Lée, Ann",
        required=["Bob Ray", "pat@example.com"],
        optional=["Zoë Quinn"],
        resources=["Room 4"],
    )
    return dataclasses.replace(row, **changes)  # type: ignore[arg-type]  # OutlookRow's fields


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8-sig", "utf-16"])
def test_an_outlook_export_gives_its_meetings_in_any_encoding_outlook_writes(
    encoding: str,
) -> None:
    data = outlook_csv_bytes([budget_review()], encoding=encoding)
    [one], report = read(("calendar.csv", data), floating=BRUSSELS, names=DIRECTORY)
    assert one.title == "Budget review – Finance & Apps"
    # 1:30 PM in Brussels (UTC+1 in March, before the change on the 29th).
    assert (one.start, one.duration) == (utc(2026, 3, 5, 12, 30), timedelta(minutes=45))
    assert one.organizer == "ann.lee@example.com"
    assert one.attendees == frozenset(
        {"ann.lee@example.com", "bob.ray@example.com", "pat@example.com", "zoe@example.com"}
    )
    assert (one.recurrence, one.source) == ("", "calendar.csv")
    assert not report.counts


def test_a_name_that_is_not_in_the_directory_is_counted_and_left_out() -> None:
    data = outlook_csv_bytes([budget_review(optional=["Unknown Person"])])
    [one], report = read(("c.csv", data), names=DIRECTORY)
    assert "zoe@example.com" not in one.attendees and len(one.attendees) == 3
    assert report.examples[reasons.NO_EMAIL] == ["c.csv: row 2: Unknown Person"]


def test_without_a_directory_only_the_people_written_as_e_mails_are_kept() -> None:
    [one], report = read(("c.csv", outlook_csv_bytes([budget_review()])))
    assert one.organizer == "" and one.attendees == frozenset({"pat@example.com"})
    assert report.counts[reasons.NO_EMAIL] == 3


def test_an_organizer_also_listed_as_an_attendee_is_one_person_and_counted_once() -> None:
    row = budget_review(organizer="Unknown Person", required=["unknown  person", "Bob Ray"])
    [one], report = read(("c.csv", outlook_csv_bytes([row])), names=DIRECTORY)
    assert one.organizer == "" and "bob.ray@example.com" in one.attendees
    assert report.counts[reasons.NO_EMAIL] == 1


def test_twelve_hour_times_read_midnight_and_noon_right() -> None:
    rows = [
        budget_review(start=datetime(2026, 3, 6, 0, 5), end=datetime(2026, 3, 6, 0, 35)),
        budget_review(start=datetime(2026, 3, 6, 12, 5), end=datetime(2026, 3, 6, 13, 0)),
    ]
    found, _ = read(("c.csv", outlook_csv_bytes(rows)), names=DIRECTORY)
    assert [(one.start, one.duration) for one in found] == [
        (utc(2026, 3, 6, 0, 5), timedelta(minutes=30)),
        (utc(2026, 3, 6, 12, 5), timedelta(minutes=55)),
    ]


def test_an_all_day_row_is_counted_as_not_a_meeting() -> None:
    day_off = budget_review(
        subject="Off", start=datetime(2026, 3, 9), end=datetime(2026, 3, 10), all_day=True
    )
    found, report = read(("c.csv", outlook_csv_bytes([day_off, budget_review()])), names=DIRECTORY)
    assert [one.title for one in found] == ["Budget review – Finance & Apps"]
    assert report.examples[reasons.ALL_DAY] == ["c.csv: row 2"]


def test_a_row_with_a_date_outlook_does_not_write_is_counted_with_its_row_number() -> None:
    text = outlook_csv_bytes([budget_review(), budget_review()]).decode("cp1252")
    lines = text.split("\r\n")
    lines[2] = lines[2].replace('"3/5/2026","1:30:00 PM"', '"25.03.2026","13h30"', 1)
    found, report = read(("c.csv", "\r\n".join(lines).encode("cp1252")), names=DIRECTORY)
    assert len(found) == 1
    assert report.examples[reasons.UNREADABLE_ROW] == ["c.csv: row 3"]


def test_rows_outside_the_window_are_left_out_without_a_word() -> None:
    rows = [budget_review(start=datetime(2025, 12, 31, 9), end=datetime(2025, 12, 31, 10))]
    found, report = read(("c.csv", outlook_csv_bytes(rows)))
    assert found == [] and not report.counts


def test_a_row_keeps_its_uid_when_exported_again_and_twice_is_read_once() -> None:
    data = outlook_csv_bytes([budget_review(), budget_review(subject="Other")])
    found, report = read(("ann.csv", data), ("bob.csv", data), names=DIRECTORY)
    assert len(found) == 2 and len({one.uid for one in found}) == 2
    assert all(one.uid.startswith("outlook-") for one in found)
    assert report.counts[reasons.DUPLICATE] == 2
    again, _ = read(("ann.csv", data), names=DIRECTORY)
    assert {one.uid for one in again} == {one.uid for one in found}


def test_an_outlook_rows_description_and_location_never_leave_the_reader() -> None:
    row = budget_review(description="Confidential: layoffs", location="Confidential wing")
    [one], _ = read(("c.csv", outlook_csv_bytes([row])), names=DIRECTORY)
    assert "confidential" not in repr(dataclasses.astuple(one)).lower()
