"""What the calendar reader hands on: one meeting occurrence, metadata only, and what it skipped.

The reader (touchpoints.meetings.reading) turns .ics files, zips of them and Outlook CSV exports
into `Occurrence`s inside a window; the suggestion engine reads nothing else, so it never sees a
description, a location or a body.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

EXAMPLES_PER_REASON = 5


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One occurrence of a meeting inside the window."""

    # The event's UID (for a CSV row, a hash of its subject, start and organizer): occurrences of
    # one recurring meeting share it, and a re-import recognises them by (uid, start).
    uid: str
    title: str
    start: datetime  # aware, in UTC
    duration: timedelta  # zero when the event has neither an end nor a duration
    organizer: str  # lower-cased e-mail, "" when the event names none
    attendees: frozenset[str]  # lower-cased e-mails, the organizer included
    # The event's RRULE as iCalendar text ("FREQ=WEEKLY;BYDAY=MO"), "" for a one-off meeting.
    recurrence: str
    source: str  # the file it came from (inside a zip: "export.zip/team.ics")


@dataclass(slots=True)
class SkipReport:
    """What was left out, counted by reason, with a few examples of each."""

    counts: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    def skip(self, reason: str, example: str) -> None:
        self.counts[reason] += 1
        kept = self.examples.setdefault(reason, [])
        if len(kept) < EXAMPLES_PER_REASON and example not in kept:
            kept.append(example)

    def as_dict(self) -> dict[str, object]:
        return {
            reason: {"count": count, "examples": self.examples.get(reason, [])}
            for reason, count in self.counts.most_common()
        }
