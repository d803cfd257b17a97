"""Rebuild a workspace's read model from one snapshot of its map, and stamp it.

The rebuild runs in one REPEATABLE READ transaction: it notes the changes its snapshot sees,
replaces every rolled-up row, draws the unfiltered networks, then deletes exactly the changes
it noted. A change committed meanwhile is not in the snapshot, so its row stays and the read
model reads as behind until the next rebuild: never stale without saying so. Readers keep
seeing the previous rows until the rebuild commits.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from assessments.dashboard.activity import TRANSACTIONAL
from assessments.dashboard.filters import Filters, filter_choices
from assessments.dashboard.heatmaps import tree_depths
from assessments.dashboard.network import it_depth_counts, network, network_grouping
from assessments.dashboard.readmodel import sql
from assessments.dashboard.readmodel.gap_move import keep_as_of
from assessments.dashboard.readmodel.rows import rolled_ties
from assessments.models import (
    ChannelRollup,
    CoverageRollup,
    DashboardChange,
    DashboardState,
    NetworkRollup,
    PairRollup,
)

ROLLUPS = (CoverageRollup, ChannelRollup, PairRollup, NetworkRollup)


def rebuild(workspace_id: int) -> DashboardState:
    """Recompute every rolled-up row of the workspace (PostgreSQL) and stamp its state."""
    started = time.perf_counter()
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        with connection.cursor() as cursor:
            if outermost:  # inside a caller's transaction, its snapshot is the one read
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            cursor.execute("SET LOCAL work_mem = '256MB'")
        seen = list(
            DashboardChange.objects.filter(workspace_id=workspace_id).values_list("pk", flat=True)
        )
        state, _ = DashboardState.objects.select_for_update().get_or_create(
            workspace_id=workspace_id
        )
        as_of = snapshot_time()
        for model in ROLLUPS:
            model.objects.filter(workspace_id=workspace_id).delete()
        params: dict[str, Any] = {"workspace": workspace_id, "transactional": list(TRANSACTIONAL)}
        with connection.cursor() as cursor:
            for statement in (sql.COVERAGE, sql.CHANNELS, sql.PAIRS):
                cursor.execute(statement, params)
            cursor.execute(sql.CURRENT_COUNT, params)
            (touchpoints,) = cursor.fetchone()
            # Fresh statistics: the readers' plans depend on how many rows a depth holds.
            for model in ROLLUPS[:3]:
                cursor.execute(f"ANALYZE {model._meta.db_table}")
        draw_networks(workspace_id)
        DashboardChange.objects.filter(pk__in=seen).delete()
        # The stamp once this commits (changes made meanwhile are not in the snapshot).
        keep_as_of(workspace_id, as_of, None)
        state.as_of, state.built_at, state.touchpoints = as_of, timezone.now(), touchpoints
        state.build_seconds = time.perf_counter() - started
        state.failed_message = ""
        state.save()
    return state


def snapshot_time() -> dt.datetime:
    """The transaction's start: the moment the snapshot shows the map as it was."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        found: dt.datetime = cursor.fetchone()[0]
    return found


def draw_networks(workspace_id: int) -> None:
    """The network of every depth pair, unfiltered: its articulation points are the costly
    part (a third of a second at 50,000 ties), so a view reads them drawn."""
    choices = filter_choices(workspace_id)
    it_counts = it_depth_counts(workspace_id)
    depths = tree_depths(workspace_id)
    drawn = []
    for depth in range(depths.business + 1):
        for team_depth in range(depths.it + 1):
            grouping = network_grouping(choices, it_counts, depth, team_depth)
            ties = rolled_ties(workspace_id, Filters(), depth, team_depth)
            graph = network(workspace_id, Filters(), depth, team_depth, grouping, ties)
            body = json.dumps(graph.as_json(), cls=DjangoJSONEncoder)
            drawn.append(
                NetworkRollup(
                    workspace_id=workspace_id, depth=depth, team_depth=team_depth, body=body
                )
            )
    NetworkRollup.objects.bulk_create(drawn)


def is_behind(workspace_id: int) -> bool:
    """Never built, or changes wait to be rolled up."""
    built = DashboardState.objects.filter(workspace_id=workspace_id, as_of__isnull=False)
    waiting = DashboardChange.objects.filter(workspace_id=workspace_id)
    return not built.exists() or waiting.exists()


def rebuild_if_behind(workspace_id: int) -> bool:
    """The task's work: a second run with nothing new rebuilds nothing. A reader may enqueue
    the next rebuild as soon as this one starts (changes made meanwhile need one)."""
    DashboardState.objects.filter(workspace_id=workspace_id).update(queued_at=None)
    if not is_behind(workspace_id):
        return False
    rebuild(workspace_id)
    return True


def fail(workspace_id: int, message: str) -> None:
    """The rows stay as they were (the panels say how old); the sweep tries again."""
    DashboardState.objects.filter(workspace_id=workspace_id).update(
        failed_message=message, queued_at=None
    )


def claim_behind() -> list[int]:
    """The workspaces whose read model is behind and has no rebuild waiting, each claimed by a
    conditional UPDATE (so two sweeps never enqueue one twice). Change rows of workspaces whose
    dashboards were never read are dropped: their first read builds from scratch."""
    DashboardChange.objects.exclude(
        workspace_id__in=DashboardState.objects.values("workspace_id")
    ).delete()
    waiting = DashboardChange.objects.values("workspace_id")
    stale = DashboardState.objects.filter(queued_at__isnull=True).filter(
        Q(as_of__isnull=True) | Q(workspace_id__in=waiting)
    )
    claimed = []
    for workspace_id in stale.values_list("workspace_id", flat=True):
        if DashboardState.objects.filter(workspace_id=workspace_id, queued_at__isnull=True).update(
            queued_at=timezone.now()
        ):
            claimed.append(workspace_id)
    return claimed
