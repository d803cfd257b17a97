"""A real Celery worker on Redis runs a meeting import to the end."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tests.conftest import build_org
from tests.meetings.calendars import ics_bytes, meeting
from tests.meetings.organisation import staff_of
from tests.worker import celery_worker, wait_until
from touchpoints.meetings import tasks
from touchpoints.meetings.jobs import store_upload
from touchpoints.models import MeetingImport, MeetingImportStatus, Suggestion

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_imports_queued_calendars() -> None:
    org = build_org("worked", "Worked")
    staff = staff_of(org)
    data = ics_bytes(
        meeting(
            "w@worked",
            "Finance systems weekly",
            datetime(2026, 3, 2, 10),
            duration=timedelta(hours=1),
            organizer=staff.email("fin_manager"),
            attendees=[staff.email("apps_dev")],
            rrule="FREQ=WEEKLY;COUNT=6",
        )
    )
    job = store_upload(
        org.workspace, [("team.ics", data)], since=date(2026, 1, 1), until=date(2026, 6, 30)
    )
    with celery_worker(["touchpoints.meetings.tasks.import_meetings"]):
        tasks.enqueue(job.pk)
        assert wait_until(lambda: MeetingImport.objects.get(pk=job.pk).is_finished)
    job.refresh_from_db()
    assert (job.status, job.progress, job.error) == (MeetingImportStatus.DONE, 100, "")
    assert job.attempts == 1 and job.worker
    (suggested,) = Suggestion.objects.filter(workspace=org.workspace)
    assert (suggested.business_unit, suggested.it_team) == (org.finance, org.apps)
    assert (suggested.level, suggested.frequency, suggested.meeting_count) == (
        "operational",
        "weekly",
        6,
    )
