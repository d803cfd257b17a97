"""The Celery app, configured from Django settings under the CELERY_ namespace.

Settings make a web request that enqueues fail fast when Redis is down (one connection retry).
A worker or beat must outlast an outage instead: at start they switch to retrying the broker
forever, with kombu's backoff (2 s more each attempt, at most 30 s), so queued work runs by
itself once Redis is back. A worker also keeps a heartbeat row for `/health/`.
"""

import os
from typing import Any

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convergence.settings")

app = Celery("convergence")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def retry_the_broker_forever() -> None:
    app.conf.broker_connection_max_retries = None
    app.conf.task_publish_retry = True


@signals.worker_init.connect
def worker_outlasts_broker_outages(**kwargs: Any) -> None:
    retry_the_broker_forever()


@signals.beat_init.connect
def beat_outlasts_broker_outages(**kwargs: Any) -> None:
    retry_the_broker_forever()


_heartbeats: dict[str, Any] = {}


@signals.worker_ready.connect
def start_heartbeat(sender: Any = None, **kwargs: Any) -> None:
    from convergence.heartbeat import Heartbeat

    hostname = str(getattr(sender, "hostname", "") or "worker")
    _heartbeats[hostname] = heartbeat = Heartbeat(hostname)
    heartbeat.start()


@signals.worker_shutdown.connect
def stop_heartbeat(sender: Any = None, **kwargs: Any) -> None:
    for heartbeat in _heartbeats.values():
        heartbeat.stop()
    _heartbeats.clear()
