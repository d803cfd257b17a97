"""Celery tasks of the assessments app: thin wrappers over assessments.gap_reports."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.utils import timezone

from assessments import gap_reports, reminders, report_mail, rounds
from assessments.dashboard.readmodel import build as readmodel_build
from assessments.models import GapReport
from convergence.jobs import BROKER_ERRORS, QueueUnavailable, enqueue_after_commit

logger = logging.getLogger(__name__)


@shared_task(base=DjangoTask, soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT, acks_late=True)
def build_gap_report(report_id: int) -> bool:
    """Build one gap report (and mail a scheduled one's board pack); running it again for the
    same report does nothing."""
    try:
        built = gap_reports.build_report(report_id)
    except SoftTimeLimitExceeded:
        minutes = settings.CELERY_TASK_SOFT_TIME_LIMIT // 60
        gap_reports.fail(
            report_id,
            f"The report took longer than {minutes} minutes and was stopped. "
            "Choose a coarser granularity (a depth of the org tree) and request it again.",
        )
        return False
    except Exception as error:
        logger.exception("Gap report %s failed", report_id)
        gap_reports.fail(
            report_id,
            f"The report could not be built ({error.__class__.__name__}: {error}). "
            "Retry it; if it fails again, ask an admin to check the server log.",
        )
        return False
    if built:
        report_mail.mail_report(report_id)
    return built


@shared_task
def sweep_stuck_reports() -> int:
    return gap_reports.sweep_stuck()


@shared_task
def run_scheduled_reports() -> int:
    """Create and enqueue each due weekly or monthly report; return how many were enqueued.
    First mail the finished scheduled reports a failed send left unmailed."""
    now = timezone.now()
    report_mail.mail_pending(now)
    enqueued = 0
    for schedule in gap_reports.due_schedules(now):
        report = gap_reports.claim_schedule(schedule, now)
        if report is not None:
            enqueue(report)
            enqueued += 1
    return enqueued


# A closed round whose evidence has not come after this long is assessed again by the sweep.
EVIDENCE_LATE = dt.timedelta(minutes=15)


@shared_task(soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT, acks_late=True)
def freeze_round_evidence(round_id: int, user_id: int | None = None) -> bool:
    """Assess a closed round's scope and keep its evidence; a second run does nothing."""
    return rounds.freeze_evidence(round_id, user_id)


@shared_task
def close_due_survey_rounds() -> int:
    """Close the rounds past their closing date and assess them, and assess again the closed
    rounds whose evidence never came; a second run finds nothing to do."""
    closed = rounds.close_due_rounds()
    late = rounds.awaiting_evidence(timezone.now() - EVIDENCE_LATE)
    for round_id in {*closed, *late}:
        enqueue_evidence(round_id)
    return len(closed)


def enqueue_evidence(round_id: int, user_id: int | None = None) -> bool:
    """Send the round's assessment to the worker; False when the queue is down (the sweep
    sends it again later)."""
    try:
        freeze_round_evidence.apply_async((round_id, user_id), retry=False)
    except BROKER_ERRORS as error:
        logger.warning("Could not enqueue the evidence of survey round %s: %s", round_id, error)
        return False
    return True


def enqueue(report: GapReport) -> None:
    """Send the report to the worker queue, or mark it failed and raise QueueUnavailable."""
    try:
        enqueue_after_commit(build_gap_report, report.pk, gap_reports.QUEUE_DOWN)
    except QueueUnavailable:
        gap_reports.fail(report.pk, gap_reports.QUEUE_DOWN)
        raise


@shared_task(acks_late=True)
def remind_action_owners() -> int:
    """Mail owners their actions due soon or overdue; a second run the same day sends nothing."""
    return reminders.send_reminders(timezone.localdate())


@shared_task(soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT, acks_late=True)
def rebuild_dashboard(workspace_id: int) -> bool:
    """Roll the workspace's dashboards up again if its map changed; a second run does nothing."""
    try:
        return readmodel_build.rebuild_if_behind(workspace_id)
    except Exception as error:
        logger.exception("Dashboard read model of workspace %s failed", workspace_id)
        readmodel_build.fail(
            workspace_id,
            f"The dashboard summary could not be updated ({error.__class__.__name__}: {error}); "
            "it is tried again within a minute.",
        )
        return False


@shared_task
def rebuild_stale_dashboards() -> int:
    """Enqueue a rebuild of every read model behind its map; return how many."""
    enqueued = 0
    for workspace_id in readmodel_build.claim_behind():
        try:
            rebuild_dashboard.apply_async((workspace_id,), retry=False)
        except BROKER_ERRORS as error:
            logger.warning("Could not enqueue the dashboard rebuild of %s: %s", workspace_id, error)
            readmodel_build.fail(workspace_id, "The queue was down; tried again shortly.")
            continue
        enqueued += 1
    return enqueued
