"""The suggestions of a workspace, rebuilt from every meeting it keeps, in bulk.

One read of the meetings and one of their attendees (streamed), the engine, then one upsert:
a suggestion's evidence is replaced, its status (and a rejection) kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

from touchpoints.meetings.store import LevelOf, people_of
from touchpoints.meetings.suggest import Attendee, MeetingFacts, Suggested, suggest
from touchpoints.models import Meeting, MeetingAttendee, Suggestion

CHUNK = 20_000
EVIDENCE_FIELDS = [
    "frequency",
    "channel",
    "meeting_count",
    "first_seen",
    "last_seen",
    "cadence_days",
    "recurring",
    "business_people",
    "it_people",
    "example_titles",
    "updated_at",
]


def meeting_facts(workspace_id: int, people: dict[int, Attendee]) -> Iterator[MeetingFacts]:
    """Every stored meeting of the workspace with its attendees, as the engine reads them."""
    meetings = {
        pk: (start, recurrence, title, channel)
        for pk, start, recurrence, title, channel in Meeting.objects.filter(
            workspace_id=workspace_id
        ).values_list("pk", "start", "recurrence", "title", "channel_id")
    }
    attendance = (
        MeetingAttendee.objects.filter(meeting__workspace_id=workspace_id)
        # By person within a meeting: a series' occurrences then have equal attendee tuples.
        .order_by("meeting_id", "person_id")
        .values_list("meeting_id", "person_id")
        .iterator(chunk_size=CHUNK)
    )
    for meeting_id, rows in groupby(attendance, key=lambda row: row[0]):
        start, recurrence, title, channel = meetings[meeting_id]
        attendees = tuple(people[person] for _, person in rows if person in people)
        yield MeetingFacts(start, recurrence, title, channel, attendees)


def suggestion_row(workspace_id: int, found: Suggested) -> Suggestion:
    return Suggestion(
        workspace_id=workspace_id,
        business_unit_id=found.business_unit,
        it_team_id=found.it_team,
        level=found.level,
        frequency=found.frequency,
        channel_id=found.channel,
        meeting_count=found.meeting_count,
        first_seen=found.first_seen,
        last_seen=found.last_seen,
        cadence_days=found.cadence_days,
        recurring=found.recurring,
        business_people=found.business_people,
        it_people=found.it_people,
        example_titles=found.example_titles,
    )


def refresh_suggestions(workspace_id: int, level_of: LevelOf) -> int:
    """Rebuild the workspace's suggestions from its meetings; the number of pairs and levels."""
    people = people_of(workspace_id, level_of, present=False)
    found = suggest(meeting_facts(workspace_id, people))
    Suggestion.objects.bulk_create(
        [suggestion_row(workspace_id, one) for one in found],
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["workspace", "business_unit", "it_team", "level"],
        update_fields=EVIDENCE_FIELDS,
    )
    return len(found)
