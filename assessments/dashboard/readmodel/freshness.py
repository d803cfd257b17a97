"""Is a workspace's read model up to date, and what does a panel read meanwhile?

One query per request answers it: the stamp of the last rebuild and the newest change not
rolled up yet (assessments.models.dashboards). Up to date: the panel reads rolled-up rows.
Behind: a rebuild is enqueued (at most one waiting per workspace), and the panel computes live
(cached under the same stamp), unless the workspace is large (more than
settings.DASHBOARD_LIVE_LIMIT current touch points at the last rebuild): then it reads the rows
it has and says "Updating: as of HH:MM". On SQLite (no triggers) every panel computes live.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction

from convergence.jobs import BROKER_ERRORS

logger = logging.getLogger(__name__)

# A rebuild enqueued this long ago and not started was lost (a broker outage): enqueue again.
REQUEUE_AFTER = dt.timedelta(minutes=5)

# One statement: create the state row if missing, claim the one waiting rebuild when the rows
# are behind (a conditional UPDATE, so concurrent readers enqueue it once), and read the stamp.
# Both writes see the snapshot from before the statement: a row created here reads as unbuilt.
STATE_SQL = """
WITH ensured AS (
    INSERT INTO assessments_dashboardstate (workspace_id, touchpoints, failed_message, queued_at)
    VALUES (%(workspace)s, 0, '', now()) ON CONFLICT DO NOTHING RETURNING workspace_id
), pending AS (
    SELECT max(c.id) AS change FROM assessments_dashboardchange c
    WHERE c.workspace_id = %(workspace)s
), claimed AS (
    UPDATE assessments_dashboardstate SET queued_at = now()
    WHERE workspace_id = %(workspace)s
      AND (queued_at IS NULL OR queued_at < now() - %(requeue)s::interval)
      AND (as_of IS NULL OR (SELECT change FROM pending) IS NOT NULL)
    RETURNING workspace_id
)
SELECT s.as_of, COALESCE(s.touchpoints, 0), COALESCE(s.failed_message, ''),
       (SELECT change FROM pending),
       (SELECT count(*) FROM ensured) + (SELECT count(*) FROM claimed)
FROM (SELECT 1) AS one
LEFT JOIN assessments_dashboardstate s ON s.workspace_id = %(workspace)s
"""


@dataclass(frozen=True, slots=True)
class Freshness:
    """What the workspace's read model was built from, and whether the map changed since."""

    workspace_id: int
    enabled: bool
    as_of: dt.datetime | None = None
    touchpoints: int = 0
    pending: int | None = None  # the newest change not rolled up yet
    failed_message: str = ""

    @property
    def is_fresh(self) -> bool:
        return self.enabled and self.as_of is not None and self.pending is None

    @property
    def reads_rows(self) -> bool:
        """Fresh rows, or rows behind in a workspace too large to compute live."""
        large = self.touchpoints > settings.DASHBOARD_LIVE_LIMIT
        return self.is_fresh or (self.enabled and self.as_of is not None and large)

    @property
    def is_behind(self) -> bool:
        """The panel shows rows older than the map: it must say so."""
        return self.reads_rows and not self.is_fresh

    @property
    def stamp(self) -> str:
        """Changes with every change to the map and every rebuild: the live cache's key."""
        return f"{self.as_of.isoformat() if self.as_of else '-'}:{self.pending}"


def freshness(workspace_id: int) -> Freshness:
    """One query (PostgreSQL); enqueues a rebuild when the rows are behind and none waits."""
    if connection.vendor != "postgresql" or not settings.DASHBOARD_READ_MODEL:
        return Freshness(workspace_id, enabled=False)
    with connection.cursor() as cursor:
        requeue = f"{REQUEUE_AFTER.total_seconds():.0f} seconds"
        cursor.execute(STATE_SQL, {"workspace": workspace_id, "requeue": requeue})
        as_of, touchpoints, failed, pending, claimed = cursor.fetchone()
    if claimed:
        transaction.on_commit(lambda: send_rebuild(workspace_id))
    return Freshness(workspace_id, True, as_of, touchpoints, pending, failed)


def send_rebuild(workspace_id: int) -> None:
    """A broker outage costs the rebuild, never the page: the beat's sweep catches up."""
    from assessments.tasks import rebuild_dashboard

    try:
        rebuild_dashboard.delay(workspace_id)
    except BROKER_ERRORS as error:
        logger.warning("Dashboard rebuild of workspace %s not enqueued: %s", workspace_id, error)
