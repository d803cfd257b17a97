"""What the plan would make of the score (SLOPE.md, "Projection"), and the next best touch point.

project(scenario) is the scenario with every desired touch point also taken as a current one:
one already realised (its pair has a current touch point at its level) adds nothing, two with the
same pair and level add one, a missing channel or frequency takes the level's plainest channel and
its cadence norm, and the result is unrated. The desired touch points stay, so the expected pairs
are still the plan's.

rank_next_best(scenario) ranks the touch points the scope lacks (desired pairs without their level;
with no desired touch point at all, expected pairs without any) by how much each alone, realised as
the projection would realise it, raises today's scope score. Each is scored exactly with the
engine's own dimension and rating code on a one-touch-point change of the scope's tallies, so a
division of thousands of candidates is ranked without rescoring it thousands of times.
"""

import dataclasses
import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import Final

from . import tables
from .dimensions import pooled_dimensions, rate, rescore_units, scope_dimensions, score_units
from .engine import scores_of
from .index import (
    DEPTH_NUMERATOR,
    LEVEL_BIT,
    Pair,
    ScopeIndex,
    Tally,
    build_index,
    with_current,
)
from .model import BusinessUnit, ITTeam, Rating, Result, Scenario, Subject, TouchPoint

# The plainest channel of each level: what a planned touch point is assumed to be, conservatively.
PLAIN_CHANNEL: Final[dict[str, str]] = {
    "strategic": "steering_committee",
    "tactical": "sla_review",
    "operational": "service_desk",
}


@dataclass(frozen=True, slots=True)
class Projection:
    """The projected scenario and the touch points the projection added to it (as current)."""

    scenario: Scenario
    realised: tuple[TouchPoint, ...]


def realise(desired: TouchPoint) -> TouchPoint:
    """The current touch point a desired one would become: same id and pair, the plan's channel
    and frequency or the level's defaults, unrated."""
    return desired._replace(
        state="current",
        channel=desired.channel or PLAIN_CHANNEL[desired.level],
        frequency=desired.frequency or tables.NORM_FREQUENCY[desired.level],
        effectiveness=None,
    )


def unrealised(scenario: Scenario) -> list[TouchPoint]:
    """The desired touch points the projection would add: the first of each pair and level whose
    pair has no current touch point at that level."""
    taken = {
        (tp.business_unit, tp.it_team, tp.level) for tp in scenario.touch_points if tp.is_current
    }
    added = []
    for tp in scenario.touch_points:
        key = (tp.business_unit, tp.it_team, tp.level)
        if not tp.is_current and key not in taken:
            taken.add(key)
            added.append(tp)
    return added


def project(scenario: Scenario) -> Projection:
    realised = tuple(realise(tp) for tp in unrealised(scenario))
    projected = dataclasses.replace(scenario, touch_points=scenario.touch_points + realised)
    return Projection(projected, realised)


@dataclass(frozen=True, slots=True)
class PlanScores:
    """The scores (no gaps) of a scenario today and of its projection."""

    today: Result
    planned: Result
    realised: tuple[TouchPoint, ...]


def score_plan(scenario: Scenario) -> PlanScores:
    """score_scenario(scenario) and score_scenario(project(scenario).scenario), without gaps,
    for the cost of one: the projection's index extends today's, and only the units whose
    tallies or component the plan changes are scored again."""
    index = build_index(scenario)
    units = score_units(index)
    realised = tuple(realise(tp) for tp in unrealised(scenario))
    planned, changed = with_current(index, realised)
    planned_units = rescore_units(planned, units, changed)
    return PlanScores(scores_of(index, units), scores_of(planned, planned_units), realised)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A touch point the scope lacks, as the projection would realise it. ``desired_id`` names
    the desired touch point it realises; None for an expected pair that has no touch point."""

    business_unit: BusinessUnit
    it_team: ITTeam
    level: str
    channel: str
    frequency: str
    desired_id: str | None = None

    @property
    def subject(self) -> Subject:
        return Subject("pair", self.business_unit, self.it_team, self.level)


@dataclass(frozen=True, slots=True)
class NextBest:
    """One ranked candidate: the scope's rating with it alone realised, and the gain in score."""

    candidate: Candidate
    rating: Rating
    gain: Fraction


def candidates(index: ScopeIndex) -> Iterator[Candidate]:
    """Desired pairs without their level; with no desired touch point, every unconnected pair at
    each level (the ranking keeps its best)."""
    units, teams = index.business_units, index.it_teams
    if index.has_desired:
        for tp in unrealised(index.scenario):
            realised = realise(tp)
            unit, team = units[tp.business_unit], teams[tp.it_team]
            channel, frequency = str(realised.channel), str(realised.frequency)
            yield Candidate(unit, team, tp.level, channel, frequency, tp.id)
        return
    for unit in units.values():
        for team in teams.values():
            if (unit.id, team.id) not in index.pair_depth:
                for level in tables.LEVELS:
                    channel, frequency = PLAIN_CHANNEL[level], tables.NORM_FREQUENCY[level]
                    yield Candidate(unit, team, level, channel, frequency)


@dataclass(frozen=True, slots=True)
class _Change:
    """What one more current touch point changes in the scope's tallies: all its rating
    depends on, so candidates that change the same things share one rating."""

    level: str
    frequency: str
    new_level: bool  # its business unit had no touch point at this level
    new_pair: bool
    depth_gain: int  # a new pair's depth, else how much deeper the pair becomes
    crosses: bool
    expected: bool
    largest: int  # the largest component's size afterwards


class _Scorer:
    """Rates the scope with one more current touch point, from the index's tallies."""

    def __init__(self, index: ScopeIndex) -> None:
        self.index = index
        self.level_total = sum(
            index.tallies[u].level_mask.bit_count() for u in index.business_units
        )
        self.ratings: dict[_Change, Rating] = {}

    def _largest_with(self, pair: Pair) -> int:
        (first, first_size), (second, second_size) = map(self.index.components.of, pair)
        merged = first_size if first is not None and first == second else first_size + second_size
        return max(self.index.largest_component_size, merged)

    def change(self, candidate: Candidate) -> _Change:
        index = self.index
        unit, team = candidate.business_unit, candidate.it_team
        pair = (unit.id, team.id)
        old_depth = index.pair_depth.get(pair)
        depth = DEPTH_NUMERATOR[candidate.channel]
        return _Change(
            level=candidate.level,
            frequency=candidate.frequency,
            new_level=not index.tallies[unit.id].level_mask & LEVEL_BIT[candidate.level],
            new_pair=old_depth is None,
            depth_gain=depth if old_depth is None else max(0, depth - old_depth),
            crosses=old_depth is None and unit.location != team.location,
            expected=old_depth is None and (not index.has_desired or pair in index.desired_levels),
            largest=index.largest_component_size
            if old_depth is not None
            else self._largest_with(pair),
        )

    def rating(self, candidate: Candidate) -> Rating:
        change = self.change(candidate)
        if change not in self.ratings:
            self.ratings[change] = self._rate(change)
        return self.ratings[change]

    def _rate(self, change: _Change) -> Rating:
        index = self.index
        tally: Tally = dataclasses.replace(index.scope)
        tally.add_touch_point(TouchPoint("", "", "", change.level, frequency=change.frequency))
        if change.new_pair:
            tally.add_pair(change.depth_gain, change.crosses)
            tally.connected_expected_pairs += change.expected
        else:
            tally.depth_sum += change.depth_gain
        dimensions = pooled_dimensions(
            tally,
            self.level_total + change.new_level,
            len(index.business_units),
            Fraction(change.largest, index.unit_count),
            index.spans_locations,
        )
        return rate(dimensions)


def _order(item: "NextBest") -> tuple[Fraction, tuple[object, ...]]:
    return -item.gain, item.candidate.subject.sort_key


def rank_next_best(scenario: Scenario, limit: int | None = None) -> tuple[Rating, list[NextBest]]:
    """Today's scope rating, and the candidates by gain, best first; ties by subject name.

    An unconnected pair (no desired touch point in scope) is listed once, at its best level
    (strategic, then tactical, on a tie)."""
    index = build_index(scenario)
    today = rate(scope_dimensions(index))
    scorer = _Scorer(index)
    best: dict[tuple[str, str, str | None], NextBest] = {}
    for candidate in candidates(index):
        rating = scorer.rating(candidate)
        ranked = NextBest(candidate, rating, rating.score - today.score)
        key = (candidate.business_unit.id, candidate.it_team.id, candidate.desired_id)
        if key not in best or ranked.gain > best[key].gain:
            best[key] = ranked
    if limit is None:
        return today, sorted(best.values(), key=_order)
    return today, heapq.nsmallest(limit, best.values(), key=_order)
