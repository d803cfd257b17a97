"""The reader on generated iCalendar files: recurrence, time zones, lengths, people, window."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.meetings.calendars import (
    Attendee,
    declined,
    ics_bytes,
    meeting,
    resource,
    room,
)
from tests.meetings.reading import read, utc
from touchpoints.meetings.reading import reasons

HOUR = timedelta(hours=1)


def weekly(**changes: object) -> bytes:
    return ics_bytes(
        meeting(
            "weekly-1",
            "Finance systems weekly",
            datetime(2026, 2, 2, 10),
            duration=HOUR,
            organizer="Ann@Example.com",
            attendees=["bob@example.com"],
            rrule="FREQ=WEEKLY;COUNT=6",
            **changes,  # type: ignore[arg-type]  # the keywords of meeting()
        )
    )


def test_a_weekly_series_skips_its_exdate_moves_one_and_drops_a_cancelled_one() -> None:
    data = weekly(
        exdates=[datetime(2026, 2, 9, 10)],
        moved={datetime(2026, 2, 16, 10): datetime(2026, 2, 18, 15)},
        cancelled=[datetime(2026, 2, 23, 10)],
    )
    found, report = read(("team.ics", data))
    assert [one.start for one in found] == [
        utc(2026, 2, 2, 9), utc(2026, 2, 18, 14), utc(2026, 3, 2, 9), utc(2026, 3, 9, 9),
    ]  # fmt: skip
    assert {one.recurrence for one in found} == {"FREQ=WEEKLY;COUNT=6"}
    assert {one.uid for one in found} == {"weekly-1"}
    assert dict(report.counts) == {reasons.CANCELLED: 1}
    assert report.examples[reasons.CANCELLED] == ["team.ics: UID weekly-1"]


def test_an_rdate_adds_an_occurrence_to_the_series() -> None:
    found, _ = read(("team.ics", weekly(rdates=[datetime(2026, 2, 4, 16)])))
    assert len(found) == 7 and found[1].start == utc(2026, 2, 4, 15)


def test_a_cancelled_meeting_has_every_occurrence_counted_and_none_kept() -> None:
    found, report = read(("team.ics", weekly(status="CANCELLED")))
    assert found == [] and report.counts[reasons.CANCELLED] == 6


def test_a_series_keeps_its_local_time_across_daylight_saving_with_or_without_vtimezone() -> None:
    series = meeting(
        "dst", "Standup", datetime(2026, 3, 25, 9, 30), duration=HOUR, rrule="FREQ=DAILY;COUNT=7"
    )
    for data in (ics_bytes(series), ics_bytes(series, with_vtimezone=False)):
        found, _ = read(("dst.ics", data))
        # Brussels moves from UTC+1 to UTC+2 on Sunday 29 March 2026 at 02:00.
        assert [one.start.hour for one in found] == [8, 8, 8, 8, 7, 7, 7]
        assert {one.duration for one in found} == {HOUR}


def test_times_in_utc_and_in_another_zone_are_both_given_in_utc() -> None:
    in_utc = meeting("u", "UTC", datetime(2026, 6, 1, 12), end=datetime(2026, 6, 1, 13), tz="UTC")
    in_new_york = meeting("n", "NY", datetime(2026, 6, 1, 8), duration=HOUR, tz="America/New_York")
    found, _ = read(("zones.ics", ics_bytes(in_utc, in_new_york)))
    assert [(one.uid, one.start) for one in found] == [
        ("n", utc(2026, 6, 1, 12)),
        ("u", utc(2026, 6, 1, 12)),
    ]


def test_a_floating_time_is_read_in_the_zone_the_caller_gives() -> None:
    data = ics_bytes(meeting("f", "Floating", datetime(2026, 6, 1, 9), duration=HOUR, tz=None))
    found, _ = read(("f.ics", data), floating=ZoneInfo("Europe/Brussels"))
    assert found[0].start == utc(2026, 6, 1, 7)
    found, _ = read(("f.ics", data))
    assert found[0].start == utc(2026, 6, 1, 9)


def test_an_event_has_the_length_of_its_dtend_or_duration_and_none_without_either() -> None:
    start = datetime(2026, 5, 4, 14)
    data = ics_bytes(
        meeting("end", "End", start, start + timedelta(minutes=45)),
        meeting("duration", "Duration", start, duration=timedelta(minutes=90)),
        meeting("neither", "Start only", start),
    )
    found, _ = read(("lengths.ics", data))
    lengths = {one.uid: one.duration for one in found}
    assert lengths == {
        "end": timedelta(minutes=45),
        "duration": timedelta(minutes=90),
        "neither": timedelta(0),
    }


def test_an_all_day_event_is_not_a_meeting_and_each_day_in_the_window_is_counted() -> None:
    holiday = meeting(
        "off", "Team day off", date(2026, 12, 28), date(2026, 12, 29), rrule="FREQ=DAILY;COUNT=7"
    )
    found, report = read(("days.ics", ics_bytes(holiday)))
    # 28 December 2026 to 3 January 2027: four days inside a window ending with 2026.
    assert found == [] and report.counts[reasons.ALL_DAY] == 4


def test_people_are_lower_cased_e_mails_without_decliners_and_rooms_with_the_organizer() -> None:
    data = ics_bytes(
        meeting(
            "people",
            "Service review",
            datetime(2026, 4, 1, 10),
            duration=HOUR,
            organizer=Attendee("Ann.Lee@Example.COM", name="Ann Lee"),
            attendees=[
                "Bob@Example.com",
                Attendee("cy@example.com", partstat="TENTATIVE"),
                Attendee("di@example.com", partstat="NEEDS-ACTION", role="OPT-PARTICIPANT"),
                declined("ed@example.com"),
                room("room-4@example.com"),
                resource("projector@example.com"),
            ],
        )
    )
    [one], report = read(("p.ics", data))
    assert one.organizer == "ann.lee@example.com"
    assert one.attendees == frozenset(
        {"ann.lee@example.com", "bob@example.com", "cy@example.com", "di@example.com"}
    )
    assert not report.counts


def test_an_attendee_without_an_e_mail_is_matched_by_name_or_counted() -> None:
    text = ics_bytes(
        meeting(
            "names",
            "Planning",
            datetime(2026, 4, 1, 10),
            duration=HOUR,
            attendees=["x@example.com"],
        )
    ).decode()
    text = text.replace(
        "END:VEVENT",
        "ATTENDEE;CN=Zoë  Quinn:urn:uuid:1234\r\nATTENDEE;CN=Nobody Known:invalid:nomail\r\n"
        "ATTENDEE;EMAIL=Pat@Example.com;CN=Pat:urn:uuid:99\r\nEND:VEVENT",
    )
    [one], report = read(("n.ics", text.encode()), names={"zoë quinn": "zoe@example.com"})
    assert one.attendees == frozenset({"x@example.com", "zoe@example.com", "pat@example.com"})
    assert report.counts[reasons.NO_EMAIL] == 1
    assert report.examples[reasons.NO_EMAIL] == ["n.ics: UID names: Nobody Known"]


def test_the_window_keeps_what_starts_at_since_and_leaves_what_starts_at_until() -> None:
    series = meeting(
        "edge", "Edge", datetime(2026, 1, 1, 0), duration=HOUR, tz="UTC", rrule="FREQ=DAILY"
    )
    found, _ = read(("e.ics", ics_bytes(series)), since=utc(2026, 1, 5), until=utc(2026, 1, 8))
    # The occurrence of the 4th is still running at `since` and is not kept either.
    assert [one.start.day for one in found] == [5, 6, 7]


def test_a_meeting_in_two_exports_is_read_once() -> None:
    data = weekly()
    found, report = read(("ann.ics", data), ("bob.ics", data))
    assert len(found) == 6 and {one.source for one in found} == {"ann.ics"}
    assert report.counts[reasons.DUPLICATE] == 6
    assert report.examples[reasons.DUPLICATE] == ["bob.ics: UID weekly-1"]


def test_only_metadata_leaves_the_reader() -> None:
    data = weekly(description="Salary review of Bob: secret", location="Secret room 7")
    found, _ = read(("m.ics", data))
    for one in found:
        assert "secret" not in repr(dataclasses.astuple(one)).lower()


def test_a_broken_event_is_skipped_with_its_uid_and_the_others_are_read() -> None:
    good = meeting("good", "Good", datetime(2026, 2, 2, 10), duration=HOUR)
    bad = meeting("bad", "Bad", datetime(2026, 2, 3, 10), duration=HOUR, rrule="FREQ=WEEKLY")
    broken = ics_bytes(good, bad).replace(b"RRULE:FREQ=WEEKLY", b"RRULE:FREQ=SOMETIMES")
    found, report = read(("b.ics", broken))
    assert [one.uid for one in found] == ["good"]
    assert report.examples[reasons.UNREADABLE_EVENT] == ["b.ics: UID bad"]


def test_an_event_with_a_broken_start_is_skipped_and_counted() -> None:
    good = meeting("good", "Good", datetime(2026, 2, 2, 10), duration=HOUR)
    bad = meeting("bad", "Bad", datetime(2026, 2, 3, 10), duration=HOUR)
    broken = ics_bytes(good, bad).replace(b"20260203T100000", b"2026-02-0")
    found, report = read(("b.ics", broken))
    assert [one.uid for one in found] == ["good"]
    assert report.counts[reasons.UNREADABLE_EVENT] == 1


def test_an_unknown_calendar_time_zone_is_ignored_rather_than_failing_every_event() -> None:
    data = ics_bytes(meeting("a", "A", datetime(2026, 2, 2, 10), duration=HOUR, tz=None))
    data = data.replace(b"VERSION:2.0", b"VERSION:2.0\r\nX-WR-TIMEZONE:Nowhere/Land")
    [one], report = read(("x.ics", data))
    assert one.start == utc(2026, 2, 2, 10) and not report.counts


def test_an_event_without_a_uid_gets_the_same_made_up_uid_each_time() -> None:
    data = ics_bytes(meeting("x", "No UID", datetime(2026, 2, 2, 10), duration=HOUR))
    data = data.replace(b"UID:x\r\n", b"")
    [first], _ = read(("a.ics", data))
    [again], _ = read(("a.ics", data))
    assert first.uid == again.uid and first.uid.startswith("no-uid-")


def test_a_file_with_two_calendars_gives_the_meetings_of_both() -> None:
    one = ics_bytes(meeting("one", "One", datetime(2026, 2, 2, 10), duration=HOUR))
    two = ics_bytes(meeting("two", "Two", datetime(2026, 2, 3, 10), duration=HOUR))
    found, _ = read(("both.ics", one + two))
    assert [occurrence.uid for occurrence in found] == ["one", "two"]
