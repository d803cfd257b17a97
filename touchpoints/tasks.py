"""Background jobs of the touchpoints app: thin wrappers that claim a row and call the domain."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import connection, connections
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from touchpoints.importing import ImportRefused, apply_import
from touchpoints.models import ImportJob, ImportStatus

logger = logging.getLogger(__name__)

# A running import older than the hard time limit (plus a margin) was lost with its worker.
STUCK_AFTER = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
# A queued import no worker picked up in this long was lost (a broker restart, say).
LOST_AFTER = timedelta(hours=1)


class QueueUnavailable(Exception):
    """The broker cannot take the job; the message tells the admin what to do."""


def enqueue_import(job_id: int) -> bool:
    """Queue a previewed (or failed) job for the worker; False when it is not in that state."""
    queued = ImportJob.objects.filter(
        pk=job_id, status__in=[ImportStatus.PREVIEWED, ImportStatus.FAILED]
    ).update(
        status=ImportStatus.QUEUED,
        progress=0,
        step="Waiting for a worker",
        error="",
        queued_at=timezone.now(),
    )
    if not queued:
        return False
    try:
        run_import.delay_on_commit(job_id)  # type: ignore[attr-defined]
    except (BrokerError, RedisError) as error:
        ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
            status=ImportStatus.PREVIEWED, step=""
        )
        raise QueueUnavailable(
            "The job queue (Redis) cannot be reached, so the import has not started and "
            "nothing was changed. Try Apply again in a minute; if it keeps failing, ask "
            "whoever runs Convergence to check Redis and the Celery worker."
        ) from error
    return True


@shared_task
def run_import(job_id: int) -> str:
    """Apply import job `job_id` once: a second delivery finds it claimed and does nothing."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now(), progress=0, error=""
    )
    if not claimed:
        return "not queued"
    job = ImportJob.objects.select_related("workspace").get(pk=job_id)
    try:
        plan = apply_import(
            job, progress=lambda percent, step: record_progress(job_id, percent, step)
        )
    except ImportRefused as refused:
        finish(job_id, ImportStatus.FAILED, error=str(refused))
    except Exception as error:
        logger.exception("Import #%s failed", job_id)
        finish(job_id, ImportStatus.FAILED, error=failure_message(error))
    else:
        finish(job_id, ImportStatus.APPLIED, counts=plan.counts())
    return "done"


def failure_message(error: Exception) -> str:
    return (
        f"The import stopped on an unexpected error ({type(error).__name__}: {error}). "
        "Nothing was changed: the org chart is as it was before. Try again; if it fails the "
        "same way, send this message and the file to whoever runs Convergence."
    )[:2000]


def finish(job_id: int, status: str, **fields: object) -> None:
    ImportJob.objects.filter(pk=job_id).update(
        status=status, progress=100, step="", finished_at=timezone.now(), **fields
    )


def record_progress(job_id: int, percent: int, step: str) -> None:
    """Store progress where the browser can see it, even from inside the import's transaction.

    Inside the transaction the row is written through a second connection, which commits at
    once (PostgreSQL only: SQLite would wait on its own writer lock).
    """
    if not connection.in_atomic_block:
        ImportJob.objects.filter(pk=job_id).update(progress=percent, step=step)
        return
    if connection.vendor != "postgresql":
        return
    side = connections.create_connection("default")
    try:
        with side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ImportJob._meta.db_table} SET progress = %s, step = %s WHERE id = %s",
                [percent, step, job_id],
            )
    finally:
        side.close()


@shared_task
def sweep_stuck_imports() -> int:
    """Mark as failed the imports still running long after any worker would have stopped, and
    those queued for so long that no worker will ever take them; both can be applied again."""
    now = timezone.now()
    stopped = ImportJob.objects.filter(
        status=ImportStatus.RUNNING, started_at__lt=now - STUCK_AFTER
    ).update(
        status=ImportStatus.FAILED,
        finished_at=now,
        error="The import did not finish in time (its worker stopped or was restarted). "
        "Nothing was changed; apply the file again.",
    )
    lost = ImportJob.objects.filter(
        status=ImportStatus.QUEUED, queued_at__lt=now - LOST_AFTER
    ).update(
        status=ImportStatus.FAILED,
        finished_at=now,
        error="No worker picked this import up within an hour (is the Celery worker running?). "
        "Nothing was changed; apply the file again.",
    )
    return stopped + lost
