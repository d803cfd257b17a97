"""Scale out, proven: two web processes (gunicorn, as docker-compose runs it) and two Celery
workers on one PostgreSQL and one Redis.

A board served by one web process sees what the other wrote; two workers racing over every
report build each once; a worker killed (kill -9) in the middle of a report leaves it to the
other, which takes the delivery Redis hands back and builds the report once.

The four processes start in parallel once for the module (they start slowly on a loaded
machine: 20 to 90 s here, hence the long waits). The kill is last: its victim stays dead.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoDbBlocker

from assessments.models import Assessment, GapReport, ReportFile, ReportStatus
from assessments.tasks import build_gap_report
from convergence.celery import app as celery_app
from tests.assessments.conftest import WorkedOrg, worked
from tests.conftest import People
from tests.worker import (
    ROOT,
    free_port,
    ready,
    start_worker,
    stop,
    wait_until,
)
from tests.worker import (
    test_database_url as database_url,  # aliased: pytest would collect a test_ name
)
from tests.workshops.conftest import live_workshop
from tests.workshops.test_board import capture_data
from touchpoints.models import OrgUnit, TouchPoint

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
__all__ = ["worked"]  # the fixture, imported from the assessments tests

# Short enough for a test: a job is silent after 3 s without a beat, and an unacknowledged
# message (its worker died) is handed back after 10 s, looked for every second.
JOB_HEARTBEAT = 1
VISIBILITY = 10
# Any valid-format token: the cookie and the header need only match (the test holds both).
CSRF = "scaleoutscaleoutscaleoutscaleout"


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Web:
    """One gunicorn process and the address it serves."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def call(
        self,
        method: str,
        path: str,
        session: str,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
    ) -> Answer:
        """An htmx request (as the board's own polls and forms send) signed in as `session`."""
        cookies = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={CSRF}"
        sent = {"Cookie": cookies, "X-CSRFToken": CSRF, "HX-Request": "true"} | (headers or {})
        if data is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        link = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            body = urlencode(data) if data is not None else None
            link.request(method, path, body=body, headers=sent)
            response = link.getresponse()
            return Answer(response.status, dict(response.getheaders()), response.read())
        finally:
            link.close()

    def answers(self) -> bool:
        link = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            link.request("GET", "/health/")
            link.getresponse().read()
        except OSError:
            return False
        finally:
            link.close()
        return True


@dataclass
class Cluster:
    queue: str
    webs: list[Web]
    workers: dict[int, subprocess.Popen[bytes]] = field(default_factory=dict)


def compose_gunicorn(port: int) -> list[str]:
    """docker-compose's web command (gunicorn), bound to `port`, with one worker each: two web
    processes are the point here, and compose's three apiece would only slow the start."""
    compose = (ROOT / "docker-compose.yml").read_text()
    found = re.search(r"gunicorn convergence\.wsgi[^\"\n]*", compose)
    assert found, "docker-compose.yml's web service no longer runs gunicorn convergence.wsgi"
    words = found.group(0).split()
    assert "--bind" in words and "--workers" in words, words
    words[words.index("--bind") + 1] = f"127.0.0.1:{port}"
    words[words.index("--workers") + 1] = "1"
    return [str(Path(sys.executable).with_name("gunicorn")), *words[1:]]


def start_web(env: dict[str, str], log: Path) -> Web:
    port = free_port()
    with log.open("wb") as output:
        process = subprocess.Popen(
            compose_gunicorn(port), cwd=ROOT, env=os.environ | env, stdout=output, stderr=output
        )
    return Web(process, port, log)


@pytest.fixture(scope="module")
def cluster(
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Cluster]:
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("needs Redis (REDIS_URL)")
    queue = f"scale-{uuid.uuid4().hex[:10]}"
    with django_db_blocker.unblock():
        web_env = {
            "CELERY_QUEUE": queue,
            "DATABASE_URL": database_url(),
            "REDIS_URL": redis_url,
            "SECRET_KEY": settings.SECRET_KEY,  # the test's sessions are signed with it
            "ALLOWED_HOSTS": "127.0.0.1",
            "CACHE_PREFIX": queue,
            "DEBUG": "false",
        }
        logs = tmp_path_factory.mktemp("scale-out")
        names = [f"{queue}-a", f"{queue}-b"]
        workers = [
            start_worker(
                queue,
                name=name,
                CELERY_QUEUE=queue,
                JOB_HEARTBEAT_SECONDS=str(JOB_HEARTBEAT),
                CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY),
                CELERY_RESTORE_INTERVAL="1",
            )
            for name in names
        ]
        webs = [start_web(web_env, logs / f"web-{n}.log") for n in "ab"]
        started = Cluster(queue, webs, {worker.pid: worker for worker in workers})
        try:
            for web in webs:
                assert wait_until(web.answers, 180), web.log.read_text()[-2000:]
            assert all(ready(name, 180) for name in names), "a worker did not start"
            yield started
        finally:
            stop_all([*workers, *(web.process for web in webs)])


def stop_all(processes: list[subprocess.Popen[bytes]]) -> None:
    """Stop them all at once: one by one, their warm shutdowns add up."""
    for process in processes:
        process.terminate()
    for process in processes:
        stop(process)


@pytest.fixture
def to_workers() -> None:
    """The test process sends tasks to the queue too (the suite runs them in-process)."""
    celery_app.conf.task_always_eager = False  # conftest's celery_runs_in_process restores it


def session_of(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_a_board_served_by_one_web_process_shows_what_the_other_wrote(
    cluster: Cluster, worked: WorkedOrg, people: People
) -> None:
    workshop = live_workshop(worked.org)
    writer, reader = cluster.webs
    session = session_of(people.facilitator)
    slug = workshop.workspace.slug
    board = reverse("workshop_board", args=[slug, workshop.pk])
    before = reader.call("GET", board, session)
    assert before.status == 200 and before.headers["ETag"]
    capture = reverse("workshop_capture", args=[slug, workshop.pk])
    written = writer.call("POST", capture, session, capture_data(worked.org))
    assert written.status == 200 and written.headers["HX-Trigger"] == "board-changed"
    after = reader.call("GET", board, session, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status == 200 and after.headers["ETag"] != before.headers["ETag"]
    # Finance × Infra had no touch point: its cell is no longer empty on the reader's board.
    assert after.body.count(b"cell empty") == before.body.count(b"cell empty") - 1
    # The writer serves the board at that same revision: the reader's new ETag is current.
    current = {"If-None-Match": after.headers["ETag"]}
    assert writer.call("GET", board, session, headers=current).status == 304


def built_once(report: GapReport) -> bool:
    """Done, with what a single build stores: one assessment, the 14 gaps, a file per format."""
    report.refresh_from_db()
    assessments = Assessment.objects.filter(gap_reports=report).count()
    built = (report.gaps.count(), report.files.count(), assessments)
    return report.status == ReportStatus.DONE and built == (14, len(ReportFile.Format), 1)


def test_two_workers_racing_over_every_report_build_each_once(
    cluster: Cluster, worked: WorkedOrg, people: People, to_workers: None
) -> None:
    session, slug = session_of(people.manager), worked.org.workspace.slug
    for web in [*cluster.webs, *cluster.webs]:
        asked = web.call(
            "POST", reverse("report_request", args=[slug]), session, {"granularity": "full"}
        )
        assert asked.status == 200 and asked.headers["HX-Redirect"]
    reports = list(GapReport.objects.filter(workspace=worked.org.workspace))
    assert len(reports) == 4
    for report in reports:  # a second delivery of each, for the other worker to race
        build_gap_report.apply_async((report.pk,), queue=cluster.queue)
    assert wait_until(lambda: not any(r.is_active for r in fresh(reports)), 120)
    assert all(built_once(report) for report in reports)
    assert Assessment.objects.count() == 4
    assert [report.attempts for report in fresh(reports)] == [1, 1, 1, 1]
    assert {pid_of(report) for report in fresh(reports)} <= set(cluster.workers)


def fresh(reports: list[GapReport]) -> list[GapReport]:
    return list(GapReport.objects.filter(pk__in=[r.pk for r in reports]).order_by("pk"))


def pid_of(report: GapReport) -> int:
    """The pid of the worker process that holds (or last held) the report."""
    return int(report.worker.rsplit(":", 1)[1])


# Last in the module: its victim stays dead.
def test_a_worker_killed_mid_report_leaves_it_to_the_other_which_builds_it_once(
    cluster: Cluster, worked: WorkedOrg, to_workers: None
) -> None:
    report = GapReport.objects.create(workspace=worked.org.workspace)
    tables = ", ".join(model._meta.db_table for model in (OrgUnit, TouchPoint))
    # The report stops where it reads the org chart until this transaction ends: mid-report.
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {tables} IN ACCESS EXCLUSIVE MODE")
        build_gap_report.apply_async((report.pk,), queue=cluster.queue)
        assert wait_until(lambda: reading(report), 60)
        victim = cluster.workers[pid_of(report)]
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        held_for = (timezone.now() - report.started_at).total_seconds() if report.started_at else 0
    # Redis hands the message back VISIBILITY s after the victim took it; by then its heartbeat
    # must have stopped for three beats, or the survivor would (rightly) leave the report alone.
    assert held_for < VISIBILITY - 3 * JOB_HEARTBEAT - 1, f"the kill came {held_for:.1f} s late"
    assert wait_until(lambda: built_once(report), 120), (report.status, report.message)
    survivor = next(pid for pid in cluster.workers if pid != victim.pid)
    assert (report.attempts, pid_of(report)) == (2, survivor)
    assert Assessment.objects.count() == 1


def reading(report: GapReport) -> bool:
    report.refresh_from_db()
    return report.status == ReportStatus.RUNNING and report.message.startswith("Reading")
