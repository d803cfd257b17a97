"""The meeting screens by role: admins import, facilitators (and admins) review, others refused."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from kombu.exceptions import OperationalError

from tests.conftest import Org, People, client_for, htmx_client_for
from tests.meetings.calendars import ics_bytes, meeting
from tests.meetings.organisation import Staff, staff_of
from touchpoints.meetings import tasks
from touchpoints.meetings.jobs import default_window, store_upload
from touchpoints.models import MeetingImport, MeetingImportStatus, Suggestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(org: Org) -> Staff:
    return staff_of(org)


def weekly_ics(staff: Staff) -> bytes:
    e = staff.email
    return ics_bytes(
        meeting(
            "w@acme",
            "Finance systems weekly",
            datetime(2026, 6, 1, 10),
            duration=timedelta(hours=1),
            organizer=e("fin_manager"),
            attendees=[e("fin_analyst"), e("apps_dev")],
            rrule="FREQ=WEEKLY;COUNT=8",
        )
    )


def upload_data(staff: Staff, **extra: object) -> dict[str, object]:
    files = [SimpleUploadedFile("team.ics", weekly_ics(staff), content_type="text/calendar")]
    return {
        "calendars": files,
        "since": "2026-05-01",
        "until": "2026-09-30",
        "titles": "keep",
        "time_zone": "Europe/Brussels",
    } | extra


def test_an_admin_uploads_calendars_and_sees_the_summary(
    staff: Staff, org: Org, people: People
) -> None:
    client = client_for(people.admin)
    url = reverse("meeting_imports", args=["acme"])
    page = client.get(url)
    assert page.status_code == 200 and "Import meetings" in page.content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(url, upload_data(staff))
    job = MeetingImport.objects.get()
    assert response["Location"] == reverse("meeting_import", args=["acme", job.pk])
    assert (job.since, job.until, job.created_by, job.time_zone) == (
        date(2026, 5, 1),
        date(2026, 9, 30),
        people.admin,
        "Europe/Brussels",
    )
    shown = client.get(response["Location"]).content.decode()
    assert "Done" in shown and "8 meetings kept" in shown
    assert "Review the suggested touch points" in shown
    fragment = htmx_client_for(people.admin).get(response["Location"]).content.decode()
    assert "<html" not in fragment and 'id="progress"' in fragment
    history = client.get(url).content.decode()
    assert "team.ics" in history and "8 meetings" in history
    (suggested,) = Suggestion.objects.all()
    assert suggested.example_titles == ["Finance systems weekly"]


def test_the_upload_form_refuses_a_window_that_ends_before_it_starts(
    staff: Staff, org: Org, people: People
) -> None:
    data = upload_data(staff, since="2026-09-30", until="2026-05-01")
    response = client_for(people.admin).post(reverse("meeting_imports", args=["acme"]), data)
    assert response.status_code == 200
    assert "The window ends before it starts." in response.content.decode()
    assert not MeetingImport.objects.exists()


def test_a_job_in_progress_polls_and_a_failed_one_offers_retry(
    staff: Staff, org: Org, people: People
) -> None:
    job = store_upload(
        org.workspace,
        [("team.ics", weekly_ics(staff))],
        since=date(2026, 5, 1),
        until=date(2026, 9, 30),
    )
    url = reverse("meeting_import", args=["acme", job.pk])
    assert 'hx-trigger="every 1s"' in client_for(people.admin).get(url).content.decode()
    tasks.finish(job.pk, MeetingImportStatus.FAILED, error="It broke.")
    page = client_for(people.admin).get(url).content.decode()
    assert "It broke." in page and "Retry" in page and "every 1s" not in page
    retry = reverse("meeting_import_retry", args=["acme", job.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        assert client_for(people.admin).post(retry).status_code == 302
    job.refresh_from_db()
    assert job.status == MeetingImportStatus.DONE and job.attempts == 1


def test_a_dead_queue_fails_the_row_with_a_message(
    staff: Staff, org: Org, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError("Connection refused")

    monkeypatch.setattr(tasks.import_meetings, "delay_on_commit", refuse)
    client = client_for(people.admin)
    response = client.post(
        reverse("meeting_imports", args=["acme"]), upload_data(staff), follow=True
    )
    job = MeetingImport.objects.get()
    assert job.status == MeetingImportStatus.FAILED and "Redis" in job.error
    assert "cannot be reached" in response.content.decode()


@pytest.mark.parametrize("name", ["meeting_imports", "suggestion_list"])
def test_anonymous_people_are_sent_to_log_in(org: Org, name: str) -> None:
    response = client_for(None).get(reverse(name, args=["acme"]))
    assert response.status_code == 302 and "/login/" in response["Location"]


@pytest.mark.parametrize(
    ("name", "role", "status"),
    [
        ("meeting_imports", "facilitator", 403),
        ("meeting_imports", "outsider", 404),
        ("suggestion_list", "manager", 403),
        ("suggestion_list", "viewer", 403),
        ("suggestion_list", "outsider", 404),
        ("suggestion_list", "facilitator", 200),
        ("suggestion_list", "admin", 200),
    ],
)
def test_roles(org: Org, people: People, name: str, role: str, status: int) -> None:
    response = client_for(getattr(people, role)).get(reverse(name, args=["acme"]))
    assert response.status_code == status


def test_another_workspace_s_jobs_and_suggestions_answer_404(
    staff: Staff, org: Org, other_org: Org, people: People
) -> None:
    job = store_upload(
        org.workspace,
        [("team.ics", weekly_ics(staff))],
        since=date(2026, 5, 1),
        until=date(2026, 9, 30),
    )
    tasks.import_meetings(job.pk)
    suggested = Suggestion.objects.get()
    outsider = client_for(people.outsider)  # an admin of other_org
    assert outsider.get(reverse("meeting_import", args=["other", job.pk])).status_code == 404
    for name in ("suggestion_accept", "suggestion_reject", "suggestion_merge"):
        assert outsider.post(reverse(name, args=["other", suggested.pk])).status_code == 404
    assert (
        outsider.get(reverse("suggestion_accept_edit", args=["other", suggested.pk])).status_code
        == 404
    )
    suggested.refresh_from_db()
    assert suggested.status == "pending"


def test_the_navigation_links_the_pages_for_who_may_use_them(org: Org, people: People) -> None:
    admin = client_for(people.admin).get(reverse("workspace_home", args=["acme"])).content.decode()
    assert reverse("meeting_imports", args=["acme"]) in admin
    assert reverse("suggestion_list", args=["acme"]) in admin
    facilitator = client_for(people.facilitator).get(reverse("workspace_home", args=["acme"]))
    assert reverse("meeting_imports", args=["acme"]) not in facilitator.content.decode()
    assert reverse("suggestion_list", args=["acme"]) in facilitator.content.decode()
    viewer = client_for(people.viewer).get(reverse("workspace_home", args=["acme"]))
    assert reverse("suggestion_list", args=["acme"]) not in viewer.content.decode()


def test_the_upload_form_offers_the_last_six_months(org: Org, people: People) -> None:
    since, until = default_window()
    page = client_for(people.admin).get(reverse("meeting_imports", args=["acme"]))
    html = page.content.decode()
    assert f'value="{since:%Y-%m-%d}"' in html and f'value="{until:%Y-%m-%d}"' in html
    assert (until - since).days == 183


def test_the_upload_form_offers_time_zones_the_servers_chosen(org: Org, people: People) -> None:
    page = client_for(people.admin).get(reverse("meeting_imports", args=["acme"]))
    html = page.content.decode()
    assert '<option value="UTC" selected>UTC</option>' in html  # settings.TIME_ZONE
    assert '<option value="Europe/Brussels">Europe/Brussels</option>' in html


def test_the_upload_form_refuses_an_unknown_time_zone(
    staff: Staff, org: Org, people: People
) -> None:
    data = upload_data(staff, time_zone="Mars/Olympus")
    response = client_for(people.admin).post(reverse("meeting_imports", args=["acme"]), data)
    assert response.status_code == 200 and "Mars/Olympus is not one" in response.content.decode()
    assert not MeetingImport.objects.exists()


def test_an_import_that_kept_nothing_says_why_and_where_to_look(
    staff: Staff, org: Org, people: People
) -> None:
    """A new admin's first upload often names nobody the directory knows: the job page then
    points at the people directory, not at an empty queue."""
    lonely = ics_bytes(
        meeting(
            "x@elsewhere",
            "Coffee",
            datetime(2026, 6, 1, 10),
            duration=timedelta(hours=1),
            organizer="someone@elsewhere.example",
            attendees=["other@elsewhere.example"],
        )
    )
    job = store_upload(
        org.workspace, [("a.ics", lonely)], since=date(2026, 5, 1), until=date(2026, 9, 30)
    )
    assert tasks.import_meetings(job.pk) == "done"
    page = client_for(people.admin).get(reverse("meeting_import", args=["acme", job.pk]))
    html = page.content.decode()
    assert 'id="nothing-kept"' in html and "Review the suggested touch points" not in html
    assert reverse("person_list", args=["acme"]) in html
    assert reverse("people_upload", args=["acme"]) in html
    assert "1 occurrence read in the window" in html and "2 people not in the directory" in html


def test_the_upload_page_links_the_people_directory_and_upload(org: Org, people: People) -> None:
    html = client_for(people.admin).get(reverse("meeting_imports", args=["acme"])).content.decode()
    assert reverse("person_list", args=["acme"]) in html
    assert reverse("people_upload", args=["acme"]) in html
