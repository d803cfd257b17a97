"""Assess a workspace: read its org chart and touch points, roll them up to a chosen scope,
score them with the slope engine, and keep the result as an immutable Assessment.

Granularity (per side, business and IT):
- every unit (depth None): each active unit that is a leaf of its side, or carries touch points
  of its own, is a scope unit;
- a depth d: every active unit rolls up to its deepest active same-side ancestor-or-self at depth
  <= d (a branch of the side that starts below d rolls up to its top); the scope is the set of
  those targets of leaves and of units with touch points of their own;
- a chosen set of units: a unit rolls up to its deepest chosen ancestor-or-self; units under
  no chosen unit are out of scope. A side with no chosen unit falls back to its depth.
Touch points whose ends are retired or fall outside the scope are left out (and counted).
A scope unit without a location of its own takes its nearest ancestor's, else the most common
among the units rolled up into it (see `locations`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from sys import intern
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from assessments.bulk import insert_rows
from assessments.models import Assessment, Granularity, RecommendationText, UnitScore
from assessments.rows import UnitScoreRow
from assessments.slope import (
    BusinessUnit,
    ITTeam,
    Rating,
    Result,
    Scenario,
    TouchPoint,
    score_scenario,
    tables,
)
from assessments.slope.output import percent
from convergence.collector import collector_paused
from touchpoints.models import OrgUnit
from touchpoints.models import TouchPoint as TouchPointRow

NO_LOCATION = "(no location)"


@dataclass(frozen=True)
class Scope:
    """What to assess: a granularity and its parameters (see the module docstring). Parameters
    the granularity does not use are dropped: a business depth only counts for DEPTH, an IT depth
    for DEPTH and UNITS, chosen units only for UNITS."""

    granularity: str = Granularity.FULL
    business_depth: int | None = None
    it_depth: int | None = None
    unit_ids: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        if self.granularity != Granularity.DEPTH:
            object.__setattr__(self, "business_depth", None)
        if self.granularity == Granularity.FULL:
            object.__setattr__(self, "it_depth", None)
        if self.granularity != Granularity.UNITS:
            object.__setattr__(self, "unit_ids", frozenset())


@dataclass(frozen=True, slots=True)
class UnitRow:
    id: int
    parent_id: int | None
    path: str
    depth: int
    side: str
    is_active: bool
    code: str
    name: str
    location: str | None
    criticality: str

    @property
    def chain(self) -> list[int]:
        """Ancestor ids from the root down to the unit itself, read off the materialised path."""
        return [int(part) for part in self.path.strip("/").split("/") if part]


@dataclass
class ScopeInput:
    """A workspace's data rolled up to a scope: the scenario and what dashboards need beside it."""

    scenario: Scenario
    units: dict[int, UnitRow]
    excluded_touchpoints: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def read_units(workspace_id: int) -> dict[int, UnitRow]:
    rows = OrgUnit.objects.filter(workspace_id=workspace_id).values_list(
        "id",
        "parent_id",
        "path",
        "depth",
        "side",
        "is_active",
        "code",
        "name",
        "location__name",
        "criticality",
    )
    return {row[0]: UnitRow(*row) for row in rows}


def roll_up(
    units: Mapping[int, UnitRow],
    side: str,
    depth: int | None,
    chosen: frozenset[int],
    with_touchpoints: set[int],
) -> tuple[dict[int, int], list[int]]:
    """Map each active unit of `side` to its scope unit; return the map and the scope units."""
    active = {uid: u for uid, u in units.items() if u.is_active and u.side == side}
    chosen_here = chosen & active.keys()
    has_children = {u.parent_id for u in active.values()}
    targets: dict[int, int] = {}
    for uid, unit in active.items():
        if not chosen_here and depth is None:
            # Every unit is its own target: no need to read its chain off the path.
            targets[uid] = uid
            continue
        chain = [a for a in unit.chain if a in active] or [uid]
        if chosen_here:
            picked = [a for a in chain if a in chosen_here]
            if picked:
                targets[uid] = picked[-1]
        elif depth is not None:
            shallow = [a for a in chain if active[a].depth <= depth]
            targets[uid] = shallow[-1] if shallow else chain[0]
    if chosen_here:
        return targets, sorted(chosen_here)
    scope = {
        target
        for uid, target in targets.items()
        if uid not in has_children or uid in with_touchpoints
    }
    return targets, sorted(scope, key=lambda uid: active[uid].path)


# Touch points are read from a server-side cursor this many at a time.
READ_CHUNK = 5000


def read_scope(workspace_id: int, scope: Scope, business_under: str = "") -> ScopeInput:
    """Two queries: every unit (id, path, ...) and every touch point, as plain tuples.

    ``business_under`` (a unit's path) reads only the touch points of business units in that
    subtree: for a scope that holds nothing else (a division), the rest would be left out anyway
    (the excluded count then ignores them).

    Touch points are streamed into engine touch points as they come, their repeated texts
    (levels, channels, unit ids...) shared, so 100,000 of them hold no copy of the rows."""
    units = read_units(workspace_id)
    rows = TouchPointRow.objects.filter(workspace_id=workspace_id)
    if business_under:
        rows = rows.filter(business_unit__path__startswith=business_under)
    unit_ids = {uid: str(uid) for uid in units}
    read = rows.order_by("pk").values_list(*ENGINE_FIELDS).iterator(chunk_size=READ_CHUNK)
    touchpoints = [engine_touchpoint(row, unit_ids) for row in read]
    ends = {tp.business_unit for tp in touchpoints} | {tp.it_team for tp in touchpoints}
    with_tps = {int(unit_id) for unit_id in ends}
    bu_map, bu_ids = roll_up(units, "business", scope.business_depth, scope.unit_ids, with_tps)
    it_map, it_ids = roll_up(units, "it", scope.it_depth, scope.unit_ids, with_tps)
    places = locations(units, bu_map | it_map)
    business_units = tuple(business_unit(units[uid], places[uid]) for uid in bu_ids)
    it_teams = tuple(it_team(units[uid], places[uid]) for uid in it_ids)
    to_business = {unit_ids[uid]: unit_ids[target] for uid, target in bu_map.items()}
    to_team = {unit_ids[uid]: unit_ids[target] for uid, target in it_map.items()}
    kept = tuple(
        rolled_up(tp, to_business[tp.business_unit], to_team[tp.it_team])
        for tp in touchpoints
        if tp.business_unit in to_business and tp.it_team in to_team
    )
    scenario = Scenario(business_units, it_teams, kept)
    return ScopeInput(scenario, units, len(touchpoints) - len(kept), input_counts(scenario))


def locations(units: Mapping[int, UnitRow], targets: Mapping[int, int]) -> dict[int, str]:
    """Where each scope unit sits: its own location, else its nearest ancestor's, else the most
    common one among the units rolled up into it (ties: alphabetical), else NO_LOCATION.

    A division without a location of its own should not count as a site of its own, or every
    one of its pairs would look cross-site."""
    members: dict[int, Counter[str]] = defaultdict(Counter)
    for uid, target in targets.items():
        if location := units[uid].location:
            members[target][location] += 1
    places = {}
    for target in set(targets.values()):
        # A unit's chain ends with itself: its own location, when it has one, is the nearest.
        unit = units[target]
        place = unit.location
        if not place:
            ancestors = (units[a].location for a in reversed(unit.chain) if a in units)
            place = next((location for location in ancestors if location), None)
        if place is None and members[target]:
            counts = members[target]
            place = min(counts, key=lambda location: (-counts[location], location))
        places[target] = place or NO_LOCATION
    return places


def business_unit(unit: UnitRow, location: str) -> BusinessUnit:
    return BusinessUnit(str(unit.id), unit.name, location, unit.criticality)


def it_team(unit: UnitRow, location: str) -> ITTeam:
    return ITTeam(str(unit.id), unit.name, location)


def rolled_up(tp: TouchPoint, business_id: str, team_id: str) -> TouchPoint:
    """The touch point between its ends' scope units (itself when they are its own)."""
    if business_id == tp.business_unit and team_id == tp.it_team:
        return tp
    return tp._replace(business_unit=business_id, it_team=team_id)


ENGINE_FIELDS = (
    "id",
    "business_unit_id",
    "it_team_id",
    "level",
    "state",
    "channel__category",
    "frequency",
    "effectiveness",
    "initiated_by",
)


def engine_touchpoint(row: tuple[Any, ...], unit_ids: Mapping[int, str]) -> TouchPoint:
    """An engine touch point of a row of ENGINE_FIELDS, between the units of the row (the
    caller rolls them up). Its texts are shared: a level, state, channel, frequency or unit id
    repeats across 100,000 rows, and each row read brings its own copies (``unit_ids``: every
    unit's id as text)."""
    pk, business_id, team_id, level, state, channel, frequency, effectiveness, initiated = row
    return TouchPoint(
        str(pk),
        unit_ids.get(business_id) or str(business_id),
        unit_ids.get(team_id) or str(team_id),
        intern(level),
        intern(state),
        None if channel is None else intern(channel),
        intern(frequency) if frequency else None,
        effectiveness,
        None if initiated is None else intern(initiated),
    )


def input_counts(scenario: Scenario) -> dict[str, int]:
    current = [tp for tp in scenario.touch_points if tp.is_current]
    return {
        "business_unit_count": len(scenario.business_units),
        "it_team_count": len(scenario.it_teams),
        "current_touchpoint_count": len(current),
        "desired_touchpoint_count": len(scenario.touch_points) - len(current),
        "rated_touchpoint_count": sum(1 for tp in current if tp.effectiveness is not None),
    }


def dimensions_json(rating: Rating) -> dict[str, float | None]:
    return {letter: percent(value) for letter, value in rating.dimensions.items()}


def recommendations_for(workspace_id: int) -> dict[str, str]:
    """The workspace's own recommendation texts, by rule."""
    rows = RecommendationText.objects.filter(workspace_id=workspace_id).values_list("rule", "text")
    return dict(rows)


def score(
    workspace_id: int, scope: Scope, max_gaps_per_rule: int | None = None
) -> tuple[ScopeInput, Result]:
    data = read_scope(workspace_id, scope)
    result = score_scenario(
        data.scenario, recommendations_for(workspace_id), max_gaps_per_rule=max_gaps_per_rule
    )
    return data, result


def new_assessment(
    workspace_id: int, scope: Scope, data: ScopeInput, result: Result, user_id: int | None
) -> Assessment:
    rating = result.scope.rating
    return Assessment(
        workspace_id=workspace_id,
        created_by_id=user_id,
        granularity=scope.granularity,
        business_depth=scope.business_depth,
        it_depth=scope.it_depth,
        unit_ids=sorted(scope.unit_ids),
        tables_version=result.tables_version,
        weights={letter: float(weight) for letter, weight in tables.WEIGHTS.items()},
        score=float(rating.score),
        band=rating.band,
        uncapped_band=rating.uncapped_band,
        capped_by=rating.capped_by or "",
        dimensions=dimensions_json(rating),
        ei_index=as_float(result.scope.ei_index),
        mean_business_unit_score=as_float(result.scope.mean_business_unit_score),
        excluded_touchpoint_count=data.excluded_touchpoints,
        **data.counts,
    )


def as_float(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


UNIT_SCORE_FIELDS = ("assessment_id", *UnitScoreRow._fields)


def unit_score_rows(data: ScopeInput, result: Result) -> list[UnitScoreRow]:
    rows = []
    for unit_id, unit_score in result.units.items():
        unit = data.units[int(unit_id)]
        rating = unit_score.rating
        rows.append(
            UnitScoreRow(
                unit.id,
                unit_score.side,
                unit.code,
                unit.name,
                unit.depth,
                unit.path,
                float(rating.score),
                rating.band,
                rating.capped_by or "",
                dimensions_json(rating),
            )
        )
    return rows


def store_assessment(assessment: Assessment, rows: list[UnitScoreRow]) -> Assessment:
    """Save a new (unsaved) assessment and its unit scores, all or nothing."""
    with transaction.atomic():
        assessment.save()
        insert_rows(UnitScore, UNIT_SCORE_FIELDS, ((assessment.pk, *row) for row in rows))
    return assessment


def save_assessment(
    workspace_id: int,
    scope: Scope,
    data: ScopeInput,
    result: Result,
    user: AbstractBaseUser | None = None,
) -> Assessment:
    assessment = new_assessment(workspace_id, scope, data, result, user.pk if user else None)
    return store_assessment(assessment, unit_score_rows(data, result))


def assess_workspace(
    workspace_id: int, scope: Scope, user: AbstractBaseUser | None = None
) -> Assessment:
    """Score the workspace at `scope` and store the snapshot with one score per scope unit."""
    with collector_paused():
        data = read_scope(workspace_id, scope)
        result = score_scenario(data.scenario, with_gaps=False)
        return save_assessment(workspace_id, scope, data, result, user)
