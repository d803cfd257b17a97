"""The meeting import's Celery tasks, on the lifecycle of convergence.jobs (as org-chart imports):
enqueued after commit, claimed once, a heartbeat while it reads, failures on the row, retried
in place. Registered through touchpoints.tasks, which Celery discovers."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from convergence import jobs
from convergence.jobs import (
    QueueUnavailable,
    beating,
    claim,
    enqueue_after_commit,
    record_progress,
    silent,
)
from touchpoints.meetings import wiring
from touchpoints.meetings.jobs import run_import
from touchpoints.models import MeetingImport, MeetingImportFile, MeetingImportStatus

logger = logging.getLogger(__name__)
QUEUED, RUNNING = MeetingImportStatus.QUEUED, MeetingImportStatus.RUNNING
FAILED, DONE = MeetingImportStatus.FAILED, MeetingImportStatus.DONE
STUCK_AFTER = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
LOST_AFTER = timedelta(hours=1)
QUEUE_DOWN = (
    "The job queue (Redis) cannot be reached, so the meeting import has not started and nothing "
    "was changed. Try again in a minute (Retry); if it keeps failing, ask whoever runs "
    "Convergence to check Redis and the Celery worker."
)
WORKER_GONE = (
    "The worker reading these calendars stopped (it was restarted or killed). Nothing was "
    "changed; retry the import."
)
NOBODY_TOOK = (
    "No worker picked this import up within an hour (is the Celery worker running?). Nothing "
    "was changed; retry the import."
)


def enqueue(job_id: int) -> None:
    """Queue a stored import for the worker; on a dead broker the row is failed, and says so."""
    try:
        enqueue_after_commit(import_meetings, job_id, QUEUE_DOWN)
    except QueueUnavailable:
        finish(job_id, FAILED, error=QUEUE_DOWN)
        raise


def retry(job_id: int) -> bool:
    """Queue a failed import again (its files are kept until it succeeds); False if it is not
    failed."""
    queued = MeetingImport.objects.filter(pk=job_id, status=FAILED).update(
        status=QUEUED,
        progress=0,
        step="Waiting for a worker",
        error="",
        queued_at=timezone.now(),
        heartbeat_at=None,
        finished_at=None,
    )
    if queued:
        enqueue(job_id)
    return bool(queued)


@shared_task(base=DjangoTask)
def import_meetings(job_id: int) -> str:
    """Read import `job_id`'s calendars and import their meetings, once (a second delivery finds
    it claimed, unless the worker that claimed it died: then it starts over)."""
    if not claim(MeetingImport, job_id, queued=QUEUED, running=RUNNING, progress=0, error=""):
        return "not queued"
    job = MeetingImport.objects.select_related("workspace").get(pk=job_id)
    try:
        with beating(MeetingImport, job_id, running=RUNNING):
            counts, report = run_import(
                job,
                reader=wiring.read_calendar_files,
                classifiers=wiring.classifiers_for(job.workspace),
                names=wiring.names_of(job.workspace),
                progress=lambda percent, step: progress(job_id, percent, step),
            )
    except Exception as error:
        logger.exception("Meeting import #%s failed", job_id)
        finish(job_id, FAILED, error=failure_message(error))
        return "failed"
    # The calendars themselves hold more than the metadata kept: they go once read.
    MeetingImportFile.objects.filter(job_id=job_id).delete()
    finish(job_id, DONE, counts=dict(counts), skipped=report.as_dict())
    return "done"


def failure_message(error: Exception) -> str:
    return (
        f"The import stopped on an unexpected error ({type(error).__name__}: {error}). "
        "Nothing was changed. Retry; if it fails the same way, send this message and the files "
        "to whoever runs Convergence."
    )[:2000]


def finish(job_id: int, status: str, **fields: object) -> None:
    jobs.finish(MeetingImport, job_id, status, **fields)


def progress(job_id: int, percent: int, step: str) -> None:
    record_progress(MeetingImport, job_id, running=RUNNING, progress=percent, step=step[:100])


@shared_task
def sweep_stuck_meeting_imports() -> int:
    """Fail the imports no worker will finish: a silent heartbeat (its worker died), running
    past the time limit, or queued an hour with no worker taking it. Each can be retried."""
    now = timezone.now()
    stopped = MeetingImport.objects.filter(
        silent(now) | Q(started_at__lt=now - STUCK_AFTER), status=RUNNING
    ).update(status=FAILED, finished_at=now, heartbeat_at=None, error=WORKER_GONE)
    lost = MeetingImport.objects.filter(
        status=QUEUED, heartbeat_at__isnull=True, queued_at__lt=now - LOST_AFTER
    ).update(status=FAILED, finished_at=now, error=NOBODY_TOOK)
    return stopped + lost
