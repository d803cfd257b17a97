"""Background jobs of the touchpoints app: thin wrappers that claim a row and call the domain.

An upload is read in the worker (preview_import), never in the web request; Apply runs
run_import. While either works on a job, a thread keeps the row's heartbeat_at fresh
(beating), so the sweep tells a dead worker within seconds, and a task delivered again after
its worker died takes its own job up again instead of finding it "running" and giving up.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from convergence.jobs import QueueUnavailable
from touchpoints.importing import ImportRefused, apply_import
from touchpoints.importing.jobs import preview_stored
from touchpoints.models import ImportJob, ImportStatus

logger = logging.getLogger(__name__)

# A running import older than the hard time limit (plus a margin) was lost with its worker.
STUCK_AFTER = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
# A queued import no worker picked up in this long was lost (a broker restart, say).
LOST_AFTER = timedelta(hours=1)


def beat_seconds() -> float:
    return float(settings.JOB_HEARTBEAT_SECONDS)


def silent_since() -> object:
    """Heartbeats older than this are a dead worker's: three beats missed."""
    return timezone.now() - timedelta(seconds=3 * beat_seconds())


QUEUE_DOWN = (
    "The job queue (Redis) cannot be reached, so {what} has not started and nothing was "
    "changed. Try again in a minute; if it keeps failing, ask whoever runs Convergence to "
    "check Redis and the Celery worker."
)


def enqueue_preview(job_id: int) -> None:
    """Queue a stored upload for the worker to read; on a dead broker the row is failed."""
    try:
        preview_import.apply_async((job_id,), retry=False)
    except (BrokerError, RedisError, OSError) as error:
        message = QUEUE_DOWN.format(what="reading the file")
        finish(job_id, ImportStatus.FAILED, error=message)
        raise QueueUnavailable(message) from error


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
        raise QueueUnavailable(QUEUE_DOWN.format(what="the import")) from error
    return True


def claim(job_id: int, waiting_in: str, **fields: object) -> bool:
    """Take the job if it is in `status` and no live worker has it: never taken, or taken by
    one whose heartbeat stopped (this is then the task delivered again after that death).
    `fields` are written with the claim (the new status, the step)."""
    free = Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=silent_since())
    now = timezone.now()
    return bool(
        ImportJob.objects.filter(free, pk=job_id, status=waiting_in).update(
            heartbeat_at=now, started_at=now, progress=0, error="", **fields
        )
    )


@contextmanager
def beating(job_id: int) -> Iterator[None]:
    """Keep the job's heartbeat_at fresh from a thread (its own connection, so it commits even
    while the import's transaction is open) until the block ends."""
    stopped = threading.Event()

    def beat() -> None:
        while not stopped.wait(beat_seconds()):
            try:
                ImportJob.objects.filter(pk=job_id).update(heartbeat_at=timezone.now())
            except DatabaseError as error:
                logger.warning("Import #%s heartbeat not written: %s", job_id, error)
        connection.close()

    thread = threading.Thread(target=beat, name=f"import-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stopped.set()
        thread.join(timeout=beat_seconds() + 5)


@shared_task
def preview_import(job_id: int) -> str:
    """Read a stored upload and store its preview (or the reason it cannot be read)."""
    if not claim(job_id, ImportStatus.UPLOADED, step="Reading the file"):
        return "not waiting"
    job = ImportJob.objects.select_related("workspace").get(pk=job_id)
    try:
        with beating(job_id):
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


@shared_task
def run_import(job_id: int) -> str:
    """Apply import job `job_id` once: a second delivery finds it claimed and does nothing,
    unless the worker that claimed it died (its heartbeat stopped): then it starts over."""
    if not (
        claim(job_id, ImportStatus.QUEUED, status=ImportStatus.RUNNING)
        or claim(job_id, ImportStatus.RUNNING)
    ):
        return "not queued"
    job = ImportJob.objects.select_related("workspace").get(pk=job_id)
    try:
        with beating(job_id):
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
    ImportJob.objects.filter(pk=job_id).update(
        status=status,
        progress=100,
        step="",
        finished_at=timezone.now(),
        heartbeat_at=None,
        **fields,
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
    silent = Q(heartbeat_at__lt=silent_since())
    running = ImportJob.objects.filter(status=ImportStatus.RUNNING)
    stopped = running.filter(silent | Q(started_at__lt=now - STUCK_AFTER)).update(
        status=ImportStatus.FAILED,
        finished_at=now,
        heartbeat_at=None,
        error=Case(
            When(silent, then=Value(WORKER_GONE.format(doing=APPLYING, retry=APPLY_AGAIN))),
            default=Value(TOO_LONG),
        ),
    )
    reading = ImportJob.objects.filter(status=ImportStatus.UPLOADED)
    dropped = reading.filter(silent).update(
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
    lost = ImportJob.objects.filter(
        status=ImportStatus.QUEUED, queued_at__lt=now - LOST_AFTER
    ).update(
        status=ImportStatus.FAILED,
        finished_at=now,
        error="No worker picked this import up within an hour (is the Celery worker running?). "
        "Nothing was changed; apply the file again.",
    )
    return stopped + dropped + orphaned + lost
