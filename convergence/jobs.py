"""The lifecycle every background job row shares (org-chart imports, gap reports, what comes next).

A job is a row with a `status`, `started_at`, `heartbeat_at`, `attempts` and `worker`. A request
enqueues it after its transaction commits (enqueue_after_commit). One delivery of the task claims
it with a conditional UPDATE (claim) and, while it works, keeps the row's heartbeat fresh from a
thread (beating) and records its progress where the browser polls it (record_progress).

The heartbeat is what tells a dead worker from a slow one, within seconds: a task delivered again
(acks_late: the broker hands an unacknowledged message to another worker once the visibility
timeout passes) claims a running job whose heartbeat has stopped and starts it over, while a
duplicate delivery of a job whose worker is alive does nothing; each app's sweep fails the jobs
whose heartbeat stopped. Each app keeps its own statuses, messages and sweeps.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from celery.contrib.django.task import DjangoTask
from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.db.models import F, Model, Q
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a broker that is down raises: kombu's wrapper, redis-py's own error, a refused socket.
BROKER_ERRORS = (BrokerError, RedisError, OSError)
# A job is silent (its worker gone) once this many heartbeats are missed.
MISSED_BEATS = 3


class QueueUnavailable(Exception):
    """The broker did not take the job; the message tells a person what to do about it."""


def enqueue_after_commit(task: DjangoTask[Any, Any], job_id: int, refusal: str) -> None:
    """Send `task(job_id)` to the worker once the current transaction commits (at once outside
    one); raise QueueUnavailable(refusal) when the broker cannot take it.

    The broker's fail-fast settings (CELERY_BROKER_*, CELERY_TASK_PUBLISH_RETRY) make a dead
    Redis answer in about a second. Call it outside a transaction to hear of that here: inside
    one, the refusal surfaces when the transaction commits.
    """
    try:
        task.delay_on_commit(job_id)
    except BROKER_ERRORS as error:
        logger.warning("Could not enqueue %s(%s): %s", task.name, job_id, error)
        raise QueueUnavailable(refusal) from error


def beat_seconds() -> float:
    return float(settings.JOB_HEARTBEAT_SECONDS)


def silent(now: dt.datetime | None = None) -> Q:
    """The jobs whose heartbeat stopped, as of `now` (a job never taken has none: it is not
    silent)."""
    since = (now or timezone.now()) - dt.timedelta(seconds=MISSED_BEATS * beat_seconds())
    return Q(heartbeat_at__lt=since)


def this_worker() -> str:
    """Who holds a claimed job, as an admin reading the row (or a log) can find it."""
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def claim(model: type[Model], job_id: int, *, queued: str, running: str, **fields: Any) -> bool:
    """Take job `job_id` for this delivery in one conditional UPDATE; True for the one that wins.

    It is free when `queued` and not taken, or `running` (taken) by a worker whose heartbeat
    stopped: this is then the task delivered again after that worker died, and it starts the job
    over. A job whose worker is alive is never taken twice. The claim sets `running`, stamps
    started_at and the heartbeat, counts the attempt and writes `fields` (the first step).
    `queued` and `running` may be one status (a job whose "running" is a step, not a status).
    """
    free = Q(status=queued) & (Q(heartbeat_at__isnull=True) | silent())
    free |= Q(status=running) & silent()
    now = timezone.now()
    claimed = model._default_manager.filter(free, pk=job_id).update(
        status=running,
        started_at=now,
        heartbeat_at=now,
        attempts=F("attempts") + 1,
        worker=this_worker(),
        **fields,
    )
    return claimed == 1


@contextmanager
def beating(model: type[Model], job_id: int, *, running: str) -> Iterator[None]:
    """Keep the job's heartbeat_at fresh while the block runs (and the job is still `running`).

    A thread does it, on its own connection, so it commits even while the job holds a long
    transaction open, and it goes on while the job's own code is busy.
    """
    stopped = threading.Event()
    rows = model._default_manager.filter(pk=job_id, status=running)

    def beat() -> None:
        while not stopped.wait(beat_seconds()):
            try:
                rows.update(heartbeat_at=timezone.now())
            except DatabaseError as error:
                logger.warning("%s #%s heartbeat not written: %s", model.__name__, job_id, error)
        connection.close()

    thread = threading.Thread(target=beat, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stopped.set()
        thread.join(timeout=beat_seconds() + 5)


def record_progress(model: type[Model], job_id: int, *, running: str, **fields: Any) -> None:
    """Store progress `fields` on a job still `running`, where the browser can see it at once,
    even from inside the job's own transaction.

    Inside a transaction the row is written through a second connection, which commits at once
    (PostgreSQL only: SQLite would wait on its own writer lock, so there it is skipped).
    """
    if not connection.in_atomic_block:
        model._default_manager.filter(pk=job_id, status=running).update(**fields)
        return
    if connection.vendor != "postgresql":
        return
    columns = {f.name: f.column for f in model._meta.concrete_fields if f.column}
    assignments = ", ".join(f"{connection.ops.quote_name(columns[name])} = %s" for name in fields)
    side = connections.create_connection("default")
    try:
        with side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {model._meta.db_table} SET {assignments} WHERE id = %s AND status = %s",
                [*fields.values(), job_id, running],
            )
    finally:
        side.close()


def finish(model: type[Model], job_id: int, status: str, **fields: Any) -> None:
    """End a job with `status` (and its outcome `fields`): progress full, heartbeat stopped."""
    model._default_manager.filter(pk=job_id).update(
        status=status,
        progress=100,
        step="",
        finished_at=timezone.now(),
        heartbeat_at=None,
        **fields,
    )
