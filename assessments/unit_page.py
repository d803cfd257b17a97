"""A unit's page, read from the database: where it sits in the org chart, its score in the
latest assessment, its targets with the distance to go, its open actions and its touch points.
Nothing here runs the engine (the plan page holds the projection)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from assessments.dashboard.position import band_of
from assessments.models import Action, Assessment, Target, UnitScore
from assessments.plan_board import plan_actions
from assessments.planning import StoredStanding, rolled_mean, stored_standings
from touchpoints.models import OrgUnit, TouchPoint

CHILDREN_SHOWN = 50


@dataclass(frozen=True, slots=True)
class UnitStanding:
    """The unit in the latest assessment: its own score, or the mean of the units below it."""

    score: float
    band: str
    is_own: bool


@dataclass(frozen=True, slots=True)
class UnitPage:
    unit: OrgUnit
    ancestors: list[OrgUnit]
    children: list[OrgUnit]
    child_count: int
    assessment: Assessment | None
    standing: UnitStanding | None
    targets: list[StoredStanding]
    actions: list[Action]
    touch_point_count: int


def unit_page(unit: OrgUnit) -> UnitPage:
    """Everything the unit's page shows, in a fixed number of queries."""
    workspace_id = unit.workspace_id
    units = OrgUnit.objects.filter(workspace_id=workspace_id)
    above = [int(part) for part in unit.path.strip("/").split("/") if part][:-1]
    children = units.filter(parent=unit).order_by("name")
    assessment = Assessment.objects.filter(workspace_id=workspace_id).first()
    targets = Target.objects.filter(workspace_id=workspace_id, unit=unit)
    touch_points = TouchPoint.objects.filter(workspace_id=workspace_id).filter(
        Q(business_unit__path__startswith=unit.path) | Q(it_team__path__startswith=unit.path)
    )
    return UnitPage(
        unit=unit,
        ancestors=list(units.filter(pk__in=above).order_by("depth")),
        children=list(children[:CHILDREN_SHOWN]),
        child_count=children.count(),
        assessment=assessment,
        standing=standing_in(assessment, unit),
        targets=stored_standings(assessment, list(targets.select_related("unit", "workspace"))),
        actions=[a for a in plan_actions(workspace_id, unit) if a.is_open],
        touch_point_count=touch_points.count(),
    )


def standing_in(assessment: Assessment | None, unit: OrgUnit) -> UnitStanding | None:
    if assessment is None:
        return None
    own = UnitScore.objects.filter(assessment=assessment, unit=unit).first()
    if own is not None:
        return UnitStanding(own.score, own.band, True)
    mean = rolled_mean(assessment, unit)
    return None if mean is None else UnitStanding(mean, band_of(mean), False)
