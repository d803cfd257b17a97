"""The real iCalendar files of ../shared/data/calendars read by the reader, one test per quirk.

The files come from recurring-ical-events' own test suite; the expected occurrences below are
those its tests assert (and a reading of each file by hand), as the reader reports them: start
in UTC, duration, people as e-mails.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from touchpoints.meetings.occurrence import Occurrence, SkipReport
from touchpoints.meetings.reading import read_calendar_files, reasons

REAL_FILES = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "calendars"
NAMES = sorted(path.name for path in REAL_FILES.glob("*.ics"))


def utc(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


def read(name: str, since: datetime, until: datetime) -> tuple[list[Occurrence], SkipReport]:
    path = REAL_FILES / name
    if not path.exists():
        pytest.skip(f"{path} is absent (a clone outside the workplace)")
    report = SkipReport()
    found = read_calendar_files(
        [(name, path.read_bytes())], since=since, until=until, report=report
    )
    return sorted(found, key=lambda one: one.start), report


@pytest.mark.parametrize("name", NAMES or ["issue_48_dst.ics"])
def test_every_real_file_is_read_without_an_unreadable_part(name: str) -> None:
    found, report = read(name, utc(2000, 1, 1), utc(2030, 1, 1))
    unreadable = {reasons.UNREADABLE_FILE, reasons.UNREADABLE_EVENT, reasons.NOT_A_CALENDAR}
    assert not unreadable & set(report.counts)
    assert found or report.counts[reasons.ALL_DAY]
    assert all(one.start.tzinfo is UTC and one.source == name for one in found)


def test_google_weekly_series_keep_their_local_time_across_daylight_saving() -> None:
    found, _ = read("issue_48_dst.ics", utc(2020, 10, 16), utc(2020, 11, 21))
    # Event#4 (m4dpn70), Fridays 14:15 in Chicago: CDT (UTC-5) until 1 November, then CST
    # (UTC-6); its EXDATEs drop 23 October and 6 November.
    fridays = [one.start for one in found if one.uid == "m4dpn70@google.com"]
    assert fridays == [utc(2020, 10, 16, 19, 15), utc(2020, 10, 30, 19, 15),
                       utc(2020, 11, 13, 20, 15), utc(2020, 11, 20, 20, 15)]  # fmt: skip


def test_google_series_give_the_three_meetings_of_a_friday_afternoon_in_chicago() -> None:
    # recurring-ical-events' own test: 3 events between 10:00 and 15:00 (CST) on 11 December.
    found, _ = read("issue_48_dst.ics", utc(2020, 12, 11, 16), utc(2020, 12, 11, 21))
    assert [(one.start, one.title) for one in found] == [
        (utc(2020, 12, 11, 16, 15), "Event#2"),
        (utc(2020, 12, 11, 18, 30), "Event#3"),
        (utc(2020, 12, 11, 20, 15), "Event#4"),
    ]
    assert {one.duration for one in found} == {timedelta(minutes=15)}
    assert found[0].recurrence == "FREQ=WEEKLY;WKST=MO"


def test_google_series_with_an_until_stop_at_it_and_skip_their_exdates() -> None:
    # p1lg: weekdays 08:15 CDT from 15 September, UNTIL 23 September 04:59:59Z, EXDATE the 16th.
    found, _ = read("issue_48_dst.ics", utc(2020, 9, 14), utc(2020, 9, 30))
    days = [one.start.day for one in found if one.uid == "p1lg@google.com"]
    assert days == [15, 17, 18, 21, 22]


def test_a_google_monthly_occurrence_moved_by_recurrence_id_counts_once_on_its_new_day() -> None:
    # Last Friday of the month at 21:30 in Berlin; 31 December 2021 moved to the 17th.
    found, _ = read("issue_62_moved_event.ics", utc(2021, 12, 1), utc(2022, 1, 1))
    assert [(one.start, one.title) for one in found] == [(utc(2021, 12, 17, 20, 30), "Karaoke")]
    assert found[0].recurrence == "FREQ=MONTHLY;BYDAY=-1FR"


def test_thunderbird_moved_occurrences_take_their_new_time_and_title() -> None:
    found, _ = read("recurring_events_moved.ics", utc(2019, 3, 1), utc(2019, 4, 1))
    assert [(one.start, one.title) for one in found] == [
        # "New Event" daily at 02:00 (CET); the 8th moved to 01:00, the 9th to 03:00.
        (utc(2019, 3, 7, 1), "New Event"),
        (utc(2019, 3, 8, 0), "New Event"),
        (utc(2019, 3, 9, 2), "New Event"),
        (utc(2019, 3, 10, 1), "New Event"),
        # "test7" daily at 04:00; the 19th edited (a new title).
        (utc(2019, 3, 18, 3), "test7"),
        (utc(2019, 3, 19, 3), "test7 - edited"),
        (utc(2019, 3, 20, 3), "test7"),
    ]
    # The moved ones carry both DTEND and DURATION:PT0S; DTEND wins, as the library reads it.
    assert {one.duration for one in found} == {timedelta(hours=1)}
    assert found[1].recurrence == "FREQ=DAILY;UNTIL=20190310T010000Z"


def test_android_exdates_in_utc_remove_their_local_occurrences() -> None:
    found, _ = read("issue_20_exdate_ignored.ics", utc(2019, 10, 1), utc(2020, 3, 1))
    # Tuesdays 16:15 in Berlin; nine EXDATEs given in UTC; UNTIL one second before 4 February.
    assert [one.start.date().isoformat() for one in found] == [
        "2019-10-29", "2019-11-12", "2019-12-10", "2020-01-07", "2020-01-14", "2020-01-21",
        "2020-01-28",
    ]  # fmt: skip
    assert found[0].start == utc(2019, 10, 29, 15, 15)
    assert {one.duration for one in found} == {timedelta(hours=1, minutes=30)}


def test_an_all_day_weekly_series_is_not_a_meeting_and_is_counted_as_skipped() -> None:
    # "WfH" every Thursday, all day; February and March 2019 have 8 Thursdays, 4 in EXDATEs.
    found, report = read("issue_4.ics", utc(2019, 2, 1), utc(2019, 4, 1))
    assert found == []
    assert report.counts[reasons.ALL_DAY] == 4
    assert report.examples[reasons.ALL_DAY] == [
        "issue_4.ics: UID 20190119T053217Z--1927336845@domain.com"
    ]


def test_a_meeting_with_an_alarm_inside_keeps_its_people_but_not_its_rooms() -> None:
    found, _ = read("subcomponents.ics", utc(2019, 5, 1), utc(2019, 6, 1))
    [one] = found
    # Four attendees and the organizer share one redacted address; two rooms are resources.
    assert one.attendees == frozenset({"redacted@example.com"})
    assert one.organizer == "redacted@example.com"
    assert (one.start, one.duration) == (utc(2019, 5, 27, 12), timedelta(hours=2, minutes=30))


def test_an_event_ending_before_it_starts_is_read_with_its_times_swapped() -> None:
    found, _ = read("issue_132_swapped_start_and_end.ics", utc(2023, 12, 1), utc(2024, 1, 1))
    # DTSTART 23:45, DTEND 23:30 (Paris); the VTODO with the same UID is not a meeting.
    [one] = found
    assert (one.start, one.duration) == (utc(2023, 12, 18, 22, 30), timedelta(minutes=15))
    assert one.attendees == frozenset({"aaa@yyy.zzz", "xxx@yyy.zzz"})
    assert one.organizer == "aaa@yyy.zzz"


def test_a_forum_export_without_dtend_gives_a_meeting_of_no_length() -> None:
    found, _ = read("discourse_no_dtend.ics", utc(2019, 1, 1), utc(2020, 1, 1))
    # X-WR-TIMEZONE Europe/Berlin and four copies of its VTIMEZONE; one event has no DTEND.
    assert [(one.start, one.duration) for one in found] == [
        (utc(2019, 1, 17, 17, 0, 25), timedelta(0)),
        (utc(2019, 2, 28, 14, 0, 14), timedelta(hours=3, minutes=30)),
        (utc(2019, 3, 1, 17, 0, 35), timedelta(hours=3)),
        (utc(2019, 5, 11, 11, 0, 21), timedelta(hours=7)),
    ]
    assert found[0].title == "2019-01-17 openLab"
