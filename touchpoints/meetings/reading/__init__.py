"""The calendar reader: .ics files, zips of them and Outlook CSV exports to `Occurrence`s.

Pure: no database, no Django. Everything it leaves out is counted in the caller's `SkipReport`
with a reason (touchpoints.meetings.reading.reasons) and examples; nothing raises out of it for
a bad file. Only metadata leaves it: no description, location or body is ever read into an
Occurrence.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime, tzinfo

from ..occurrence import Occurrence, SkipReport
from . import reasons
from .context import Reading
from .files import calendar_text, is_zip, unzipped
from .ics import read_ics
from .outlook import read_outlook_csv
from .people import email_of, name_key

__all__ = ["email_of", "name_key", "read_calendar_files", "reasons"]


def read_calendar_files(
    files: Iterable[tuple[str, bytes]],
    *,
    since: datetime,
    until: datetime,
    report: SkipReport,
    floating: tzinfo = UTC,
    names: Mapping[str, str] | None = None,
) -> Iterator[Occurrence]:
    """The occurrences starting in [since, until) of every (file name, bytes) in `files`.

    `floating` is the zone of times written without one (iCalendar floating times, Outlook
    CSV); `names` maps name_key(display name) to an e-mail, for attendees known only by name.
    Occurrences come file by file, series by series (not in time order); one already read
    from another file (same UID and start: the same meeting in two people's exports) is
    yielded once.
    """
    if since.tzinfo is None or until.tzinfo is None:
        raise ValueError("since and until must be aware datetimes")
    reading = Reading(since.astimezone(UTC), until.astimezone(UTC), floating, names or {}, report)
    seen: set[tuple[str, datetime]] = set()
    for name, data in files:
        members = unzipped(name, data, report) if is_zip(data) else [(name, data)]
        for source, content in members:
            for found in _read_one(source, content, reading):
                key = (found.uid, found.start)
                if key in seen:
                    report.skip(reasons.DUPLICATE, f"{source}: UID {found.uid}")
                    continue
                seen.add(key)
                yield found


def _read_one(source: str, data: bytes, reading: Reading) -> Iterator[Occurrence]:
    kind_and_text = calendar_text(source, data, reading.report)
    if kind_and_text is None:
        return iter(())
    kind, text = kind_and_text
    if kind == "ics":
        return read_ics(source, text, reading)
    return read_outlook_csv(source, text, reading)
