"""The plan read against the map: what it would make of the score, where targets stand, and the
next best touch point of a scope. Reads the workspace with assessments.assess and scores it with
the slope engine; nothing here writes.

The projection's scope is the latest assessment's (every unit when there is none); a target on a
unit the scope does not hold is read on that unit rolled up (a scope of that one unit).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from assessments.assess import Scope, read_scope
from assessments.dashboard.cache import cached
from assessments.dashboard.position import band_of
from assessments.models import Assessment, Granularity, Target, UnitScore
from assessments.slope import Rating, Result
from assessments.slope.projection import NextBest, rank_next_best, score_plan
from convergence.collector import collector_paused
from touchpoints.models import OrgUnit, Side


@dataclass(frozen=True, slots=True)
class Move:
    """One scope or unit, today and with the plan realised."""

    name: str
    before: Rating
    after: Rating

    @property
    def gain(self) -> Fraction:
        return self.after.score - self.before.score

    @property
    def band_change(self) -> str:
        """ "Integration → Convergence", or the one band when it stays."""
        if self.before.band == self.after.band:
            return self.before.band
        return f"{self.before.band} → {self.after.band}"

    def sentence(self, target: Target | None = None) -> str:
        """E.g. "this plan takes Finance from 50.6 to 80.2: Integration → Convergence, target
        reached"."""
        text = (
            f"this plan takes {self.name} from {float(self.before.score):.1f} "
            f"to {float(self.after.score):.1f}: {self.band_change}"
        )
        if target is not None:
            reached = target.is_reached(self.after.score, self.after.band)
            text += ", target reached" if reached else ", target not reached"
        return text


@dataclass(frozen=True, slots=True)
class Outlook:
    """The projection of one scope: the scope itself, its units that move, and the count of
    touch points the plan realises."""

    scope: Scope
    whole: Move
    units: dict[str, Move]
    realised: int

    @property
    def moving_units(self) -> list[Move]:
        return sorted(
            (move for move in self.units.values() if move.gain),
            key=lambda move: (-move.gain, move.name),
        )


def scope_of(assessment: Assessment | None) -> Scope:
    if assessment is None:
        return Scope()
    return Scope(
        assessment.granularity,
        assessment.business_depth,
        assessment.it_depth,
        frozenset(assessment.unit_ids),
    )


def unit_scope(unit: OrgUnit, base: Scope) -> Scope:
    """A scope of one unit rolled up, IT teams as in ``base``."""
    return Scope(Granularity.UNITS, None, base.it_depth, frozenset({unit.pk}))


def outlook(workspace_id: int, scope: Scope, name: str) -> Outlook:
    """Score the scope today and with every desired touch point realised (SLOPE.md)."""
    with collector_paused():
        data = read_scope(workspace_id, scope)
        scores = score_plan(data.scenario)
    today, planned = scores.today, scores.planned
    return Outlook(
        scope,
        Move(name, today.scope.rating, planned.scope.rating),
        _unit_moves(today, planned),
        len(scores.realised),
    )


def _unit_moves(today: Result, planned: Result) -> dict[str, Move]:
    return {
        unit_id: Move(unit.name, unit.rating, planned.units[unit_id].rating)
        for unit_id, unit in today.units.items()
    }


def cached_outlook(workspace_id: int, scope: Scope, name: str) -> Outlook:
    """An outlook is as fresh as the map: keyed on the workspace's data stamp."""
    key = f"outlook:{scope_key(scope)}"
    return cached(workspace_id, key, lambda: outlook(workspace_id, scope, name))


def scope_key(scope: Scope) -> str:
    units = ",".join(map(str, sorted(scope.unit_ids)))
    return f"{scope.granularity}:{scope.business_depth}:{scope.it_depth}:{units}"


@dataclass(frozen=True, slots=True)
class TargetOutlook:
    target: Target
    move: Move | None  # None: the target's unit is not in any scope (retired, say)

    @property
    def sentence(self) -> str:
        return self.move.sentence(self.target) if self.move else ""

    @property
    def distance_today(self) -> float | None:
        return self.target.distance(self.move.before.score) if self.move else None

    @property
    def distance_planned(self) -> float | None:
        return self.target.distance(self.move.after.score) if self.move else None

    @property
    def reached_today(self) -> bool:
        return bool(
            self.move and self.target.is_reached(self.move.before.score, self.move.before.band)
        )

    @property
    def reached_planned(self) -> bool:
        return bool(
            self.move and self.target.is_reached(self.move.after.score, self.move.after.band)
        )


def target_outlooks(workspace_id: int, base: Outlook, targets: list[Target]) -> list[TargetOutlook]:
    """Each target beside today's and the planned score of its unit (or of the whole scope)."""
    rows = []
    for target in targets:
        if target.unit is None:
            rows.append(TargetOutlook(target, base.whole))
            continue
        move = base.units.get(str(target.unit_id))
        if move is None and target.unit.is_active:
            rolled = cached_outlook(
                workspace_id, unit_scope(target.unit, base.scope), target.unit.name
            )
            move = rolled.units.get(str(target.unit_id))
        rows.append(TargetOutlook(target, move))
    return rows


@dataclass(frozen=True, slots=True)
class StoredStanding:
    """A target beside the latest assessment's stored score (dashboards read no engine)."""

    target: Target
    score: float | None
    band: str
    is_own_score: bool

    @property
    def distance(self) -> float | None:
        return None if self.score is None else self.target.distance(self.score)

    @property
    def reached(self) -> bool:
        return self.score is not None and self.target.is_reached(self.score, self.band)


def stored_standings(assessment: Assessment | None, targets: list[Target]) -> list[StoredStanding]:
    """Today's distance of each target from the latest assessment: the unit's own stored score,
    else the mean of the assessed business units below it (as the roll-up shows it)."""
    if assessment is None:
        return [StoredStanding(t, None, "", False) for t in targets]
    own = {
        row.unit_id: row
        for row in UnitScore.objects.filter(
            assessment=assessment, unit_id__in=[t.unit_id for t in targets if t.unit_id]
        )
    }
    rows = []
    for target in targets:
        if target.unit is None:
            rows.append(StoredStanding(target, assessment.score, assessment.band, True))
        elif (score := own.get(target.unit_id)) is not None:
            rows.append(StoredStanding(target, score.score, score.band, True))
        else:
            rows.append(_rolled_standing(assessment, target))
    return rows


def workspace_standings(workspace_id: int, assessment: Assessment | None) -> list[StoredStanding]:
    """Every target of the workspace beside the latest assessment (the dashboard's panel)."""
    targets = Target.objects.filter(workspace_id=workspace_id).select_related("unit", "workspace")
    return stored_standings(assessment, list(targets))


def targets_by_unit(workspace_id: int, unit_ids: list[int]) -> dict[int, list[Target]]:
    """The targets set on each of ``unit_ids`` (the roll-up's rows), one query."""
    found: dict[int, list[Target]] = {}
    targets = Target.objects.filter(workspace_id=workspace_id, unit_id__in=unit_ids)
    for target in targets.select_related("unit", "workspace"):
        found.setdefault(int(str(target.unit_id)), []).append(target)
    return found


def _rolled_standing(assessment: Assessment, target: Target) -> StoredStanding:
    assert target.unit is not None
    mean = rolled_mean(assessment, target.unit)
    if mean is None:
        return StoredStanding(target, None, "", False)
    return StoredStanding(target, mean, band_of(mean), False)


def rolled_mean(assessment: Assessment, unit: OrgUnit) -> float | None:
    """The mean stored score of the assessed units of ``unit``'s side at or below it (the
    roll-up's figure for a unit the assessment did not score itself); None if there are none."""
    scores = list(
        UnitScore.objects.filter(
            assessment=assessment, side=unit.side, path__startswith=unit.path
        ).values_list("score", flat=True)
    )
    return sum(scores) / len(scores) if scores else None


def division_scope(unit: OrgUnit) -> Scope:
    """Every active business unit of ``unit``'s subtree as a scope unit, IT teams at every unit:
    the scope the next best touch point ranks a division in."""
    ids = OrgUnit.objects.filter(
        workspace_id=unit.workspace_id,
        side=Side.BUSINESS,
        is_active=True,
        path__startswith=unit.path,
    ).values_list("pk", flat=True)
    return Scope(Granularity.UNITS, None, None, frozenset(ids))


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One ranked next best touch point, with the database ids a one-click form needs."""

    best: NextBest
    business_unit_id: int
    it_team_id: int
    desired_id: int | None

    @property
    def name(self) -> str:
        return self.best.candidate.subject.name


def next_best(
    workspace_id: int, scope: Scope, limit: int = 10, business_under: str = ""
) -> tuple[Rating, list[Suggestion]]:
    """The scope's ``limit`` next best touch points; ``business_under`` as in read_scope."""
    data = read_scope(workspace_id, scope, business_under)
    today, ranked = rank_next_best(data.scenario, limit)
    return today, [
        Suggestion(
            item,
            int(item.candidate.business_unit.id),
            int(item.candidate.it_team.id),
            int(item.candidate.desired_id) if item.candidate.desired_id else None,
        )
        for item in ranked
    ]
