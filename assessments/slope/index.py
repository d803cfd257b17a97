"""One pass over a scenario's touch points into the integer tallies that scoring and gap rules
read, plus the business-IT graph.

Sums are kept as integer numerators over a common denominator per table (depth in tenths,
cadence in 24ths, effectiveness in quarters), so means are exact without summing 100,000
Fractions.
"""

import math
from dataclasses import dataclass, field
from fractions import Fraction

import networkx as nx

from . import tables
from .model import BusinessUnit, ITTeam, Scenario, TouchPoint

Pair = tuple[str, str]  # (business unit id, IT team id)

LEVEL_BIT: dict[str, int] = {level: 1 << i for i, level in enumerate(tables.LEVELS)}


def _common_denominator(values: list[Fraction]) -> int:
    return math.lcm(*(value.denominator for value in values))


def _cadence(frequency: str, level: str) -> Fraction:
    return min(Fraction(1), tables.FREQUENCY_SCORE[frequency] / tables.CADENCE_NORM[level])


CADENCES = {
    (frequency, level): _cadence(frequency, level)
    for frequency in tables.FREQUENCY_SCORE
    for level in tables.LEVELS
}
DEPTH_DENOMINATOR = _common_denominator(list(tables.CHANNEL_DEPTH.values()))
CADENCE_DENOMINATOR = _common_denominator(list(CADENCES.values()))
EFFECTIVENESS_DENOMINATOR = 4  # eff = (effectiveness - 1) / 4

DEPTH_NUMERATOR = {
    channel: int(depth * DEPTH_DENOMINATOR) for channel, depth in tables.CHANNEL_DEPTH.items()
}
CADENCE_NUMERATOR = {key: int(value * CADENCE_DENOMINATOR) for key, value in CADENCES.items()}


def cadence_of(touch_point: TouchPoint) -> Fraction:
    """Exact cadence of a current touch point: min(1, frequency score / norm of its level)."""
    return CADENCES[(str(touch_point.frequency), touch_point.level)]


@dataclass(slots=True)
class Tally:
    """Integer sums over the current touch points and pairs of one unit or of the scope."""

    touch_points: int = 0
    level_mask: int = 0
    cadence_sum: int = 0  # in CADENCE_DENOMINATOR units
    rated: int = 0
    effectiveness_sum: int = 0  # sum of (effectiveness - 1)
    pairs: int = 0
    depth_sum: int = 0  # deepest channel per pair, in DEPTH_DENOMINATOR units
    cross_location_pairs: int = 0
    expected_pairs: int = 0
    connected_expected_pairs: int = 0

    def add_touch_point(self, touch_point: TouchPoint) -> None:
        self.touch_points += 1
        self.level_mask |= LEVEL_BIT[touch_point.level]
        self.cadence_sum += CADENCE_NUMERATOR[(str(touch_point.frequency), touch_point.level)]
        if touch_point.effectiveness is not None:
            self.rated += 1
            self.effectiveness_sum += touch_point.effectiveness - 1

    def add_pair(self, depth: int, crosses_locations: bool) -> None:
        self.pairs += 1
        self.depth_sum += depth
        self.cross_location_pairs += crosses_locations


@dataclass(slots=True)
class ScopeIndex:
    """Everything scoring and the gap rules need, computed once per scenario."""

    scenario: Scenario
    business_units: dict[str, BusinessUnit]
    it_teams: dict[str, ITTeam]
    current: list[TouchPoint]
    desired: list[TouchPoint]
    pair_depth: dict[Pair, int] = field(default_factory=dict)
    pair_levels: dict[Pair, int] = field(default_factory=dict)
    desired_levels: dict[Pair, int] = field(default_factory=dict)
    tallies: dict[str, Tally] = field(default_factory=dict)
    scope: Tally = field(default_factory=Tally)
    graph: "nx.Graph[str]" = field(default_factory=nx.Graph)
    partners: dict[str, set[str]] = field(default_factory=dict)  # unit id -> connected unit ids
    largest_component: set[str] = field(default_factory=set)
    largest_component_size: int = 0
    component_count: int = 0
    locations: set[str] = field(default_factory=set)

    @property
    def has_desired(self) -> bool:
        return bool(self.desired)

    @property
    def unit_count(self) -> int:
        return len(self.business_units) + len(self.it_teams)

    @property
    def spans_locations(self) -> bool:
        return len(self.locations) > 1

    def is_isolated(self, unit_id: str) -> bool:
        return self.tallies[unit_id].touch_points == 0


def build_index(scenario: Scenario) -> ScopeIndex:
    index = ScopeIndex(
        scenario=scenario,
        business_units={unit.id: unit for unit in scenario.business_units},
        it_teams={team.id: team for team in scenario.it_teams},
        current=[tp for tp in scenario.touch_points if tp.is_current],
        desired=[tp for tp in scenario.touch_points if not tp.is_current],
    )
    index.tallies = {unit_id: Tally() for unit_id in (*index.business_units, *index.it_teams)}
    index.locations = {unit.location for unit in scenario.business_units} | {
        team.location for team in scenario.it_teams
    }
    _tally_touch_points(index)
    _tally_pairs(index)
    _tally_expected_pairs(index)
    _find_components(index)
    return index


def _tally_touch_points(index: ScopeIndex) -> None:
    pair_depth, pair_levels, tallies = index.pair_depth, index.pair_levels, index.tallies
    for tp in index.current:
        pair = (tp.business_unit, tp.it_team)
        depth = DEPTH_NUMERATOR[str(tp.channel)]
        if depth > pair_depth.get(pair, -1):
            pair_depth[pair] = depth
        pair_levels[pair] = pair_levels.get(pair, 0) | LEVEL_BIT[tp.level]
        tallies[tp.business_unit].add_touch_point(tp)
        tallies[tp.it_team].add_touch_point(tp)
        index.scope.add_touch_point(tp)
    for tp in index.desired:
        pair = (tp.business_unit, tp.it_team)
        index.desired_levels[pair] = index.desired_levels.get(pair, 0) | LEVEL_BIT[tp.level]


def _tally_pairs(index: ScopeIndex) -> None:
    units, teams, tallies = index.business_units, index.it_teams, index.tallies
    partners = index.partners
    for (unit_id, team_id), depth in index.pair_depth.items():
        partners.setdefault(unit_id, set()).add(team_id)
        partners.setdefault(team_id, set()).add(unit_id)
        crosses = units[unit_id].location != teams[team_id].location
        tallies[unit_id].add_pair(depth, crosses)
        tallies[team_id].add_pair(depth, crosses)
        index.scope.add_pair(depth, crosses)


def _tally_expected_pairs(index: ScopeIndex) -> None:
    if not index.desired:
        # Every pair is expected: count them without materialising every pair.
        for unit_id in index.business_units:
            index.tallies[unit_id].expected_pairs = len(index.it_teams)
        for team_id in index.it_teams:
            index.tallies[team_id].expected_pairs = len(index.business_units)
        for tally in index.tallies.values():
            tally.connected_expected_pairs = tally.pairs
        index.scope.expected_pairs = len(index.business_units) * len(index.it_teams)
        index.scope.connected_expected_pairs = index.scope.pairs
        return
    for unit_id, team_id in index.desired_levels:
        connected = (unit_id, team_id) in index.pair_depth
        for tally in (index.tallies[unit_id], index.tallies[team_id], index.scope):
            tally.expected_pairs += 1
            tally.connected_expected_pairs += connected


def _find_components(index: ScopeIndex) -> None:
    """Components of the graph of connected pairs. Isolated units are not in the graph; they
    are components of one, so they never hold the largest component once any pair exists."""
    graph: nx.Graph[str] = nx.Graph()
    graph.add_edges_from(index.pair_depth)
    index.graph = graph
    components = list(nx.connected_components(graph))
    index.component_count = len(components)
    if not components:
        return
    index.largest_component_size = max(len(component) for component in components)
    # Ties: every component of the largest size counts as "the largest" for its units.
    index.largest_component = set().union(
        *(c for c in components if len(c) == index.largest_component_size)
    )
