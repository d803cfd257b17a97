"""Scheduled reports by e-mail: a weekly or monthly report's board pack (PDF) goes to the members
its schedule names, once, through Django's mail (SMTP when EMAIL_HOST is set, else the console).

The report's task mails it right after building it; run_scheduled_reports mails any finished
scheduled report a failed send left behind. Each report is claimed with a conditional UPDATE of
``mailed_at`` before anything is sent, so two runs never send it twice; a send that fails gives
the claim back for the next run. Only members who may still see reports receive it.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, mailers
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from assessments.models import GapReport, ReportFile, ReportKind, ReportSchedule, ReportStatus
from convergence.models import ROLE_CAPABILITIES, Capability, Membership

logger = logging.getLogger(__name__)
SCHEDULED = (ReportKind.WEEKLY, ReportKind.MONTHLY)
# A finished scheduled report older than this is not mailed any more: the next one is due.
MAIL_WITHIN = dt.timedelta(days=2)


def report_readers(workspace_id: int) -> QuerySet[User]:
    """The workspace's members who may see reports and have an e-mail address: whom a schedule
    may mail (the form offers them; a member whose role changed since is left out)."""
    roles = [role for role, caps in ROLE_CAPABILITIES.items() if Capability.REPORTS in caps]
    members = Membership.objects.filter(workspace_id=workspace_id, role__in=roles)
    return User.objects.filter(pk__in=members.values("user_id")).exclude(email="")


def recipients(report: GapReport) -> list[User]:
    """The schedule's chosen members who may see reports today."""
    schedule = ReportSchedule.objects.filter(
        workspace_id=report.workspace_id, kind=report.kind
    ).first()
    if schedule is None:
        return []
    readers = report_readers(report.workspace_id)
    return list(schedule.recipients.filter(pk__in=readers.values("pk")).order_by("pk"))


def claim(report: GapReport) -> bool:
    pending = GapReport.objects.filter(
        pk=report.pk, status=ReportStatus.DONE, kind__in=SCHEDULED, mailed_at__isnull=True
    )
    return bool(pending.update(mailed_at=timezone.now()))


def message(report: GapReport, user: User, pdf: bytes) -> EmailMessage:
    assessment = report.assessment
    url = settings.SITE_URL + reverse("report_detail", args=[report.workspace.slug, report.pk])
    score = f"{assessment.score:.1f} ({assessment.band})" if assessment else "not assessed"
    kind = report.get_kind_display().lower()
    body = "\n".join(
        [
            f"Hello {user.get_full_name() or user.username},",
            "",
            f"The {kind} gap report of {report.workspace.name} is ready.",
            f"Score: {score}. Gaps found: {report.total_gaps}.",
            "The board pack is attached (PDF); the slides, spreadsheets and every gap are here:",
            url,
            "",
            "An admin of the workspace chose you for its scheduled reports.",
            "Convergence",
        ]
    )
    subject = f"Convergence: {kind} report for {report.workspace.name}"
    mail = EmailMessage(subject, body, None, [user.email])
    mail.attach(report.file_name("pdf"), pdf, "application/pdf")
    return mail


def mail_report(report_id: int) -> int:
    """Mail a finished scheduled report's PDF to its recipients; return how many were sent."""
    report = GapReport.objects.select_related("workspace", "assessment").get(pk=report_id)
    if report.kind not in SCHEDULED or not claim(report):
        return 0
    people = recipients(report)
    file = ReportFile.objects.filter(report=report, format=ReportFile.Format.PDF).first()
    if not people or file is None:
        return 0
    pdf = bytes(file.content)
    try:
        # One message each: no recipient sees the others' addresses. One connection for all.
        sent = mailers.default.send_messages([message(report, user, pdf) for user in people])
    except OSError as error:  # SMTP errors are OSErrors: give the claim back for the next run
        logger.warning("Could not mail gap report %s: %s", report_id, error)
        GapReport.objects.filter(pk=report_id).update(mailed_at=None)
        return 0
    return sent or 0


def mail_pending(now: dt.datetime) -> int:
    """Mail the recent finished scheduled reports no run has mailed yet (a failed send)."""
    pending = GapReport.objects.filter(
        status=ReportStatus.DONE,
        kind__in=SCHEDULED,
        mailed_at__isnull=True,
        finished_at__gte=now - MAIL_WITHIN,
    ).values_list("pk", flat=True)
    return sum(mail_report(pk) for pk in list(pending))
