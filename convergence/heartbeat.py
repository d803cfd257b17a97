"""Worker heartbeats: each Celery worker writes its row every WORKER_HEARTBEAT_SECONDS.

A thread of the worker's main process does it, so a long task (in the solo pool, say) does not
silence it, and the database holds it, so `/health/` reads it whatever state Redis is in.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from convergence.models import WorkerHeartbeat

logger = logging.getLogger(__name__)


def beat_seconds() -> float:
    return float(settings.WORKER_HEARTBEAT_SECONDS)


def beat(hostname: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        hostname=hostname[:255], defaults={"seen_at": timezone.now()}
    )


def latest_beat() -> WorkerHeartbeat | None:
    return WorkerHeartbeat.objects.order_by("-seen_at").first()


def worker_status() -> str:
    """'ok' when a worker beat within three intervals, else what is known of the last one."""
    if not settings.REDIS_URL:
        return "in-process"
    last = latest_beat()
    if last is None:
        return "no worker has ever reported"
    silent = (timezone.now() - last.seen_at).total_seconds()
    if silent <= 3 * beat_seconds():
        return "ok"
    return f"no worker heartbeat for {int(silent)} s"


class Heartbeat:
    """The thread that keeps one worker's row fresh until stop()."""

    def __init__(self, hostname: str) -> None:
        self.hostname = hostname
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, name="convergence-heartbeat", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def run(self) -> None:
        while not self.stopped.is_set():
            try:
                beat(self.hostname)
            except DatabaseError as error:
                logger.warning("Worker heartbeat not written: %s", error)
                connection.close()
            self.stopped.wait(beat_seconds())
        connection.close()

    def stop(self) -> None:
        """Stop beating and remove the row: a worker shut down cleanly is gone at once."""
        self.stopped.set()
        self.thread.join(timeout=5)
        try:
            WorkerHeartbeat.objects.filter(hostname=self.hostname[:255]).delete()
        except DatabaseError as error:
            logger.warning("Worker heartbeat not removed: %s", error)
