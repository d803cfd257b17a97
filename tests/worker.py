"""A real Celery worker on real Redis, for tests marked `worker`.

    with celery_worker(["touchpoints.tasks.run_import"]) as queue: ...

starts `celery worker` in a subprocess on a queue of its own, pointed at the test database, and
routes the named tasks there until the block ends; the worker is terminated afterwards.
"""

from __future__ import annotations

import os
import resource
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
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


def start_worker(
    queue: str,
    redis_url: str | None = None,
    memory_bytes: int | None = None,
    name: str | None = None,
    **env: str,
) -> subprocess.Popen[bytes]:
    """`celery worker` (solo pool) in a subprocess on `queue`, on the test database and
    `redis_url` (the suite's REDIS_URL unless given); `env` adds variables. `memory_bytes`
    caps its address space: past it the worker's allocations fail. Its hostname is
    `name@host` (`name` is the queue's unless given: two workers on one queue need two)."""
    redis_url = redis_url or os.environ.get("REDIS_URL")
    if not redis_url:
        pytest.skip("worker tests need Redis (REDIS_URL)")
    full_env = os.environ | {"DATABASE_URL": test_database_url(), "REDIS_URL": redis_url} | env
    celery = Path(sys.executable).with_name("celery")
    command = [str(celery), "-A", "convergence", "worker", "-P", "solo", "-c", "1"]
    command += ["--without-heartbeat", "--without-gossip", "--without-mingle", "-Q", queue]
    command += ["-n", f"{name or queue}@%h"]

    def bounded() -> None:
        if memory_bytes is not None:
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

    return subprocess.Popen(
        command,
        cwd=ROOT,
        env=full_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=bounded,
    )


def ready(name: str, seconds: float = 60) -> bool:
    """Wait until the worker named `name` (its queue's name unless given another) is consuming
    (its first heartbeat row)."""
    from convergence.models import WorkerHeartbeat

    beats = WorkerHeartbeat.objects.filter(hostname__startswith=f"{name}@")
    return wait_until(beats.exists, seconds)


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def celery_worker(task_names: list[str], **env: str) -> Iterator[str]:
    """`env` adds variables to the worker's environment (its settings read them)."""
    queue = f"test-{uuid.uuid4().hex[:10]}"
    worker = start_worker(queue, None, None, None, **env)
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
        stop(worker)


def free_port() -> int:
    """A TCP port nothing listens on now (never the machine's Redis on 6379)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


class RedisServer:
    """A redis-server of the test's own on a free port, to stop and start at will."""

    def __init__(self) -> None:
        if not shutil.which("redis-server"):
            pytest.skip("needs redis-server")
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        if not wait_until(lambda: answers(client), 10):
            raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None:
            stop(self.process)
            self.process = None


def answers(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


def wait_until(condition: Callable[[], bool], seconds: float = 60) -> bool:
    """Poll `condition` every 0.2 s until it holds or the deadline passes."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()
