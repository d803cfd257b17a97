"""The people upload's task: thin, claimed once, a heartbeat while it runs (convergence.jobs)."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from celery.contrib.django.task import DjangoTask
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from convergence.jobs import (
    QueueUnavailable,
    beating,
    claim,
    enqueue_after_commit,
    finish,
    silent,
)
from touchpoints.models import PeopleUpload, PeopleUploadStatus
from touchpoints.people.uploads import keep_upload, problems_of

logger = logging.getLogger(__name__)
QUEUED, RUNNING = PeopleUploadStatus.QUEUED, PeopleUploadStatus.RUNNING
FAILED = PeopleUploadStatus.FAILED
# Running past the hard time limit (plus a margin): lost with its worker. Queued an hour: lost.
STUCK_AFTER = timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
LOST_AFTER = timedelta(hours=1)
WORKER_GONE = (
    "The worker checking this file stopped (it was restarted or killed). Nothing was changed; "
    "try again."
)
NOBODY_TOOK = (
    "No worker picked this upload up within an hour (is the Celery worker running?). Nothing "
    "was changed; try again."
)
QUEUE_DOWN = (
    "The job queue (Redis) cannot be reached, so the upload has not started and nothing was "
    "changed. Retry in a minute; if it keeps failing, ask whoever runs Convergence to check "
    "Redis and the Celery worker."
)


def enqueue_people_upload(upload_id: int) -> None:
    """Queue the upload for the worker; on a dead broker the row fails, saying so."""
    try:
        enqueue_after_commit(keep_uploaded_people, upload_id, QUEUE_DOWN)
    except QueueUnavailable:
        finish(PeopleUpload, upload_id, PeopleUploadStatus.FAILED, error=QUEUE_DOWN)
        raise


@shared_task(base=DjangoTask)
def keep_uploaded_people(upload_id: int) -> str:
    """Check and keep upload `upload_id` once; a second delivery finds it claimed."""
    if not claim(PeopleUpload, upload_id, queued=QUEUED, running=RUNNING, step="Checking"):
        return "not queued"
    upload = PeopleUpload.objects.select_related("workspace", "created_by").get(pk=upload_id)
    try:
        with beating(PeopleUpload, upload_id, running=RUNNING):
            checked = keep_upload(upload)
    except Exception as error:
        logger.exception("People upload #%s failed", upload_id)
        message = (
            f"The upload stopped on an unexpected error ({type(error).__name__}: {error}). "
            "Nothing was changed. Retry; if it fails the same way, send this message and the "
            "file to whoever runs Convergence."
        )
        finish(PeopleUpload, upload_id, PeopleUploadStatus.FAILED, error=message[:2000])
        return "failed"
    status = PeopleUploadStatus.FAILED if checked.refusal else PeopleUploadStatus.DONE
    finish(PeopleUpload, upload_id, status, error=checked.refusal, problems=problems_of(checked))
    return str(status)


@shared_task
def sweep_stuck_people_uploads() -> int:
    """Fail the uploads no worker will finish (a silent heartbeat, past the time limit, or
    queued an hour untaken), so their page says so and offers a retry."""
    now = timezone.now()
    stopped = PeopleUpload.objects.filter(
        silent(now) | Q(started_at__lt=now - STUCK_AFTER), status=RUNNING
    ).update(status=FAILED, finished_at=now, heartbeat_at=None, error=WORKER_GONE)
    lost = PeopleUpload.objects.filter(
        status=QUEUED, heartbeat_at__isnull=True, queued_at__lt=now - LOST_AFTER
    ).update(status=FAILED, finished_at=now, error=NOBODY_TOOK)
    return stopped + lost
