"""A short-lived cache for the panels that aggregate live touch points.

On 100,000 touch points a heatmap or the channel counts take 100-300 ms of PostgreSQL time,
and a manager's dashboard is read far more often than a workshop changes it. Results are kept in
Django's cache (Redis in a deployment) under a key that holds a stamp of the workspace's data
(count and newest change of its touch points and units), so an edit through the app shows at
once; a change that bypasses ``updated_at`` (a bulk SQL update) shows within
settings.DASHBOARD_CACHE_SECONDS (the environment's, 60 by default; 0 switches the cache off).

Since the read model (assessments.dashboard.readmodel) this is a second layer: on PostgreSQL the
panels read rolled-up rows when they are up to date, and cache what they compute live under
the read model's stamp instead of this one (readmodel.panels.live), which every write moves.
This stamp serves SQLite, which has no triggers.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from touchpoints.models import OrgUnit, TouchPoint


def data_stamp(workspace_id: int) -> str:
    """One query over two indexed aggregates per table."""
    touchpoints, units = TouchPoint._meta.db_table, OrgUnit._meta.db_table
    sql = (
        f"SELECT (SELECT count(*) FROM {touchpoints} WHERE workspace_id = %s),"
        f" (SELECT max(updated_at) FROM {touchpoints} WHERE workspace_id = %s),"
        f" (SELECT count(*) FROM {units} WHERE workspace_id = %s),"
        f" (SELECT max(updated_at) FROM {units} WHERE workspace_id = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [workspace_id] * 4)
        row = cursor.fetchone()
    return hashlib.sha1(repr(row).encode(), usedforsecurity=False).hexdigest()[:16]


def cached[T](workspace_id: int, key: str, compute: Callable[[], T], stamp: str | None = None) -> T:
    """``compute()`` once per ``stamp`` (by default the workspace's data stamp) and ``key`` (the
    panel and its parameters)."""
    seconds = settings.DASHBOARD_CACHE_SECONDS
    if not seconds:
        return compute()
    full_key = f"dashboard:{workspace_id}:{stamp or data_stamp(workspace_id)}:{key}"
    found = cache.get(full_key)
    if found is None:
        found = compute()
        cache.set(full_key, found, seconds)
    return found  # type: ignore[no-any-return]  # the cache holds what compute() returned
