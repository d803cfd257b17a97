"""The lifecycle every background job row shares (org-chart imports, gap reports, what comes next).

A job is a row with a `status` and a `started_at`: a request enqueues it after its transaction
commits (enqueue_after_commit), one delivery of the task claims it with a conditional UPDATE
(claim), and the running task records its progress on the row where the browser polls it
(record_progress). Each app keeps its own statuses, messages and sweeps of lost jobs.
"""

from __future__ import annotations

import logging
from typing import Any

from celery.contrib.django.task import DjangoTask
from django.db import connection, connections
from django.db.models import Model
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a broker that is down raises: kombu's wrapper, redis-py's own error, a refused socket.
BROKER_ERRORS = (BrokerError, RedisError, OSError)


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


def claim(model: type[Model], job_id: int, *, queued: str, running: str, **fields: Any) -> bool:
    """Move job `job_id` from `queued` to `running` (stamping started_at and `fields`) in one
    conditional UPDATE: True for the one delivery that wins, False for any other."""
    claimed = model._default_manager.filter(pk=job_id, status=queued).update(
        status=running, started_at=timezone.now(), **fields
    )
    return claimed == 1


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
