"""Scheduled reports by e-mail: the board pack PDF goes to the chosen members, once."""

from __future__ import annotations

import io
import smtplib

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from assessments import report_mail
from assessments.models import GapReport, ReportKind, ReportSchedule
from assessments.tasks import build_gap_report, run_scheduled_reports
from convergence.models import Membership, Role
from tests.assessments.conftest import WorkedOrg
from tests.conftest import People, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def weekly(worked: WorkedOrg, people: People) -> ReportSchedule:
    for user in (people.manager, people.admin, people.viewer):
        user.email = f"{user.username}@example.org"
        user.save()
    schedule = ReportSchedule.objects.create(
        workspace=worked.org.workspace, kind=ReportKind.WEEKLY, enabled=True
    )
    schedule.recipients.set([people.manager, people.viewer])
    return schedule


def scheduled_report(schedule: ReportSchedule) -> GapReport:
    return GapReport.objects.create(workspace=schedule.workspace, kind=schedule.kind)


def test_a_scheduled_report_mails_its_pdf_to_the_chosen_members_who_may_see_it(
    weekly: ReportSchedule, people: People
) -> None:
    report = scheduled_report(weekly)
    assert build_gap_report(report.pk) is True
    # The viewer was chosen but may not see reports; the admin was not chosen.
    assert [message.to for message in mail.outbox] == [[people.manager.email]]
    message = mail.outbox[0]
    assert "weekly report for Acme" in message.subject
    assert "Score: 63.8 (Integration)" in message.body
    assert reverse("report_detail", args=["acme", report.pk]) in message.body
    ((name, content, mimetype),) = message.attachments
    assert name == report.file_name("pdf") and mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "63.8" in text and "Integration" in text


def test_it_is_mailed_once_however_often_it_is_run(weekly: ReportSchedule) -> None:
    report = scheduled_report(weekly)
    build_gap_report(report.pk)
    assert report_mail.mail_report(report.pk) == 0
    run_scheduled_reports()  # the schedule ran meanwhile, so nothing is due; nothing is resent
    assert len(mail.outbox) == 1


def test_an_on_demand_report_is_never_mailed(weekly: ReportSchedule) -> None:
    report = GapReport.objects.create(workspace=weekly.workspace)
    build_gap_report(report.pk)
    assert mail.outbox == [] and GapReport.objects.get(pk=report.pk).mailed_at is None


def test_a_failed_send_is_tried_again_by_the_next_scheduled_run(
    weekly: ReportSchedule, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: object) -> int:
        raise smtplib.SMTPServerDisconnected("gone")

    report = scheduled_report(weekly)
    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refused)
        assert build_gap_report(report.pk) is True  # the report is done whatever the mail does
    report.refresh_from_db()
    assert report.mailed_at is None and mail.outbox == []
    assert report_mail.mail_pending(timezone.now()) == 1
    assert len(mail.outbox) == 1


def test_a_member_removed_since_gets_nothing(weekly: ReportSchedule, people: People) -> None:
    Membership.objects.filter(user=people.manager).update(role=Role.VIEWER)
    build_gap_report(scheduled_report(weekly).pk)
    assert mail.outbox == []


def test_an_admin_chooses_the_recipients_among_members_who_may_see_reports(
    weekly: ReportSchedule, people: People
) -> None:
    url = reverse("report_schedules", args=["acme"])
    client = client_for(people.admin)
    page = client.get(url).content.decode()
    assert f"{people.manager.username} ({people.manager.email})" in page
    assert people.viewer.email not in page  # a viewer may not see reports
    response = client.post(url, {"weekly": "on", "recipients": [people.admin.pk]})
    assert response.status_code == 302
    for schedule in ReportSchedule.objects.filter(workspace=weekly.workspace):
        assert list(schedule.recipients.all()) == [people.admin]
    refused = client.post(url, {"weekly": "on", "recipients": [people.viewer.pk]})
    assert refused.status_code == 200 and b"Select a valid choice" in refused.content
    assert list(ReportSchedule.objects.get(pk=weekly.pk).recipients.all()) == [people.admin]
