"""Probes for the health URL and for views that must not enqueue into a dead broker."""

from __future__ import annotations

import redis
from django.conf import settings
from django.db import DatabaseError, connection


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return f"error: {error.__class__.__name__}"
    return "ok"


def broker_status() -> str:
    """'ok', 'in-process' when no broker is configured, or 'error: ...'."""
    if not settings.REDIS_URL:
        return "in-process"
    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        client.ping()
    except redis.RedisError as error:
        return f"error: {error.__class__.__name__}"
    return "ok"
