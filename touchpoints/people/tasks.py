"""The people upload's task: thin, claimed once, a heartbeat while it runs (convergence.jobs)."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.contrib.django.task import DjangoTask

from convergence.jobs import QueueUnavailable, beating, claim, enqueue_after_commit, finish
from touchpoints.models import PeopleUpload, PeopleUploadStatus
from touchpoints.people.uploads import keep_upload, problems_of

logger = logging.getLogger(__name__)
QUEUED, RUNNING = PeopleUploadStatus.QUEUED, PeopleUploadStatus.RUNNING
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
