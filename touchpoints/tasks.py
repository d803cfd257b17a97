"""Background jobs of the touchpoints app: thin wrappers that claim a row and call the domain.

An upload is read in the worker (preview_import), never in the web request; Apply runs
run_import. Both follow convergence.jobs: enqueued after commit, claimed once, a heartbeat on
the row while they work (so the sweep tells a dead worker within seconds), and a task delivered
again after its worker died takes its own job up again instead of finding it "running".
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.conf import settings
from django.db.models import Case, Q, Value, When
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
from touchpoints.importing import ImportRefused, apply_import
from touchpoints.importing.jobs import preview_stored

# The meeting import's tasks live with the meetings; importing them here registers them.
from touchpoints.meetings.tasks import import_meetings, sweep_stuck_meeting_imports
from touchpoints.models import ImportJob, ImportStatus

# The people upload's task lives with the people; importing it here registers it.
from touchpoints.people.tasks import keep_uploaded_people, sweep_stuck_people_uploads

__all__ = [
    "import_meetings",
    "keep_uploaded_people",
    "sweep_stuck_meeting_imports",
    "sweep_stuck_people_uploads",
]

logger = logging.getLogger(__name__)

# A running import older than the hard time limit (plus a margin) was lost with its worker.
STUCK_AFTER = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
# A queued import no worker picked up in this long was lost (a broker restart, say).
LOST_AFTER = timedelta(hours=1)
# Reading a file is a step of the uploaded status: "queued" and "running" are one status there.
READING = ImportStatus.UPLOADED
QUEUED, RUNNING = ImportStatus.QUEUED, ImportStatus.RUNNING

QUEUE_DOWN = (
    "The job queue (Redis) cannot be reached, so {what} has not started and nothing was "
    "changed. Try again in a minute; if it keeps failing, ask whoever runs Convergence to "
    "check Redis and the Celery worker."
)


def enqueue_preview(job_id: int) -> None:
    """Queue a stored upload for the worker to read; on a dead broker the row is failed."""
    message = QUEUE_DOWN.format(what="reading the file")
    try:
        enqueue_after_commit(preview_import, job_id, message)
    except QueueUnavailable:
        finish(job_id, ImportStatus.FAILED, error=message)
        raise


def enqueue_import(job_id: int) -> bool:
    """Queue a previewed (or failed) job for the worker; False when it is not in that state."""
    queued = ImportJob.objects.filter(
        pk=job_id, status__in=[ImportStatus.PREVIEWED, ImportStatus.FAILED]
    ).update(
        status=QUEUED,
        progress=0,
        step="Waiting for a worker",
        error="",
        queued_at=timezone.now(),
        heartbeat_at=None,
    )
    if not queued:
        return False
    try:
        enqueue_after_commit(run_import, job_id, QUEUE_DOWN.format(what="the import"))
    except QueueUnavailable:
        ImportJob.objects.filter(pk=job_id, status=QUEUED).update(
            status=ImportStatus.PREVIEWED, step=""
        )
        raise
    return True


def claim_job(job_id: int, queued: str, running: str, **fields: object) -> bool:
    return claim(ImportJob, job_id, queued=queued, running=running, progress=0, error="", **fields)


@shared_task(base=DjangoTask)
def preview_import(job_id: int) -> str:
    """Read a stored upload and store its preview (or the reason it cannot be read)."""
    if not claim_job(job_id, READING, READING, step="Reading the file"):
        return "not waiting"
    job = ImportJob.objects.select_related("workspace").get(pk=job_id)
    try:
        with beating(ImportJob, job_id, running=READING):
            plan = preview_stored(job)
    except Exception as error:
        logger.exception("Reading import #%s failed", job_id)
        finish(job_id, ImportStatus.FAILED, error=read_failure_message(error))
        return "failed"
    if plan.chart.fatal:
        # Unreadable (or past a cap): failed, with the reason the preview also shows.
        finish(job_id, ImportStatus.FAILED, error=plan.refusal or plan.chart.fatal)
        return "failed"
    ImportJob.objects.filter(pk=job_id).update(progress=100, step="", heartbeat_at=None)
    return "done"


@shared_task(base=DjangoTask)
def run_import(job_id: int) -> str:
    """Apply import job `job_id` once: a second delivery finds it claimed and does nothing,
    unless the worker that claimed it died (its heartbeat stopped): then it starts over."""
    if not claim_job(job_id, QUEUED, RUNNING):
        return "not queued"
    job = ImportJob.objects.select_related("workspace").get(pk=job_id)
    try:
        with beating(ImportJob, job_id, running=RUNNING):
            plan = apply_import(job, progress=lambda percent, step: progress(job_id, percent, step))
    except ImportRefused as refused:
        finish(job_id, ImportStatus.FAILED, error=str(refused))
    except Exception as error:
        logger.exception("Import #%s failed", job_id)
        finish(job_id, ImportStatus.FAILED, error=failure_message(error))
    else:
        finish(job_id, ImportStatus.APPLIED, counts=plan.counts())
    return "done"


def read_failure_message(error: Exception) -> str:
    return (
        f"The file could not be read ({type(error).__name__}: {error}). Nothing was changed. "
        "Upload it again; if it fails the same way, send this message and the file to "
        "whoever runs Convergence."
    )[:2000]


def failure_message(error: Exception) -> str:
    return (
        f"The import stopped on an unexpected error ({type(error).__name__}: {error}). "
        "Nothing was changed: the org chart is as it was before. Try again; if it fails the "
        "same way, send this message and the file to whoever runs Convergence."
    )[:2000]


def finish(job_id: int, status: str, **fields: object) -> None:
    jobs.finish(ImportJob, job_id, status, **fields)


def progress(job_id: int, percent: int, step: str) -> None:
    record_progress(ImportJob, job_id, running=RUNNING, progress=percent, step=step)


WORKER_GONE = (
    "The worker {doing} stopped (it was restarted or killed). Nothing was changed; {retry}."
)
APPLYING, APPLY_AGAIN = "applying this import", "apply the file again"
TOO_LONG = (
    "The import did not finish in time (its worker stopped or was restarted). "
    "Nothing was changed; apply the file again."
)


@shared_task
def sweep_stuck_imports() -> int:
    """Fail the jobs no worker will finish: those whose worker's heartbeat stopped (seconds
    after it died), those running past any time limit, those queued or uploaded so long ago
    that no worker will take them. Each can then be uploaded or applied again."""
    now = timezone.now()
    gone = silent(now)
    running = ImportJob.objects.filter(status=RUNNING)
    stopped = running.filter(gone | Q(started_at__lt=now - STUCK_AFTER)).update(
        status=ImportStatus.FAILED,
        finished_at=now,
        heartbeat_at=None,
        error=Case(
            When(gone, then=Value(WORKER_GONE.format(doing=APPLYING, retry=APPLY_AGAIN))),
            default=Value(TOO_LONG),
        ),
    )
    reading = ImportJob.objects.filter(status=READING)
    dropped = reading.filter(gone).update(
        status=ImportStatus.FAILED,
        finished_at=now,
        heartbeat_at=None,
        error=WORKER_GONE.format(doing="reading this file", retry="upload it again"),
    )
    waited = Q(queued_at__lt=now - LOST_AFTER) | Q(
        queued_at__isnull=True, created_at__lt=now - LOST_AFTER
    )
    orphaned = reading.filter(waited, heartbeat_at__isnull=True).update(
        status=ImportStatus.FAILED,
        finished_at=now,
        error="No worker read this file within an hour (is the Celery worker running?). "
        "Nothing was changed; upload it again.",
    )
    lost = ImportJob.objects.filter(status=QUEUED, queued_at__lt=now - LOST_AFTER).update(
        status=ImportStatus.FAILED,
        finished_at=now,
        error="No worker picked this import up within an hour (is the Celery worker running?). "
        "Nothing was changed; apply the file again.",
    )
    return stopped + dropped + orphaned + lost
