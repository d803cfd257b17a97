"""Uploads are read in the Celery job, never in the web request; every failure leaves the row
failed with a message; the sweep notices a dead worker in seconds; a task delivered again after
its worker died restarts its own job."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from convergence.celery import app as celery_app
from tests.conftest import Org, People, client_for, htmx_client_for
from tests.touchpoints.test_import_plan import ACME
from touchpoints.importing import create_job, store_upload
from touchpoints.models import ImportJob, ImportStatus, OrgUnit
from touchpoints.tasks import LOST_AFTER, preview_import, run_import, sweep_stuck_imports

pytestmark = pytest.mark.django_db

GROWN = ACME + "X,Audit,F,Leeds\n"


@pytest.fixture
def no_worker_yet(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Tasks are sent, not run: what a web request does when a worker is there to read."""
    sent: list[int] = []
    celery_app.conf.task_always_eager = False  # conftest's celery_runs_in_process restores it
    monkeypatch.setattr("touchpoints.tasks.preview_import.delay", sent.append)
    return sent


def upload(org: Org, people: People, text: str = GROWN) -> Any:
    """Upload `text`; what the request queues once it commits is sent at the end."""
    file = SimpleUploadedFile("chart.csv", text.encode(), content_type="text/csv")
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client_for(people.admin).post(
            reverse("import_upload", args=[org.workspace.slug]), {"file": file}
        )


def test_the_upload_request_stores_the_file_unread_and_queues_it(
    org: Org, people: People, no_worker_yet: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_parsing_here(*args: object) -> None:
        raise AssertionError("the web request parsed the upload")

    monkeypatch.setattr("touchpoints.importing.jobs.parse_orgchart", no_parsing_here)
    response = upload(org, people)
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("import_preview", args=["acme", job.pk])
    assert no_worker_yet == [job.pk]
    assert job.status == ImportStatus.UPLOADED and job.preview.get("columns") is None
    page = client_for(people.admin).get(response["Location"])
    assert b"Reading the file" in page.content and b'hx-trigger="every 1s"' in page.content
    assert b"Apply this import" not in page.content


def test_the_worker_reads_it_and_the_preview_appears(
    org: Org, people: People, no_worker_yet: list[int]
) -> None:
    upload(org, people)
    job = ImportJob.objects.get()
    assert preview_import(job.pk) == "done"
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED and job.counts["created"] == 1
    assert job.heartbeat_at is None
    fragment = htmx_client_for(people.admin).get(reverse("import_preview", args=["acme", job.pk]))
    assert b"Apply this import" in fragment.content and b"every 1s" not in fragment.content
    assert preview_import(job.pk) == "not waiting"


def test_an_unreadable_file_leaves_the_row_failed_with_the_reason(org: Org) -> None:
    job = store_upload(org.workspace, b"\x00\x01garbage\xff" * 10, "chart.csv", None)
    preview_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.error
    assert not job.preview.get("applicable")


def test_an_unexpected_error_leaves_the_row_failed_with_a_message(
    org: Org, monkeypatch: pytest.MonkeyPatch
) -> None:
    job = store_upload(org.workspace, GROWN.encode(), "chart.csv", None)

    def explode(*args: object) -> None:
        raise MemoryError("out of memory")

    monkeypatch.setattr("touchpoints.tasks.preview_stored", explode)
    assert preview_import(job.pk) == "failed"
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "MemoryError: out of memory" in job.error and "Nothing was changed" in job.error


# Committed for real, as a request is: the refusal is heard inside the request.
@pytest.mark.django_db(transaction=True)
def test_a_dead_queue_leaves_the_upload_failed_with_a_message(
    org: Org, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kombu.exceptions import OperationalError

    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError("Connection refused")

    celery_app.conf.task_always_eager = False  # conftest's celery_runs_in_process restores it
    monkeypatch.setattr("touchpoints.tasks.preview_import.delay", refuse)
    upload(org, people)
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED and "cannot be reached" in job.error


def test_orphaned_uploads_are_swept(org: Org) -> None:
    never_read = store_upload(org.workspace, GROWN.encode(), "old.csv", None)
    ImportJob.objects.filter(pk=never_read.pk).update(
        queued_at=timezone.now() - LOST_AFTER - timedelta(minutes=1)
    )
    legacy = store_upload(org.workspace, GROWN.encode(), "legacy.csv", None)
    ImportJob.objects.filter(pk=legacy.pk).update(
        queued_at=None, created_at=timezone.now() - LOST_AFTER - timedelta(minutes=1)
    )
    fresh = store_upload(org.workspace, GROWN.encode(), "fresh.csv", None)
    assert sweep_stuck_imports() == 2
    statuses = dict(ImportJob.objects.values_list("filename", "status"))
    assert statuses == {
        "old.csv": ImportStatus.FAILED,
        "legacy.csv": ImportStatus.FAILED,
        "fresh.csv": ImportStatus.UPLOADED,
    }
    assert "No worker read this file" in ImportJob.objects.get(pk=legacy.pk).error
    assert fresh.pk


def test_the_sweep_notices_a_dead_worker_within_seconds(org: Org, settings: Any) -> None:
    settings.JOB_HEARTBEAT_SECONDS = 2
    job, _ = create_job(org.workspace, GROWN.encode(), "chart.csv", None)
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.RUNNING, started_at=now, heartbeat_at=now - timedelta(seconds=3)
    )
    assert sweep_stuck_imports() == 0  # one beat missed: still alive
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=now - timedelta(seconds=7))
    assert sweep_stuck_imports() == 1
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "worker applying this import stopped" in job.error


def test_a_task_delivered_again_after_its_worker_died_restarts_its_job(
    org: Org, settings: Any
) -> None:
    settings.JOB_HEARTBEAT_SECONDS = 2
    job, _ = create_job(org.workspace, GROWN.encode(), "chart.csv", None)
    now = timezone.now()
    alive = {"status": ImportStatus.RUNNING, "started_at": now, "heartbeat_at": now}
    ImportJob.objects.filter(pk=job.pk).update(**alive)
    assert run_import(job.pk) == "not queued"  # its worker is alive: a duplicate delivery
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=now - timedelta(seconds=10))
    assert run_import(job.pk) == "done"
    job.refresh_from_db()
    assert (job.status, job.attempts) == (ImportStatus.APPLIED, 1)
    assert OrgUnit.objects.filter(workspace=org.workspace, code="X").count() == 1
