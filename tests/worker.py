"""A real Celery worker on real Redis, for tests marked `worker`.

    with celery_worker(["touchpoints.tasks.run_import"]) as queue: ...

starts `celery worker` in a subprocess on a queue of its own, pointed at the test database, and
routes the named tasks there until the block ends; the worker is terminated afterwards.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings

from convergence.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]


def test_database_url() -> str:
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("worker tests need PostgreSQL (DATABASE_URL)")
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}{port}/{db['NAME']}"


@contextmanager
def celery_worker(task_names: list[str]) -> Iterator[str]:
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("worker tests need Redis (REDIS_URL)")
    queue = f"test-{uuid.uuid4().hex[:10]}"
    env = os.environ | {"DATABASE_URL": test_database_url(), "REDIS_URL": redis_url}
    celery = Path(sys.executable).with_name("celery")
    command = [str(celery), "-A", "convergence", "worker", "-P", "solo", "-c", "1"]
    command += ["--without-heartbeat", "--without-gossip", "--without-mingle", "-Q", queue]
    worker = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    eager, routes = celery_app.conf.task_always_eager, celery_app.conf.task_routes
    # conf.update (not attribute assignment) makes Celery rebuild its cached router, so a
    # second worker test in the same process routes to its own queue, not the previous one.
    celery_app.conf.update(
        task_always_eager=False, task_routes={name: {"queue": queue} for name in task_names}
    )
    try:
        yield queue
    finally:
        celery_app.conf.update(task_always_eager=eager, task_routes=routes)
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


def wait_until(condition: Callable[[], bool], seconds: float = 60) -> bool:
    """Poll `condition` every 0.2 s until it holds or the deadline passes."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()
