"""Reading generated files with the calendar reader, for the reader's own tests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo

from touchpoints.meetings.occurrence import Occurrence, SkipReport
from touchpoints.meetings.reading import read_calendar_files

SINCE = datetime(2026, 1, 1, tzinfo=UTC)
UNTIL = datetime(2027, 1, 1, tzinfo=UTC)


def read(
    *files: tuple[str, bytes],
    since: datetime = SINCE,
    until: datetime = UNTIL,
    floating: tzinfo = UTC,
    names: Mapping[str, str] | None = None,
) -> tuple[list[Occurrence], SkipReport]:
    """Every occurrence read from `files`, in time order, and the report."""
    report = SkipReport()
    found = read_calendar_files(
        files, since=since, until=until, report=report, floating=floating, names=names
    )
    return sorted(found, key=lambda one: (one.start, one.uid)), report


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)
