"""Writing a batch of meetings and their attendees: COPY on PostgreSQL, bulk_create elsewhere.

A year of an organisation's calendars is some 100,000 meetings and half a million attendee rows;
building a model instance for each row and an INSERT for each batch costs several times what
the database needs, so on PostgreSQL the meetings' ids are taken from their sequence up front
and both tables are loaded with COPY (CSV). SQLite (the embedded default) takes bulk_create.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import NamedTuple

from django.db import connection

from convergence.copy_stream import CsvStream
from touchpoints.models import Meeting, MeetingAttendee


class MeetingRow(NamedTuple):
    """One meeting to write, as plain values (the column order of MEETING_COLUMNS after id)."""

    workspace_id: int
    job_id: int | None
    uid: str
    start: datetime
    duration: timedelta
    recurrence: str
    title: str
    title_digest: str
    channel_id: int | None
    organizer_id: int | None
    attendee_count: int


MEETING_COLUMNS = ["id", *MeetingRow._fields]


def write(rows: Sequence[MeetingRow], people: Sequence[Sequence[int]]) -> None:
    """Write `rows` and, for each, its attendees (`people[i]` are the person pks of row i)."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        copy(rows, people)
    else:
        create(rows, people)


def create(rows: Sequence[MeetingRow], people: Sequence[Sequence[int]]) -> None:
    """The ORM's way, for the databases without COPY."""
    meetings = Meeting.objects.bulk_create(Meeting(**row_fields(row)) for row in rows)
    MeetingAttendee.objects.bulk_create(
        MeetingAttendee(meeting_id=meeting.pk, person_id=person)
        for meeting, persons in zip(meetings, people, strict=True)
        for person in persons
    )


def row_fields(row: MeetingRow) -> dict[str, object]:
    return row._asdict()


def reserved_ids(table: str, count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [int(pk) for (pk,) in cursor.fetchall()]


def copy_value(value: object) -> object:
    if isinstance(value, timedelta):
        return f"{value.total_seconds()} seconds"
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def copy(rows: Sequence[MeetingRow], people: Sequence[Sequence[int]]) -> None:
    meeting_table = Meeting._meta.db_table
    ids = reserved_ids(meeting_table, len(rows))
    meetings = [(pk, *(copy_value(v) for v in row)) for pk, row in zip(ids, rows, strict=True)]
    attendance: list[tuple[object, ...]] = [
        (pk, person) for pk, persons in zip(ids, people, strict=True) for person in persons
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in MEETING_COLUMNS)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        raw.copy_expert(
            f"COPY {quote(meeting_table)} ({columns}) FROM STDIN WITH (FORMAT csv)",
            CsvStream(meetings, null_unquoted=True),
        )
        raw.copy_expert(
            f"COPY {quote(MeetingAttendee._meta.db_table)} (meeting_id, person_id) "
            "FROM STDIN WITH (FORMAT csv)",
            CsvStream(attendance, null_unquoted=True),
        )
