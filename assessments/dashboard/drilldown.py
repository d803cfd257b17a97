"""What sits behind one heatmap cell: its touch points and the gaps of the newest report."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from assessments.dashboard.filters import Filters
from assessments.dashboard.position import newest_report
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
    """Five queries (six with a team): the cell's touch points (current and desired) and their
    count, the newest finished report, the units under the row (and the team) and its gaps
    about them."""
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
        # By the units' ids, read through gap_report_unit_idx: a join to the units lets the
        # planner hash every gap of the report against the few units under the row.
        rows = filters.business_units(units_under(workspace_id, row.path))
        found = report.gaps.filter(business_unit_id__in=list(rows.values_list("id", flat=True)))
        if team is not None:
            teams = units_under(workspace_id, team.path).values_list("id", flat=True)
            found = found.filter(Q(it_team=None) | Q(it_team_id__in=list(teams)))
        if level or filters.level:
            found = found.filter(level__in=[level or filters.level, ""])
        gaps = list(found.order_by("position")[:CELL_LIST_CAP])
    return CellDetail(row, team, level, listed, touchpoints.count(), gaps, report)


def units_under(workspace_id: int, path: str) -> QuerySet[OrgUnit]:
    """The unit with ``path`` and its descendants (one query, through the path index)."""
    return OrgUnit.objects.filter(workspace_id=workspace_id, path__startswith=path).order_by()
