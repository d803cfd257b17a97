"""One call of the reader: its window, the zone of floating times, known names, its report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo

from ..occurrence import Occurrence, SkipReport
from . import reasons
from .people import resolve


@dataclass(frozen=True, slots=True)
class Reading:
    """What every file of one call is read with."""

    since: datetime  # aware; occurrences starting at or after it are kept
    until: datetime  # aware; occurrences starting before it are kept
    floating: tzinfo  # the zone of times written without one (floating, Outlook CSV)
    names: Mapping[str, str]  # name_key(display name) -> e-mail, for attendees without one
    report: SkipReport

    def utc(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.floating)
        return moment.astimezone(UTC)

    def contains(self, start: datetime) -> bool:
        return self.since <= start < self.until

    def padded(self) -> tuple[datetime, datetime]:
        """The window widened by a day each side, for the libraries to expand in.

        Floating times are compared by the libraries as wall-clock times; the exact cut is made
        afterwards on the UTC start, so no occurrence near an edge is lost or kept twice.
        """
        return self.since - timedelta(days=1), self.until + timedelta(days=1)

    def people(self, texts: Iterable[str], example: str) -> set[str]:
        """The e-mails of `texts`; each one without an e-mail is counted in the report."""
        emails: set[str] = set()
        for text in texts:
            email = resolve(text, self.names)
            if email:
                emails.add(email)
            else:
                self.report.skip(reasons.NO_EMAIL, f"{example}: {text.strip() or '(blank)'}")
        return emails


def is_all_day(moment: date) -> bool:
    return not isinstance(moment, datetime)


def occurrence(
    *,
    uid: str,
    title: str,
    start: datetime,
    duration: timedelta,
    organizer: str,
    attendees: set[str],
    recurrence: str,
    source: str,
) -> Occurrence:
    """An Occurrence with the organizer among the attendees and no negative duration."""
    if organizer:
        attendees.add(organizer)
    return Occurrence(
        uid=uid,
        title=title,
        start=start,
        duration=max(duration, timedelta(0)),
        organizer=organizer,
        attendees=frozenset(attendees),
        recurrence=recurrence,
        source=source,
    )
