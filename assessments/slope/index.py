"""One pass over a scenario's touch points into the integer tallies that scoring and gap rules
read, plus the business-IT graph.

Sums are kept as integer numerators over a common denominator per table (depth in tenths,
cadence in 24ths, effectiveness in quarters), so means are exact without summing 100,000
Fractions.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction

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
        level, effectiveness = touch_point.level, touch_point.effectiveness
        cadence = CADENCE_NUMERATOR[(str(touch_point.frequency), level)]
        self.add_tallied(LEVEL_BIT[level], cadence, effectiveness)

    def add_tallied(self, level_bit: int, cadence: int, effectiveness: int | None) -> None:
        """A touch point already looked up: its level's bit and its cadence numerator."""
        self.touch_points += 1
        self.level_mask |= level_bit
        self.cadence_sum += cadence
        if effectiveness is not None:
            self.rated += 1
            self.effectiveness_sum += effectiveness - 1

    def add_pair(self, depth: int, crosses_locations: bool) -> None:
        self.pairs += 1
        self.depth_sum += depth
        self.cross_location_pairs += crosses_locations

    def add(self, other: "Tally") -> None:
        """Pool another unit's tally into this one."""
        self.touch_points += other.touch_points
        self.level_mask |= other.level_mask
        self.cadence_sum += other.cadence_sum
        self.rated += other.rated
        self.effectiveness_sum += other.effectiveness_sum
        self.pairs += other.pairs
        self.depth_sum += other.depth_sum
        self.cross_location_pairs += other.cross_location_pairs
        self.expected_pairs += other.expected_pairs
        self.connected_expected_pairs += other.connected_expected_pairs


class Components:
    """The connected components of the graph of connected pairs, as a union-find forest (by
    size, with path halving). A unit with no pair is not in the forest: a component of one."""

    __slots__ = ("parent", "size")

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.size: dict[str, int] = {}  # per root

    def root(self, node: str) -> str | None:
        parent = self.parent
        if node not in parent:
            return None
        while parent[node] != node:
            parent[node] = node = parent[parent[node]]
        return node

    def join(self, first: str, second: str) -> None:
        big, small = self._planted(first), self._planted(second)
        if big == small:
            return
        size = self.size
        if size[big] < size[small]:
            big, small = small, big
        self.parent[small] = big
        size[big] += size.pop(small)

    def join_all(self, pairs: Iterable[Pair]) -> None:
        """``join`` each pair in turn, written out with the forest bound once: an index of
        100,000 touch points joins some 95,000 pairs."""
        parent, size = self.parent, self.size
        for first, second in pairs:
            big, small = _planted(parent, size, first), _planted(parent, size, second)
            if big == small:
                continue
            if size[big] < size[small]:
                big, small = small, big
            parent[small] = big
            size[big] += size.pop(small)

    def _planted(self, node: str) -> str:
        """The node's root, making it a tree of its own if it is not in the forest yet."""
        return _planted(self.parent, self.size, node)

    def of(self, node: str) -> tuple[str | None, int]:
        """A node's root and its component's size; (None, 1) for a unit with no pair."""
        root = self.root(node)
        return (None, 1) if root is None else (root, self.size[root])

    def largest(self) -> tuple[int, set[str]]:
        """The largest size and every node of a component of that size (ties all count)."""
        if not self.size:
            return 0, set()
        most = max(self.size.values())
        return most, {node for node in self.parent if self.size[str(self.root(node))] == most}

    def partition(self) -> set[frozenset[str]]:
        members: dict[str | None, set[str]] = {}
        for node in self.parent:
            members.setdefault(self.root(node), set()).add(node)
        return {frozenset(group) for group in members.values()}

    def copy(self) -> "Components":
        twin = Components()
        twin.parent, twin.size = dict(self.parent), dict(self.size)
        return twin

    def __eq__(self, other: object) -> bool:
        """Two forests are equal when they hold the same components, whatever their roots."""
        if not isinstance(other, Components):
            return NotImplemented
        return self.partition() == other.partition()

    __hash__ = None  # type: ignore[assignment]  # mutable, compared by value


def _planted(parent: dict[str, str], size: dict[str, int], node: str) -> str:
    """The node's root in the forest ``parent`` (path halving), making it a tree of its own
    if it is not in the forest yet."""
    if node not in parent:
        parent[node] = node
        size[node] = 1
        return node
    while parent[node] != node:
        parent[node] = node = parent[parent[node]]
    return node


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
    components: Components = field(default_factory=Components)
    largest_component: set[str] = field(default_factory=set)
    largest_component_size: int = 0
    component_count: int = 0
    locations: set[str] = field(default_factory=set)
    # Built from pair_depth on first use (see partners); not copied by dataclasses.replace.
    _partners: dict[str, list[str]] | None = field(default=None, init=False, compare=False)

    @property
    def partners(self) -> dict[str, list[str]]:
        """Unit id -> the ids of the units it is connected to. Only gap rules read it, so a
        plain assessment never builds it (some 190,000 insertions for 100,000 touch points).

        In the order networkx's graph of the pairs would hold them (units in order of first
        sight, each one's partners in the order of their pairs): slope.articulation reads them
        as they are. Lists, not sets: a set per unit held 30 MB at 300,000 touch points, the
        lists 5."""
        if self._partners is None:
            self._partners = _partners_of(self.pair_depth)
        return self._partners

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


def _partners_of(pairs: Iterable[Pair]) -> dict[str, list[str]]:
    """Each pair is listed once at both ends (pair_depth's keys are distinct pairs)."""
    partners: dict[str, list[str]] = {}
    for unit_id, team_id in pairs:
        # setdefault would build a new empty list on every call.
        if (known := partners.get(unit_id)) is None:
            partners[unit_id] = [team_id]
        else:
            known.append(team_id)
        if (known := partners.get(team_id)) is None:
            partners[team_id] = [unit_id]
        else:
            known.append(unit_id)
    return partners


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
    _tally_expected_pairs(index)
    _tally_current(index, index.current)
    _pool_scope(index)
    _count_components(index)
    return index


def with_current(index: ScopeIndex, added: tuple[TouchPoint, ...]) -> tuple[ScopeIndex, set[str]]:
    """The index of the scenario with ``added`` (current touch points between its units) appended,
    built from ``index`` without a second pass over its touch points, which it leaves unchanged;
    and the units whose scores may differ: the ends of ``added`` and those that joined or left
    the largest component. Equal to build_index of that scenario."""
    ends = {tp.business_unit for tp in added} | {tp.it_team for tp in added}
    tallies = dict(index.tallies)
    for unit_id in ends:
        tallies[unit_id] = replace(tallies[unit_id])
    extended = replace(
        index,
        scenario=replace(index.scenario, touch_points=index.scenario.touch_points + added),
        current=index.current + list(added),
        pair_depth=dict(index.pair_depth),
        pair_levels=dict(index.pair_levels),
        tallies=tallies,
        components=index.components.copy(),
    )
    _tally_current(extended, added)
    _pool_scope(extended)
    _count_components(extended)
    return extended, ends | (index.largest_component ^ extended.largest_component)


def _tally_current(index: ScopeIndex, touch_points: Sequence[TouchPoint]) -> None:
    """Add current touch points to the tallies; a pair they connect for the first time adds a
    pair, one they make deeper adds the difference."""
    pair_depth, pair_levels, tallies = index.pair_depth, index.pair_levels, index.tallies
    # Each pair's depth before these touch points (None: not connected yet). A fresh index
    # (build_index) needs none: every pair is new, in pair_depth's order of first sight.
    fresh = not pair_depth
    before: dict[Pair, int | None] = {}
    level_bits, depths, cadences = LEVEL_BIT, DEPTH_NUMERATOR, CADENCE_NUMERATOR
    for tp in touch_points:
        unit_id, team_id, level = tp.business_unit, tp.it_team, tp.level
        pair = (unit_id, team_id)
        old = pair_depth.get(pair)
        if not fresh and pair not in before:
            before[pair] = old
        depth = depths[str(tp.channel)]
        if old is None or depth > old:
            pair_depth[pair] = depth
        bit = level_bits[level]
        pair_levels[pair] = pair_levels.get(pair, 0) | bit
        cadence, effectiveness = cadences[(str(tp.frequency), level)], tp.effectiveness
        tallies[unit_id].add_tallied(bit, cadence, effectiveness)
        tallies[team_id].add_tallied(bit, cadence, effectiveness)
    new_pairs = list(pair_depth) if fresh else []
    for pair, old in before.items():
        if old is None:
            new_pairs.append(pair)
        elif (deeper := pair_depth[pair] - old) > 0:
            tallies[pair[0]].depth_sum += deeper
            tallies[pair[1]].depth_sum += deeper
    _add_pairs(index, new_pairs)


def _add_pairs(index: ScopeIndex, pairs: list[Pair]) -> None:
    """Pairs connected for the first time (their depth already in ``pair_depth``). Tally.add_pair
    is written out: it runs twice per pair, some 190,000 calls for 100,000 touch points."""
    tallies, pair_depth = index.tallies, index.pair_depth
    unit_location = {unit_id: unit.location for unit_id, unit in index.business_units.items()}
    team_location = {team_id: team.location for team_id, team in index.it_teams.items()}
    every_pair_expected, desired = not index.desired, index.desired_levels
    for pair in pairs:
        unit_id, team_id = pair
        depth = pair_depth[pair]
        crosses = unit_location[unit_id] != team_location[team_id]
        expected = every_pair_expected or pair in desired
        for tally in (tallies[unit_id], tallies[team_id]):
            tally.pairs += 1
            tally.depth_sum += depth
            tally.cross_location_pairs += crosses
            tally.connected_expected_pairs += expected
    index.components.join_all(pairs)


def _tally_expected_pairs(index: ScopeIndex) -> None:
    """The expected pairs: the desired ones, or every pair when none is desired (counted without
    materialising every pair). Connected ones are counted as pairs are added."""
    for tp in index.desired:
        pair = (tp.business_unit, tp.it_team)
        index.desired_levels[pair] = index.desired_levels.get(pair, 0) | LEVEL_BIT[tp.level]
    if not index.desired:
        for unit_id in index.business_units:
            index.tallies[unit_id].expected_pairs = len(index.it_teams)
        for team_id in index.it_teams:
            index.tallies[team_id].expected_pairs = len(index.business_units)
        return
    for unit_id, team_id in index.desired_levels:
        index.tallies[unit_id].expected_pairs += 1
        index.tallies[team_id].expected_pairs += 1


def _pool_scope(index: ScopeIndex) -> None:
    """Every touch point and pair has exactly one business unit: the scope's tally is the sum
    of theirs."""
    index.scope = scope = Tally()
    for unit_id in index.business_units:
        scope.add(index.tallies[unit_id])


def _count_components(index: ScopeIndex) -> None:
    """Isolated units are not in the forest; they are components of one, so they never hold the
    largest component once any pair exists."""
    index.component_count = len(index.components.size)
    index.largest_component_size, index.largest_component = index.components.largest()
