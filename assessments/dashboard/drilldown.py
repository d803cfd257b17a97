"""What sits behind one heatmap cell: its touch points and the gaps of the newest report."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from assessments.dashboard.filters import Filters
from assessments.dashboard.position import newest_report
from assessments.dashboard.tree_sql import in_subtree
from assessments.models import Gap, GapReport
from touchpoints.models import OrgUnit, TouchPoint

CELL_LIST_CAP = 20


@dataclass(frozen=True, slots=True)
class CellDetail:
    row: OrgUnit
    team: OrgUnit | None
    level: str
    touchpoints: list[TouchPoint]
    touchpoint_count: int
    gaps: list[Gap]
    report: GapReport | None


def cell_detail(
    workspace_id: int, filters: Filters, row: OrgUnit, team: OrgUnit | None, level: str
) -> CellDetail:
    """Four queries: the cell's touch points (current and desired) and their count, the newest
    finished report, and its gaps about units under the row (and the team)."""
    touchpoints = filters.touchpoints(
        TouchPoint.objects.filter(
            workspace_id=workspace_id, business_unit__path__startswith=row.path
        )
    )
    if team is not None:
        touchpoints = touchpoints.filter(it_team__path__startswith=team.path)
    if level:
        touchpoints = touchpoints.filter(level=level)
    listed = list(
        touchpoints.select_related("business_unit", "it_team", "channel").order_by(
            "state", "business_unit__name"
        )[:CELL_LIST_CAP]
    )
    report = newest_report(workspace_id)
    gaps: list[Gap] = []
    if report is not None:
        found = report.gaps.filter(in_subtree("business_unit__path", row.path))
        if filters.location:
            found = found.filter(business_unit__location_id=filters.location.id)
        if filters.division:
            found = found.filter(in_subtree("business_unit__path", filters.division.path))
        if team is not None:
            found = found.filter(Q(it_team=None) | Q(in_subtree("it_team__path", team.path)))
        if level or filters.level:
            found = found.filter(level__in=[level or filters.level, ""])
        gaps = list(found.order_by("position")[:CELL_LIST_CAP])
    return CellDetail(row, team, level, listed, touchpoints.count(), gaps, report)
