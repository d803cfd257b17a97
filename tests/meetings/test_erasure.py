"""Erasing a person removes them from the people, the meetings and the suggestions; counts stay."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.conftest import Org, People
from tests.meetings.calendars import ics_bytes, meeting
from tests.meetings.organisation import Staff, series, simple_classifiers, staff_of
from touchpoints.meetings import tasks
from touchpoints.meetings.importing import import_occurrences
from touchpoints.meetings.jobs import store_upload
from touchpoints.meetings.occurrence import SkipReport
from touchpoints.meetings.store import UNKNOWN
from touchpoints.models import (
    Meeting,
    MeetingAttendee,
    MeetingImport,
    MeetingImportFile,
    MeetingImportStatus,
    Person,
    Suggestion,
    TitlePolicy,
)
from touchpoints.people.erasure import erase_person

pytestmark = pytest.mark.django_db
JUNE = datetime(2026, 6, 1, 9, tzinfo=UTC)


@pytest.fixture
def staff(org: Org) -> Staff:
    return staff_of(org)


def values_everywhere(org: Org) -> str:
    """Every text the meeting tables hold for the workspace, in one string."""
    titles = list(Meeting.objects.filter(workspace=org.workspace).values_list("title", flat=True))
    examples = list(Suggestion.objects.values_list("example_titles", flat=True))
    skipped = list(MeetingImport.objects.values_list("skipped", flat=True))
    people = list(Person.objects.values_list("name", "email"))
    return repr([titles, examples, skipped, people]).casefold()


def test_erasing_a_person_removes_them_from_people_meetings_and_suggestions(
    staff: Staff, org: Org, people: People
) -> None:
    analyst = staff.people["fin_analyst"]
    occurrences = series(
        staff,
        "one",
        "1:1 Fin Analyst and Apps",
        JUNE,
        ["fin_analyst", "apps_dev"],
        every=timedelta(weeks=1),
        count=4,
    )
    import_occurrences(
        org.workspace.pk,
        occurrences,
        title_policy=TitlePolicy.KEEP,
        classifiers=simple_classifiers(org),
        report=SkipReport(),
    )
    # A later import saw an address the directory did not know, and one failed with its file.
    done = store_upload(
        org.workspace, [("a.ics", b"")], since=date(2026, 1, 1), until=date(2026, 12, 1)
    )
    MeetingImport.objects.filter(pk=done.pk).update(
        status=MeetingImportStatus.DONE,
        skipped={UNKNOWN: {"count": 2, "examples": ["fin_analyst@acme.test", "x@y.example"]}},
    )
    data = ics_bytes(
        meeting("m", "Budget", datetime(2026, 6, 3, 10), organizer="fin_analyst@acme.test")
    )
    failed = store_upload(
        org.workspace, [("b.ics", data)], since=date(2026, 1, 1), until=date(2026, 12, 1)
    )
    tasks.finish(failed.pk, MeetingImportStatus.FAILED, error="broke")
    (suggested,) = Suggestion.objects.all()
    assert "fin analyst" in values_everywhere(org)

    erase_person(analyst, people.admin)

    everything = values_everywhere(org)
    assert "fin analyst" not in everything and "fin_analyst@acme.test" not in everything
    assert "1:1 [erased] and apps" in everything and "x@y.example" in everything
    suggested.refresh_from_db()
    assert suggested.example_titles == ["1:1 [erased] and Apps"]
    # The counts stay: the meetings keep the (now blank) row.
    assert (suggested.meeting_count, suggested.business_people) == (4, 1)
    assert MeetingAttendee.objects.filter(person=analyst).count() == 4
    failed.refresh_from_db()
    assert failed.status == MeetingImportStatus.FAILED and "erased" in failed.error
    assert not MeetingImportFile.objects.filter(job=failed).exists()
    assert MeetingImportFile.objects.filter(job=done).exists()
