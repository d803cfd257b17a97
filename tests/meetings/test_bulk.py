"""Meetings written by COPY (PostgreSQL) and by bulk_create (SQLite) come out the same."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import Org
from tests.meetings.organisation import staff_of
from touchpoints.meetings import bulk
from touchpoints.models import Meeting, MeetingAttendee

pytestmark = pytest.mark.django_db


def rows(org: Org, uid: str) -> list[bulk.MeetingRow]:
    start = datetime(2026, 6, 1, 9, 30, tzinfo=UTC)
    awkward = 'Tabs\tcommas, "quotes", back\\slash\nand a new line'
    return [
        bulk.MeetingRow(
            org.workspace.pk,
            None,
            uid,
            start,
            timedelta(minutes=45),
            "FREQ=WEEKLY",
            awkward,
            "",
            None,
            None,
            3,
        ),
        bulk.MeetingRow(
            org.workspace.pk,
            None,
            uid,
            start + timedelta(days=7),
            timedelta(0),
            "",
            "",
            "0123456789abcdef",
            org.channel("sla_review").pk,
            None,
            0,
        ),
    ]


def stored(uid: str) -> list[tuple[object, ...]]:
    fields = [
        "start",
        "duration",
        "recurrence",
        "title",
        "title_digest",
        "channel",
        "organizer",
        "attendee_count",
        "job",
    ]
    meetings = Meeting.objects.filter(uid=uid).order_by("start")
    return [
        (
            *row,
            sorted(
                MeetingAttendee.objects.filter(meeting__uid=uid, meeting__start=row[0]).values_list(
                    "person_id", flat=True
                )
            ),
        )
        for row in meetings.values_list(*fields)
    ]


def test_both_ways_write_the_same_meetings_and_attendees(org: Org) -> None:
    staff = staff_of(org)
    people = [[staff.people["cfo"].pk, staff.people["cio"].pk], []]
    bulk.copy(rows(org, "copied"), people)
    bulk.create(rows(org, "created"), people)
    copied, created = stored("copied"), stored("created")
    assert copied == created
    assert copied[0][3] == 'Tabs\tcommas, "quotes", back\\slash\nand a new line'
    assert copied[0][1] == timedelta(minutes=45) and copied[1][5] == org.channel("sla_review").pk
    assert copied[0][-1] == sorted(people[0]) and copied[1][-1] == []
