"""What sits behind one heatmap cell: its touch points and the gaps of the newest report."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from assessments.dashboard.filters import Filters, ids_of
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
    """Five queries (six with a team, seven with a location or division): the units under the
    row (and the team), the cell's touch points (current and desired) and their count, the
    newest finished report and its gaps about those units.

    Touch points and gaps are asked for by their units' ids. Joined to the units by path, the
    planner cannot tell how few units a subtree holds and scans every touch point of the level
    (30 ms of 100,000) and every gap of the report, where the ids let it read the few hundred
    units' rows through their unit indexes (7 ms).
    """
    row_units = units_under(workspace_id, row.path)
    row_ids = ids_of(row_units)
    team_ids = ids_of(units_under(workspace_id, team.path)) if team is not None else None
    touchpoints = filters.touchpoints(
        TouchPoint.objects.filter(workspace_id=workspace_id, business_unit_id__any_of=row_ids)
    )
    if team_ids is not None:
        touchpoints = touchpoints.filter(it_team_id__any_of=team_ids)
    if level:
        touchpoints = touchpoints.filter(level=level)
    # The path again, for the join the order needs: the planner then joins the subtree's units
    # (found by the path index), not every unit of the workspace, hashed. The listed few read
    # their IT teams by primary key afterwards for the same reason.
    ordered = touchpoints.filter(business_unit__path__startswith=row.path)
    listed = list(
        ordered.select_related("business_unit", "channel")
        .prefetch_related("it_team")
        .order_by("state", "business_unit__name")[:CELL_LIST_CAP]
    )
    report = newest_report(workspace_id)
    gaps: list[Gap] = []
    if report is not None:
        narrowed = filters.location or filters.division
        gap_units = ids_of(filters.business_units(row_units)) if narrowed else row_ids
        found = report.gaps.filter(business_unit_id__any_of=gap_units)
        if team_ids is not None:
            found = found.filter(Q(it_team=None) | Q(it_team_id__any_of=team_ids))
        if level or filters.level:
            found = found.filter(level__in=[level or filters.level, ""])
        gaps = list(found.order_by("position")[:CELL_LIST_CAP])
    return CellDetail(row, team, level, listed, touchpoints.count(), gaps, report)


def units_under(workspace_id: int, path: str) -> QuerySet[OrgUnit]:
    """The unit with ``path`` and its descendants (one query, through the path index)."""
    return OrgUnit.objects.filter(workspace_id=workspace_id, path__startswith=path).order_by()
