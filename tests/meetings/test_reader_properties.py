"""Properties of the reader: it never raises, and a series expands as its rule says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import examples
from tests.meetings.calendars import ics_bytes, meeting, zip_bytes
from tests.meetings.reading import read

BRUSSELS = ZoneInfo("Europe/Brussels")
VALID = ics_bytes(
    meeting(
        "v",
        "Weekly",
        datetime(2026, 3, 2, 10),
        duration=timedelta(hours=1),
        organizer="ann@example.com",
        attendees=["bob@example.com"],
        rrule="FREQ=WEEKLY;COUNT=5",
        moved={datetime(2026, 3, 9, 10): datetime(2026, 3, 10, 11)},
    )
)
robust = settings(
    max_examples=examples(100), deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    """The valid calendar with a slice cut out, a slice repeated or bytes spliced in."""
    data = VALID
    start = draw(st.integers(0, len(data)))
    end = draw(st.integers(start, min(len(data), start + 200)))
    spliced = draw(st.binary(max_size=40))
    how = draw(st.sampled_from(["cut", "repeat", "splice"]))
    if how == "cut":
        return data[:start] + data[end:]
    if how == "repeat":
        return data[:end] + data[start:end] + data[end:]
    return data[:start] + spliced + data[end:]


@robust
@given(st.one_of(damaged(), st.binary(max_size=300)), st.sampled_from(["a.ics", "a.zip", "a"]))
def test_whatever_the_bytes_the_reader_counts_what_it_skips_and_never_raises(
    data: bytes, name: str
) -> None:
    for files in ([(name, data)], [("z.zip", zip_bytes({name: data}))]):
        found, report = read(*files)
        assert all(one.start.tzinfo is UTC for one in found)
        assert all(one.organizer in one.attendees for one in found if one.organizer)
        assert found or report.counts or b"VEVENT" not in data or len(data) < len(VALID)


@robust
@given(
    start=st.datetimes(datetime(2026, 1, 1), datetime(2026, 12, 1)).map(
        lambda moment: moment.replace(second=0, microsecond=0)
    ),
    count=st.integers(1, 20),
    skipped=st.sets(st.integers(0, 19)),
)
def test_a_weekly_series_keeps_its_local_time_and_loses_only_its_exdates(
    start: datetime, count: int, skipped: set[int]
) -> None:
    exdates = [start + timedelta(weeks=n) for n in skipped if n < count]
    series = meeting(
        "w", "W", start, duration=timedelta(minutes=30), rrule=f"FREQ=WEEKLY;COUNT={count}",
        exdates=exdates,
    )  # fmt: skip
    found, _ = read(("w.ics", ics_bytes(series)), since=datetime(2025, 12, 1, tzinfo=UTC),
                    until=datetime(2027, 6, 1, tzinfo=UTC))  # fmt: skip
    local = [one.start.astimezone(BRUSSELS).replace(tzinfo=None) for one in found]
    # A wall-clock time that daylight saving skips (02:30 on the last Sunday of March) is
    # moved by the zone rules; every other one is kept to the minute.
    assert len(found) == count - len(exdates)
    assert all(moment.time() == start.time() for moment in local if moment.hour != 3)


@robust
@given(cut=st.datetimes(datetime(2026, 3, 1), datetime(2026, 4, 30), timezones=st.just(UTC)))
def test_two_windows_side_by_side_read_what_one_window_over_both_reads(cut: datetime) -> None:
    series = meeting("d", "D", datetime(2026, 3, 1, 9), duration=timedelta(hours=1),
                     rrule="FREQ=DAILY;COUNT=60")  # fmt: skip
    data = ("d.ics", ics_bytes(series))
    since, until = datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 5, 1, tzinfo=UTC)
    whole, _ = read(data, since=since, until=until)
    before, _ = read(data, since=since, until=cut)
    after, _ = read(data, since=cut, until=until)
    assert before + after == whole and len(whole) == 60
