"""convergence.jobs: enqueue after commit, one claim per job, progress seen while it runs."""

from __future__ import annotations

import pytest
from django.db import connections, transaction
from kombu.exceptions import OperationalError
from pytest_django import DjangoCaptureOnCommitCallbacks

from assessments.models import GapReport, ReportStatus
from assessments.tasks import build_gap_report
from convergence.jobs import QueueUnavailable, claim, enqueue_after_commit, record_progress
from tests.conftest import Org

QUEUED, RUNNING = ReportStatus.QUEUED, ReportStatus.RUNNING


def a_report(org: Org, status: str = QUEUED) -> GapReport:
    return GapReport.objects.create(workspace=org.workspace, status=status)


@pytest.mark.django_db
def test_only_the_first_of_two_deliveries_claims_the_job(org: Org) -> None:
    report = a_report(org)
    assert claim(GapReport, report.pk, queued=QUEUED, running=RUNNING, progress=5)
    assert not claim(GapReport, report.pk, queued=QUEUED, running=RUNNING, progress=7)
    report.refresh_from_db()
    assert (report.status, report.progress) == (RUNNING, 5)
    assert report.started_at is not None


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
