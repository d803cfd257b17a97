"""convergence.jobs: enqueue after commit, one claim per job (again only once its worker's
heartbeat stopped), a heartbeat while it runs, progress seen while it runs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connections, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError
from pytest_django import DjangoCaptureOnCommitCallbacks

from assessments.models import GapReport, ReportStatus
from assessments.tasks import build_gap_report
from convergence.celery import app as celery_app
from convergence.jobs import (
    QueueUnavailable,
    beating,
    claim,
    enqueue_after_commit,
    record_progress,
    this_worker,
)
from tests.conftest import Org
from tests.worker import wait_until

QUEUED, RUNNING = ReportStatus.QUEUED, ReportStatus.RUNNING


def a_report(org: Org, status: str = QUEUED) -> GapReport:
    return GapReport.objects.create(workspace=org.workspace, status=status)


@pytest.mark.django_db
def test_only_the_first_of_two_deliveries_claims_the_job(org: Org) -> None:
    report = a_report(org)
    assert claim(GapReport, report.pk, queued=QUEUED, running=RUNNING, progress=5)
    assert not claim(GapReport, report.pk, queued=QUEUED, running=RUNNING, progress=7)
    report.refresh_from_db()
    assert (report.status, report.progress, report.attempts) == (RUNNING, 5, 1)
    assert report.started_at is not None and report.heartbeat_at is not None
    assert report.worker == this_worker()


def beat_ago(report: GapReport, seconds: float) -> None:
    beat = timezone.now() - dt.timedelta(seconds=seconds)
    GapReport.objects.filter(pk=report.pk).update(heartbeat_at=beat)


@pytest.mark.django_db
def test_a_running_job_is_claimed_again_only_once_its_heartbeat_stopped(
    org: Org, settings: Any
) -> None:
    settings.JOB_HEARTBEAT_SECONDS = 2
    report = a_report(org)
    assert claim(GapReport, report.pk, queued=QUEUED, running=RUNNING)
    beat_ago(report, 5)  # two beats missed: a slow worker, not a dead one
    assert not claim(GapReport, report.pk, queued=QUEUED, running=RUNNING)
    beat_ago(report, 7)  # three missed: its worker is gone, this is the redelivery
    assert claim(GapReport, report.pk, queued=QUEUED, running=RUNNING, progress=5)
    report.refresh_from_db()
    assert (report.status, report.progress, report.attempts) == (RUNNING, 5, 2)
    assert report.heartbeat_at and report.heartbeat_at > timezone.now() - dt.timedelta(seconds=1)
    assert not claim(GapReport, report.pk, queued=QUEUED, running=RUNNING)


@pytest.mark.django_db
def test_a_finished_job_is_never_claimed_whatever_its_heartbeat(org: Org) -> None:
    for status in (ReportStatus.DONE, ReportStatus.FAILED):
        report = a_report(org, status)
        beat_ago(report, 3600)
        assert not claim(GapReport, report.pk, queued=QUEUED, running=RUNNING)


# The heartbeat thread writes through its own connection: the row must be committed.
@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_is_fresh_while_the_job_works_and_stops_with_it(
    org: Org, settings: Any
) -> None:
    settings.JOB_HEARTBEAT_SECONDS = 0.1
    report = a_report(org)
    assert claim(GapReport, report.pk, queued=QUEUED, running=RUNNING)
    beat_ago(report, 60)
    with beating(GapReport, report.pk, running=RUNNING):
        assert wait_until(lambda: not is_silent(report, 1), 10)
        beat_ago(report, 60)
        assert wait_until(lambda: not is_silent(report, 1), 10)
    beat_ago(report, 60)
    with beating(GapReport, report.pk, running=RUNNING):
        GapReport.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED)
        wait_until(lambda: False, 0.5)  # nothing to wait for: five beats for a wrong write
    assert is_silent(report, 50), "a job that stopped running got a heartbeat"


def is_silent(report: GapReport, seconds: float) -> bool:
    report.refresh_from_db()
    assert report.heartbeat_at is not None
    return report.heartbeat_at < timezone.now() - dt.timedelta(seconds=seconds)


@pytest.mark.django_db
def test_progress_never_overwrites_a_job_that_stopped_running(org: Org) -> None:
    report = a_report(org, ReportStatus.FAILED)
    GapReport.objects.filter(pk=report.pk).update(message="Stopped: retry it")
    record_progress(GapReport, report.pk, running=RUNNING, progress=50, message="Writing")
    report.refresh_from_db()
    assert (report.progress, report.message) == (0, "Stopped: retry it")


@pytest.mark.django_db(transaction=True)
def test_progress_recorded_inside_the_jobs_transaction_is_seen_at_once(org: Org) -> None:
    report = a_report(org, RUNNING)
    with transaction.atomic():
        record_progress(GapReport, report.pk, running=RUNNING, progress=40, message="Scoring")
        seen = connections.create_connection("default")
        try:
            with seen.cursor() as cursor:
                cursor.execute(
                    f"SELECT progress, message FROM {GapReport._meta.db_table} WHERE id = %s",
                    [report.pk],
                )
                assert cursor.fetchone() == (40, "Scoring")
        finally:
            seen.close()


@pytest.mark.django_db
def test_the_task_is_sent_only_when_the_transaction_commits(
    org: Org,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    sent: list[int] = []
    monkeypatch.setattr(build_gap_report, "delay", sent.append)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueue_after_commit(build_gap_report, 7, "unused")
        assert sent == []
    assert len(callbacks) == 1 and sent == [7]


# Committed for real, so the task is sent (and refused) at once, as in a request.
@pytest.mark.django_db(transaction=True)
def test_a_broker_that_refuses_raises_queue_unavailable_with_the_jobs_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object) -> None:
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(build_gap_report, "delay", refuse)
    with pytest.raises(QueueUnavailable) as refused:
        enqueue_after_commit(build_gap_report, 7, "Try again in a minute.")
    assert str(refused.value) == "Try again in a minute."
    assert isinstance(refused.value.__cause__, OperationalError)


def test_a_dead_workers_message_comes_back_only_after_any_task_would_have_ended() -> None:
    # Sooner, a task still running would be handed to a second worker (which the heartbeat
    # claim turns away, at the cost of a delivery); later, a dead worker's job waits longer.
    options = celery_app.conf.broker_transport_options
    assert options["visibility_timeout"] == celery_app.conf.task_time_limit + 60
    assert options["unacked_restore_throttle"] == 1  # each restore interval really looks
