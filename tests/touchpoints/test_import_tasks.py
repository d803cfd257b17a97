"""run_import and sweep_stuck_imports, called in-process."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from pytest_django import DjangoCaptureOnCommitCallbacks

from tests.conftest import Org
from tests.touchpoints.test_import_plan import ACME, database_state
from touchpoints.importing import create_job
from touchpoints.models import ImportJob, ImportStatus, OrgUnit
from touchpoints.tasks import (
    LOST_AFTER,
    STUCK_AFTER,
    enqueue_import,
    run_import,
    sweep_stuck_imports,
)

pytestmark = pytest.mark.django_db

GROWN = ACME + "X,Audit,F,Leeds\n"


def queued_job(org: Org, text: str = GROWN) -> ImportJob:
    job, _ = create_job(org.workspace, text.encode(), "chart.csv", None)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
    return job


def test_running_the_task_twice_applies_the_import_once(org: Org) -> None:
    job = queued_job(org)
    assert run_import(job.pk) == "done"
    job.refresh_from_db()
    assert (job.status, job.progress, job.counts["created"]) == (ImportStatus.APPLIED, 100, 1)
    assert job.started_at is not None and job.finished_at is not None
    after_first = database_state(org)
    assert run_import(job.pk) == "not queued"
    assert database_state(org) == after_first and OrgUnit.objects.filter(code="X").count() == 1


def test_a_failure_marks_the_job_failed_with_a_message_and_a_retry_works(
    org: Org,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    job = queued_job(org)
    before = database_state(org)

    def explode(*args: object) -> None:
        raise RuntimeError("connection reset")

    monkeypatch.setattr("touchpoints.importing.apply.flag_wrong_sides", explode)
    run_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert "RuntimeError: connection reset" in job.error and "Nothing was changed" in job.error
    assert database_state(org) == before
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):  # eager in tests: runs at once
        assert enqueue_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED and job.error == ""
    assert OrgUnit.objects.filter(code="X").exists()


def test_a_file_that_became_unimportable_fails_with_the_reason(org: Org) -> None:
    job = queued_job(org)
    ImportJob.objects.filter(pk=job.pk).update(data=b"id,name\n,nameless\n")
    run_import(job.pk)
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "No row of the file" in job.error


def test_a_job_that_is_not_previewed_is_not_queued(org: Org) -> None:
    job = queued_job(org)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.APPLIED)
    assert not enqueue_import(job.pk)


def test_the_sweep_fails_jobs_running_past_the_time_limit_only(org: Org) -> None:
    stuck, recent = queued_job(org), queued_job(org)
    long_ago = timezone.now() - STUCK_AFTER - timedelta(minutes=1)
    ImportJob.objects.filter(pk=stuck.pk).update(status=ImportStatus.RUNNING, started_at=long_ago)
    ImportJob.objects.filter(pk=recent.pk).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    assert sweep_stuck_imports() == 1
    stuck.refresh_from_db()
    recent.refresh_from_db()
    assert stuck.status == ImportStatus.FAILED and "did not finish in time" in stuck.error
    assert recent.status == ImportStatus.RUNNING
    assert sweep_stuck_imports() == 0


def test_the_sweep_fails_jobs_no_worker_picked_up_within_the_hour(org: Org) -> None:
    lost, waiting = queued_job(org), queued_job(org)
    ImportJob.objects.filter(pk=lost.pk).update(
        queued_at=timezone.now() - LOST_AFTER - timedelta(minutes=1)
    )
    ImportJob.objects.filter(pk=waiting.pk).update(queued_at=timezone.now())
    assert sweep_stuck_imports() == 1
    lost.refresh_from_db()
    waiting.refresh_from_db()
    assert lost.status == ImportStatus.FAILED and "No worker picked" in lost.error
    assert waiting.status == ImportStatus.QUEUED
    assert enqueue_import(lost.pk), "a swept job can be applied again"
    lost.refresh_from_db()
    assert lost.status == ImportStatus.QUEUED
    assert lost.queued_at and waiting.queued_at and lost.queued_at > waiting.queued_at
