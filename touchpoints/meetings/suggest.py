"""The suggestion engine: meetings that joined business and IT people, as evidence per pair.

Plain Python over plain data (no ORM): a meeting attended by people of at least one business
unit and one IT team is evidence for each such pair, at the level both sides reach there (the
lower of each side's most senior attendee, as classify_level judged them); per pair and level it
gathers how often they meet (the RRULE of a recurring meeting, else the observed cadence), the
channel the titles and sizes point at, and how many people of each side took part.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from touchpoints.models.touchpoints import Frequency, Level

# Lowest first: a pair's level is the lower of the two sides' most senior attendee.
LEVELS = (Level.OPERATIONAL, Level.TACTICAL, Level.STRATEGIC)
RANK = {level.value: rank for rank, level in enumerate(LEVELS)}
# Each frequency's period in days; a cadence takes the nearest (on a log scale: a fortnightly
# meeting is nearer weekly than monthly).
PERIODS = (
    (Frequency.DAILY, 1.0),
    (Frequency.WEEKLY, 7.0),
    (Frequency.MONTHLY, 30.4),
    (Frequency.QUARTERLY, 91.3),
    (Frequency.YEARLY, 365.25),
)
RRULE_DAYS = {"SECONDLY": 1.0, "MINUTELY": 1.0, "HOURLY": 1.0, "DAILY": 1.0, "WEEKLY": 7.0}
RRULE_DAYS |= {"MONTHLY": 30.4, "YEARLY": 365.25}
EXAMPLE_TITLES = 3

Pair = tuple[int, int]  # business unit pk, IT team pk
Key = tuple[int, int, str]  # ... and level


@dataclass(frozen=True, slots=True)
class Attendee:
    """A known person at a meeting: their unit, its side and the level the rules gave them."""

    person: int
    unit: int
    is_it: bool
    level: str


@dataclass(frozen=True, slots=True)
class MeetingFacts:
    """What the engine reads of one stored meeting."""

    start: datetime
    recurrence: str
    title: str  # "" unless the import kept titles
    channel: int | None
    attendees: tuple[Attendee, ...]


@dataclass(slots=True)
class Evidence:
    """The meetings gathered for one pair and level."""

    starts: list[datetime] = field(default_factory=list)
    recurrences: set[str] = field(default_factory=set)
    channels: Counter[int] = field(default_factory=Counter)
    business_people: set[int] = field(default_factory=set)
    it_people: set[int] = field(default_factory=set)
    titles: Counter[str] = field(default_factory=Counter)

    def add(self, meeting: MeetingFacts, people: tuple[set[int], set[int]] | None) -> None:
        """Count the meeting; `people` (business, IT) when its attendees are new to this key."""
        self.starts.append(meeting.start)
        if meeting.recurrence:
            self.recurrences.add(meeting.recurrence)
        if meeting.channel is not None:
            self.channels[meeting.channel] += 1
        if meeting.title:
            self.titles[meeting.title] += 1
        if people is not None:
            self.business_people |= people[0]
            self.it_people |= people[1]


@dataclass(frozen=True, slots=True)
class Suggested:
    """The engine's verdict for one pair and level."""

    business_unit: int
    it_team: int
    level: str
    frequency: str
    channel: int | None
    meeting_count: int
    first_seen: datetime
    last_seen: datetime
    cadence_days: float | None
    recurring: bool
    business_people: int
    it_people: int
    example_titles: list[str]


def pair_levels(attendees: Iterable[Attendee]) -> dict[Pair, str]:
    """Every (business unit, IT team) pair among the attendees, at the level both reach."""
    best: dict[int, int] = {}
    business: set[int] = set()
    it: set[int] = set()
    for attendee in attendees:
        best[attendee.unit] = max(best.get(attendee.unit, 0), RANK[attendee.level])
        (it if attendee.is_it else business).add(attendee.unit)
    return {(b, t): LEVELS[min(best[b], best[t])].value for b in business for t in it}


def has_pair(attendees: Iterable[Attendee]) -> bool:
    """True when business and IT people both attend: the only meetings worth keeping."""
    sides = {attendee.is_it for attendee in attendees}
    return sides == {True, False}


Shape = list[tuple[Key, tuple[set[int], set[int]]]]


def shape_of(attendees: tuple[Attendee, ...]) -> Shape:
    """The keys a meeting with these attendees is evidence for, each with its people."""
    people: dict[int, set[int]] = {}
    for attendee in attendees:
        people.setdefault(attendee.unit, set()).add(attendee.person)
    return [
        ((business, it, level), (people[business], people[it]))
        for (business, it), level in pair_levels(attendees).items()
    ]


def gather(meetings: Iterable[MeetingFacts]) -> dict[Key, Evidence]:
    """The evidence of every pair and level, one pass over the meetings. The occurrences of a
    series share their attendees: their keys and people are worked out once."""
    evidence: dict[Key, Evidence] = {}
    shapes: dict[tuple[Attendee, ...], Shape] = {}
    for meeting in meetings:
        shape = shapes.get(meeting.attendees)
        new = shape is None
        if shape is None:
            shape = shapes[meeting.attendees] = shape_of(meeting.attendees)
        for key, people in shape:
            found = evidence.setdefault(key, Evidence())
            found.add(meeting, people if new else None)
    return evidence


def suggest(meetings: Iterable[MeetingFacts]) -> list[Suggested]:
    """One suggestion per pair and level the meetings give evidence of."""
    return [verdict(key, found) for key, found in gather(meetings).items()]


def verdict(key: Key, found: Evidence) -> Suggested:
    business, it, level = key
    cadence = median_gap_days(found.starts)
    channel = found.channels.most_common(1)
    return Suggested(
        business_unit=business,
        it_team=it,
        level=level,
        frequency=frequency_of(found.recurrences, cadence),
        channel=channel[0][0] if channel else None,
        meeting_count=len(found.starts),
        first_seen=min(found.starts),
        last_seen=max(found.starts),
        cadence_days=cadence,
        recurring=bool(found.recurrences),
        business_people=len(found.business_people),
        it_people=len(found.it_people),
        example_titles=[title for title, _ in found.titles.most_common(EXAMPLE_TITLES)],
    )


def frequency_of(recurrences: Iterable[str], cadence_days: float | None) -> str:
    """The most frequent recurrence's frequency; without one, the observed cadence's; a single
    meeting is ad hoc."""
    periods = [p for p in (rrule_period_days(rule) for rule in recurrences) if p is not None]
    if periods:
        return nearest_frequency(min(periods))
    if cadence_days is None:
        return Frequency.AD_HOC.value
    return nearest_frequency(cadence_days)


def nearest_frequency(days: float) -> str:
    """The frequency whose period is nearest `days` on a log scale (past two years: ad hoc)."""
    if days > 2 * 365.25:
        return Frequency.AD_HOC.value
    logged = math.log(max(days, 0.01))
    nearest = min(PERIODS, key=lambda entry: abs(math.log(entry[1]) - logged))
    return nearest[0].value


def rrule_period_days(rule: str) -> float | None:
    """The days between two occurrences of an RRULE ("FREQ=WEEKLY;INTERVAL=2" is 14; a weekly
    rule on three days a week, 7 / 3); None when it names no frequency."""
    # Some exporters write "FREQ= WEEKLY": names and values are read without their spaces.
    pairs = (part.split("=", 1) for part in rule.upper().replace("RRULE:", "").split(";"))
    parts = {name.strip(): value.strip() for name, value in (p for p in pairs if len(p) == 2)}
    base = RRULE_DAYS.get(parts.get("FREQ", ""))
    if base is None:
        return None
    interval = int(parts["INTERVAL"]) if parts.get("INTERVAL", "").isdigit() else 1
    days = [day for day in parts.get("BYDAY", "").split(",") if day]
    per_week = len(days) if parts.get("FREQ") == "WEEKLY" and days else 1
    return base * max(interval, 1) / per_week


def median_gap_days(starts: Iterable[datetime]) -> float | None:
    """The median days between successive distinct meetings; None for fewer than two."""
    distinct = sorted(set(starts))
    gaps = [(b - a).total_seconds() / 86400 for a, b in itertools.pairwise(distinct)]
    return statistics.median(gaps) if gaps else None
