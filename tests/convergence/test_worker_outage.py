"""A Redis outage under a running worker costs a wait, never the worker; /health/ says so."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from pytest_django.fixtures import Settings

from assessments.models import GapReport, ReportStatus
from assessments.tasks import build_gap_report
from convergence.celery import app as celery_app
from convergence.models import WorkerHeartbeat
from tests.conftest import Org, client_for
from tests.worker import ready, redis_server, start_worker, stop, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def enqueue_report(org: Org, broker_url: str, queue: str) -> GapReport:
    report = GapReport.objects.create(workspace=org.workspace)
    with celery_app.connection_for_write(broker_url) as connection:
        build_gap_report.apply_async(
            (report.pk,),
            connection=connection,  # type: ignore[call-arg]  # Celery accepts connection=; celery-types does not list it
            queue=queue,
        )
    return report


def done(report: GapReport) -> bool:
    report.refresh_from_db()
    return report.status == ReportStatus.DONE


def test_the_worker_outlives_a_redis_outage_and_runs_what_is_queued_after(org: Org) -> None:
    with redis_server() as server:
        worker = start_worker("outage", server.url, WORKER_HEARTBEAT_SECONDS="0.5")
        try:
            assert ready("outage")
            server.stop()
            # The old setting (one broker retry) made the worker exit within about two seconds.
            time.sleep(5)
            assert worker.poll() is None, "the worker exited during the outage"
            server.start()
            assert done_soon(enqueue_report(org, server.url, "outage"))
            assert worker.poll() is None
        finally:
            stop(worker)
    # A worker shut down cleanly takes its heartbeat with it.
    assert not WorkerHeartbeat.objects.exists()


def done_soon(report: GapReport) -> bool:
    return wait_until(lambda: done(report), 40)


def test_health_is_degraded_while_no_worker_beats(db: None, settings: Settings) -> None:
    settings.WORKER_HEARTBEAT_SECONDS = 0.5
    worker = start_worker("heartbeat", WORKER_HEARTBEAT_SECONDS="0.5")
    try:
        assert ready("heartbeat")
        assert health()["worker"] == "ok" and health()["status"] == "ok"
        worker.kill()  # no clean shutdown: only the silence tells
        worker.wait()
        assert wait_until(lambda: health()["status"] == "degraded", 5)
    finally:
        stop(worker)
    response = client_for(None).get(reverse("health"))
    assert response.status_code == 200
    assert response.json()["worker"].startswith("no worker heartbeat for")


def health() -> dict[str, str]:
    body: dict[str, str] = client_for(None).get(reverse("health")).json()
    return body
