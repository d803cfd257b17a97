"""Meetings into the database, in bulk: the occurrences that join business and IT people.

`store_occurrences` keeps an occurrence only when its known attendees include people of a
business unit and of an IT team, and only once: an occurrence already stored (same uid and
start) is skipped, so importing the same files again adds nothing. Attendees the directory does
not know are counted, a few addresses kept as examples, never stored with the meeting.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from touchpoints.meetings.bulk import MeetingRow, write
from touchpoints.meetings.occurrence import Occurrence, SkipReport
from touchpoints.meetings.suggest import Attendee, has_pair
from touchpoints.models import Meeting, Person, Side, TitlePolicy
from touchpoints.models.people import PersonQuerySet

BATCH = 5000
UNKNOWN = "Attendee not in the people directory (only counted)"
UID_WIDTH = Meeting._meta.get_field("uid").max_length or 500
TITLE_WIDTH = Meeting._meta.get_field("title").max_length or 300
RECURRENCE_WIDTH = Meeting._meta.get_field("recurrence").max_length or 500

# (job title, grade, unit depth) -> level; (meeting title, attendee count) -> channel pk.
LevelOf = Callable[[str, str, int], str]
ChannelOf = Callable[[str, int], int | None]


@dataclass(frozen=True, slots=True)
class Classifiers:
    """The workspace's rule tables as two functions (touchpoints.meetings.rules)."""

    level: LevelOf
    channel: ChannelOf


# What the engine reads of a person (values_list fields), and the attendee it makes of them.
ATTENDEE_FIELDS = ("pk", "unit_id", "unit__side", "title", "grade", "unit__depth")
AttendeeRow = tuple[int, int, str, str, str, int]


def attendee_rows(workspace_id: int, *, present: bool) -> PersonQuerySet:
    """Every person with a unit (erased people too unless `present`: their rows keep the counts
    of the meetings they attended)."""
    people = Person.objects.filter(workspace_id=workspace_id, unit__isnull=False)
    return people.present().exclude(email="") if present else people


def attendee_of(row: AttendeeRow, level_of: LevelOf) -> Attendee:
    pk, unit, side, title, grade, depth = row
    return Attendee(pk, unit, side == Side.IT, level_of(title, grade, depth))


def people_of(workspace_id: int, level_of: LevelOf, *, present: bool) -> dict[int, Attendee]:
    """Every person with a unit, as the engine sees them (see attendee_rows)."""
    rows = attendee_rows(workspace_id, present=present).values_list(*ATTENDEE_FIELDS)
    return {row[0]: attendee_of(row, level_of) for row in rows}


def directory_of(workspace_id: int, level_of: LevelOf) -> dict[str, Attendee]:
    """The people calendars can name: e-mail -> attendee (one query, e-mail read with the rest)."""
    rows = attendee_rows(workspace_id, present=True).values_list("email", *ATTENDEE_FIELDS)
    return {row[0]: attendee_of(row[1:], level_of) for row in rows}


def stored_uid(uid: str) -> str:
    """The uid as stored: a longer one becomes a digest, so two long uids never collide."""
    if len(uid) <= UID_WIDTH:
        return uid
    return "sha256:" + hashlib.sha256(uid.encode()).hexdigest()


def title_fields(title: str, policy: str) -> tuple[str, str]:
    """(title, title_digest) as the import's policy keeps them."""
    if policy == TitlePolicy.KEEP:
        return title.strip()[:TITLE_WIDTH], ""
    if policy == TitlePolicy.HASH and title.strip():
        return "", hashlib.sha256(title.strip().casefold().encode()).hexdigest()[:16]
    return "", ""


@dataclass(slots=True)
class MeetingWriter:
    """Writes one import's new meetings, a batch at a time."""

    workspace_id: int
    job_id: int | None
    title_policy: str
    directory: dict[str, Attendee]
    classifiers: Classifiers
    report: SkipReport
    existing: set[tuple[str, datetime]]
    counts: Counter[str]
    unknown: set[str]
    pending: list[tuple[MeetingRow, list[int]]]
    channels: dict[tuple[str, int], int | None]

    def add(self, occurrence: Occurrence) -> None:
        self.counts["occurrences"] += 1
        known = [self.directory[e] for e in occurrence.attendees if e in self.directory]
        for email in occurrence.attendees - self.directory.keys() - self.unknown:
            self.unknown.add(email)
            self.report.skip(UNKNOWN, email)
        if not has_pair(known):
            self.counts["no_pair"] += 1
            return
        key = (stored_uid(occurrence.uid), occurrence.start)
        if key in self.existing:
            self.counts["already_imported"] += 1
            return
        self.existing.add(key)
        self.counts["new"] += 1
        self.pending.append((self.meeting_of(occurrence, key[0]), [a.person for a in known]))
        if len(self.pending) >= BATCH:
            self.flush()

    def meeting_of(self, occurrence: Occurrence, uid: str) -> MeetingRow:
        title, digest = title_fields(occurrence.title, self.title_policy)
        organizer = self.directory.get(occurrence.organizer)
        return MeetingRow(
            workspace_id=self.workspace_id,
            job_id=self.job_id,
            uid=uid,
            start=occurrence.start,
            duration=occurrence.duration,
            recurrence=occurrence.recurrence[:RECURRENCE_WIDTH],
            title=title,
            title_digest=digest,
            channel_id=self.channel_of(occurrence.title, len(occurrence.attendees)),
            organizer_id=organizer.person if organizer else None,
            attendee_count=len(occurrence.attendees),
        )

    def channel_of(self, title: str, size: int) -> int | None:
        """The classifier's channel, once per title and size (a series repeats both)."""
        key = (title, size)
        if key not in self.channels:
            self.channels[key] = self.classifiers.channel(title, size)
        return self.channels[key]

    def flush(self) -> None:
        write([row for row, _ in self.pending], [people for _, people in self.pending])
        self.pending = []


def store_occurrences(
    workspace_id: int,
    occurrences: Iterable[Occurrence],
    *,
    job_id: int | None,
    title_policy: str,
    classifiers: Classifiers,
    report: SkipReport,
    window: tuple[datetime, datetime] | None = None,
) -> Counter[str]:
    """Store the new occurrences that join business and IT people; return what happened to
    each ("occurrences", "new", "already_imported", "no_pair"). Call it in a transaction.
    `window`: where the occurrences start, so only the meetings stored there are looked up."""
    stored = Meeting.objects.filter(workspace_id=workspace_id)
    if window is not None:
        stored = stored.filter(start__gte=window[0], start__lt=window[1])
    existing = set(stored.values_list("uid", "start"))
    writer = MeetingWriter(
        workspace_id=workspace_id,
        job_id=job_id,
        title_policy=title_policy,
        directory=directory_of(workspace_id, classifiers.level),
        classifiers=classifiers,
        report=report,
        existing=existing,
        counts=Counter(dict.fromkeys(["occurrences", "new", "already_imported", "no_pair"], 0)),
        unknown=set(),
        pending=[],
        channels={},
    )
    for occurrence in occurrences:
        writer.add(occurrence)
    writer.flush()
    writer.counts["unknown_people"] = len(writer.unknown)
    return writer.counts
