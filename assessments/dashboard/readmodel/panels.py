"""Each panel's figures from the read model when it can answer, else computed live (cached).

The views call these with the request's Freshness; the answer is the same either way (the
tests compare them on random workspaces), only its cost differs.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.serializers.json import DjangoJSONEncoder

from assessments.dashboard.activity import Activity, activity_of, touchpoint_activity
from assessments.dashboard.cache import cached
from assessments.dashboard.filters import Filters
from assessments.dashboard.heatmaps import (
    ROW_CAP,
    Heatmap,
    Rows,
    heatmap_rows,
    level_heatmap,
    level_heatmap_of,
    team_heatmap,
    team_heatmap_of,
    tree_depths,
)
from assessments.dashboard.network import Grouping, network
from assessments.dashboard.readmodel import rows as rolled
from assessments.dashboard.readmodel.freshness import Freshness
from assessments.models import NetworkRollup


def live[T](fresh: Freshness, key: str, compute: Callable[[], T]) -> T:
    """``compute()``, cached under the read model's stamp (PostgreSQL) or the data's."""
    stamp = fresh.stamp if fresh.enabled else None
    return cached(fresh.workspace_id, key, compute, stamp)


def business_rows(fresh: Freshness, filters: Filters, depth: int) -> Rows:
    """The heatmaps' rows: three queries live, three rolled up."""
    if fresh.reads_rows and rolled.answerable(filters, depth):
        found, total = rolled.rolled_business_rows(fresh.workspace_id, filters, depth, ROW_CAP)
        return Rows(depth, tree_depths(fresh.workspace_id), found, total)
    return heatmap_rows(fresh.workspace_id, filters, depth)


def levels_map(fresh: Freshness, filters: Filters, depth: int) -> Heatmap:
    workspace_id = fresh.workspace_id
    if fresh.reads_rows and rolled.answerable(filters, depth):
        rows = business_rows(fresh, filters, depth)
        keys = [str(row.id) for row in rows.rows]
        return level_heatmap_of(rows, rolled.rolled_level_cells(workspace_id, filters, depth, keys))
    return live(
        fresh,
        f"levels:{filters.querystring(depth=depth)}",
        lambda: level_heatmap(workspace_id, filters, business_rows(fresh, filters, depth)),
    )


def teams_map(fresh: Freshness, filters: Filters, depth: int, team_depth: int) -> Heatmap:
    workspace_id = fresh.workspace_id
    if fresh.reads_rows and rolled.answerable(filters, depth):
        rows = business_rows(fresh, filters, depth)
        ids = [row.id for row in rows.rows]
        cells = rolled.rolled_team_cells(workspace_id, filters, depth, team_depth, ids)
        return team_heatmap_of(workspace_id, rows, team_depth, cells)
    return live(
        fresh,
        f"teams:{filters.querystring(depth=depth, team_depth=team_depth)}",
        lambda: team_heatmap(
            workspace_id, filters, business_rows(fresh, filters, depth), team_depth
        ),
    )


def activity(fresh: Freshness, filters: Filters) -> Activity:
    workspace_id = fresh.workspace_id
    if fresh.reads_rows:  # divisions (depth 0 or 1) have rows of their own
        counts = rolled.rolled_channel_counts(workspace_id, filters)
        units = rolled.rolled_unit_counts(workspace_id, filters)
        return activity_of(counts, units, units["leaves"])
    return live(
        fresh,
        f"activity:{filters.querystring()}",
        lambda: touchpoint_activity(workspace_id, filters),
    )


def network_json(
    fresh: Freshness, filters: Filters, depth: int, team_depth: int, grouping: Grouping
) -> str:
    """The network as the JSON the map draws: drawn ahead for the unfiltered depth pairs,
    from the rolled-up ties under filters, live when behind."""
    workspace_id = fresh.workspace_id
    if fresh.reads_rows and not filters.is_active:
        drawn = NetworkRollup.objects.filter(
            workspace_id=workspace_id, depth=depth, team_depth=team_depth
        ).values_list("body", flat=True)
        if body := drawn.first():
            return body
    if fresh.reads_rows and rolled.answerable(filters, depth):
        ties = rolled.rolled_ties(workspace_id, filters, depth, team_depth)
        graph = network(workspace_id, filters, depth, team_depth, grouping, ties)
        return json.dumps(graph.as_json(), cls=DjangoJSONEncoder)
    return live(
        fresh,
        f"network:{filters.querystring(depth=depth, team_depth=team_depth)}",
        lambda: json.dumps(
            network(workspace_id, filters, depth, team_depth, grouping).as_json(),
            cls=DjangoJSONEncoder,
        ),
    )
