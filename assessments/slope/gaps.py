"""The thirteen gap rules of SLOPE.md over a scope index and its unit scores.

An isolated unit raises GAP-02 and nothing else, so every rule about pairs skips pairs with an
isolated side. GAP-01 pairs are expected and GAP-11 pairs are not, so no pair raises both.
"""

import bisect
import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from fractions import Fraction
from types import MappingProxyType

from . import tables
from .articulation import articulation_points
from .gap_context import GapContext, Keyed, first_in_order, key_of
from .index import DEPTH_DENOMINATOR, LEVEL_BIT, ScopeIndex
from .model import (
    BusinessUnit,
    Gap,
    GapSortKey,
    ITTeam,
    Subject,
    UnitScore,
    natural_key,
)
from .touch_point_gaps import (
    TouchPointRule,
    ineffective_touch_points,
    under_cadence,
    unrated_touch_points,
)

_STRATEGIC = LEVEL_BIT["strategic"]
_TACTICAL = LEVEL_BIT["tactical"]
_OPERATIONAL = LEVEL_BIT["operational"]
_TRANSACTIONAL_DEPTH_MAX = math.floor(tables.TRANSACTIONAL_DEPTH_MAX * DEPTH_DENOMINATOR)
_DEPTHS = {n: Fraction(n, DEPTH_DENOMINATOR) for n in range(DEPTH_DENOMINATOR + 1)}
# Shared by every unconnected pair when all pairs are expected, so millions of gaps stay small.
_NO_TOUCH_POINT: Mapping[str, object] = MappingProxyType({"current_touch_points": 0})


def _levels(mask: int) -> list[str]:
    return [level for level in tables.LEVELS if mask & LEVEL_BIT[level]]


def _pair_subject(unit: BusinessUnit, team: ITTeam, level: str | None = None) -> Subject:
    return Subject("pair", business_unit=unit, it_team=team, level=level)


def _unit_subject(index: ScopeIndex, unit_id: str) -> Subject:
    if unit_id in index.business_units:
        return Subject("business_unit", business_unit=index.business_units[unit_id])
    return Subject("it_team", it_team=index.it_teams[unit_id])


def _severity_by_criticality(unit: BusinessUnit) -> str:
    return "high" if unit.is_critical else "medium"


def _connected_units_in_order(index: ScopeIndex) -> tuple[list[BusinessUnit], list[ITTeam]]:
    """Non-isolated units in gap order: critical business units first, then by name."""
    units = [u for u in index.business_units.values() if not index.is_isolated(u.id)]
    units.sort(key=lambda u: (not u.is_critical, natural_key(u.name)))
    teams = [t for t in index.it_teams.values() if not index.is_isolated(t.id)]
    teams.sort(key=lambda t: natural_key(t.name))
    return units, teams


def unconnected_pairs_in_order(ctx: GapContext, limit: int | None = None) -> list[Gap]:
    """GAP-01 when every pair is expected, already in gap order: the first ``limit`` or all.

    This may be millions of gaps (business units times IT teams), so tuples are built with
    ``tuple.__new__``, which skips the keyword handling of the named tuples' ``__new__``.
    """
    units, teams = _connected_units_in_order(ctx.index)
    pair_depth, template, new = ctx.index.pair_depth, ctx.templates["GAP-01"], tuple.__new__
    gaps: list[Gap] = []
    for unit in units:
        severity = _severity_by_criticality(unit)
        gaps.extend(
            new(
                Gap,
                (
                    "GAP-01",
                    severity,
                    new(Subject, ("pair", unit, team, None, None, None)),
                    _NO_TOUCH_POINT,
                    template,
                ),
            )
            for team in teams
            if (unit.id, team.id) not in pair_depth
        )
        if limit is not None and len(gaps) >= limit:
            return gaps[:limit]
    return gaps


def unconnected_pair_count(index: ScopeIndex) -> int:
    units, teams = _connected_units_in_order(index)
    return len(units) * len(teams) - len(index.pair_depth)


def missing_desired_interactions(ctx: GapContext) -> Iterator[Gap]:
    """GAP-01 with desired touch points: a desired pair with no current touch point (one gap),
    or a connected desired pair missing a desired level (one gap per level)."""
    index = ctx.index
    for (unit_id, team_id), desired_mask in index.desired_levels.items():
        if index.is_isolated(unit_id) or index.is_isolated(team_id):
            continue
        unit, team = index.business_units[unit_id], index.it_teams[team_id]
        severity = _severity_by_criticality(unit)
        current_mask = index.pair_levels.get((unit_id, team_id))
        if current_mask is None:
            evidence = {"current_touch_points": 0, "desired_levels": _levels(desired_mask)}
            yield ctx.gap("GAP-01", severity, _pair_subject(unit, team), evidence)
            continue
        for level in _levels(desired_mask & ~current_mask):
            evidence = {"desired_level": level, "current_levels": _levels(current_mask)}
            yield ctx.gap("GAP-01", severity, _pair_subject(unit, team, level), evidence)


def isolated_units(ctx: GapContext) -> Iterator[Gap]:
    for unit_id, tally in ctx.index.tallies.items():
        if tally.touch_points == 0:
            subject = _unit_subject(ctx.index, unit_id)
            yield ctx.gap("GAP-02", "critical", subject, {"current_touch_points": 0})


def _business_units_by_levels(ctx: GapContext, fires: Callable[[int], bool]) -> Iterator[str]:
    for unit_id in ctx.index.business_units:
        tally = ctx.index.tallies[unit_id]
        if tally.touch_points and fires(tally.level_mask):
            yield unit_id


def no_strategic_engagement(ctx: GapContext) -> Iterator[Gap]:
    for unit_id in _business_units_by_levels(ctx, lambda mask: not mask & _STRATEGIC):
        tally = ctx.index.tallies[unit_id]
        evidence = {"touch_points": tally.touch_points, "strategic_touch_points": 0}
        yield ctx.gap("GAP-03", "high", _unit_subject(ctx.index, unit_id), evidence)


def transactional_only(ctx: GapContext) -> Iterator[Gap]:
    index = ctx.index
    for (unit_id, team_id), depth in index.pair_depth.items():
        if depth <= _TRANSACTIONAL_DEPTH_MAX:
            subject = _pair_subject(index.business_units[unit_id], index.it_teams[team_id])
            evidence = {"deepest_channel_depth": _DEPTHS[depth]}
            yield ctx.gap("GAP-04", "medium", subject, evidence)


def missing_middle(ctx: GapContext) -> Iterator[Gap]:
    def fires(mask: int) -> bool:
        return bool(mask & _STRATEGIC and mask & _OPERATIONAL and not mask & _TACTICAL)

    for unit_id in _business_units_by_levels(ctx, fires):
        evidence = {"levels": ["strategic", "operational"], "tactical_touch_points": 0}
        yield ctx.gap("GAP-05", "medium", _unit_subject(ctx.index, unit_id), evidence)


def fragile_bridges(ctx: GapContext) -> Iterator[Gap]:
    for unit_id in articulation_points(ctx.index.partners):
        severity = "low" if unit_id in ctx.index.business_units else "medium"
        evidence = {"partners": len(ctx.index.partners[unit_id])}
        yield ctx.gap("GAP-08", severity, _unit_subject(ctx.index, unit_id), evidence)


def geographic_silos(ctx: GapContext) -> Iterator[Gap]:
    """A location whose business units hold pairs, all with same-location IT teams."""
    index = ctx.index
    if not index.spans_locations:
        return
    pairs: dict[str, int] = {}
    crossing: dict[str, int] = {}
    for unit in index.business_units.values():
        tally = index.tallies[unit.id]
        pairs[unit.location] = pairs.get(unit.location, 0) + tally.pairs
        crossing[unit.location] = crossing.get(unit.location, 0) + tally.cross_location_pairs
    for location, pair_count in pairs.items():
        if pair_count and not crossing[location]:
            evidence = {
                "locations": len(index.locations),
                "pairs": pair_count,
                "cross_location_pairs": 0,
            }
            yield ctx.gap("GAP-09", "medium", Subject("location", location=location), evidence)


def fragmented_network(ctx: GapContext) -> Iterator[Gap]:
    index = ctx.index
    if index.component_count > 1:
        evidence = {
            "components": index.component_count,
            "largest_component_units": index.largest_component_size,
        }
        yield ctx.gap("GAP-10", "high", Subject("scope"), evidence)


def _peers_within(adjacency: Mapping[str, list[str]], unit_id: str, most: int) -> set[str]:
    """The business unit's peers, or an incomplete set as soon as there are more than ``most``
    (no IT team could then reach half of them, so the exact set does not matter)."""
    peers: set[str] = set()
    for team_id in sorted(adjacency[unit_id], key=lambda t: -len(adjacency[t])):
        peers.update(adjacency[team_id])
        if len(peers) - 1 > most:
            break
    peers.discard(unit_id)
    return peers


def peer_pattern_candidates(ctx: GapContext) -> Iterator[Gap]:
    """Pairs neither expected nor connected where at least half of the business unit's peers
    (business units sharing an IT team with it) work with the IT team."""
    index = ctx.index
    if not index.has_desired:
        return
    adjacency = index.partners
    # Largest teams first: a team with fewer business units than half the peers cannot fire.
    teams_by_reach = sorted(
        (team_id for team_id in index.it_teams if team_id in adjacency),
        key=lambda team_id: -len(adjacency[team_id]),
    )
    if not teams_by_reach:
        return
    most_peers = math.floor(len(adjacency[teams_by_reach[0]]) / tables.PEER_SHARE_MIN)
    for unit_id in index.business_units:
        if unit_id not in adjacency:
            continue
        peers = _peers_within(adjacency, unit_id, most_peers)
        if not peers or len(peers) > most_peers:
            continue
        needed = math.ceil(len(peers) * tables.PEER_SHARE_MIN)
        linked = set(adjacency[unit_id])
        for team_id in teams_by_reach:
            if len(adjacency[team_id]) < needed:
                break
            if team_id in linked or (unit_id, team_id) in index.desired_levels:
                continue
            working = len(peers.intersection(adjacency[team_id]))
            if working >= needed:
                subject = _pair_subject(index.business_units[unit_id], index.it_teams[team_id])
                evidence = {"peers": len(peers), "peers_working_with_team": working}
                yield ctx.gap("GAP-11", "info", subject, evidence)


def capped_bands(ctx: GapContext) -> Iterator[Gap]:
    for unit_id, unit_score in ctx.units.items():
        rating = unit_score.rating
        if rating.capped_by is None:
            continue
        weakest = getattr(rating.dimensions, rating.capped_by)
        evidence = {
            "score": rating.score,
            "uncapped_band": rating.uncapped_band,
            "band": rating.band,
            "weakest_dimension": rating.capped_by,
            "weakest_value": 100 * weakest,
        }
        yield ctx.gap("GAP-13", "info", _unit_subject(ctx.index, unit_id), evidence)


RULES: tuple[tuple[str, Callable[[GapContext], Iterator[Gap]] | TouchPointRule], ...] = (
    ("GAP-02", isolated_units),
    ("GAP-03", no_strategic_engagement),
    ("GAP-04", transactional_only),
    ("GAP-05", missing_middle),
    ("GAP-06", ineffective_touch_points),
    ("GAP-07", under_cadence),
    ("GAP-08", fragile_bridges),
    ("GAP-09", geographic_silos),
    ("GAP-10", fragmented_network),
    ("GAP-11", peer_pattern_candidates),
    ("GAP-12", unrated_touch_points),
    ("GAP-13", capped_bands),
)


def _gap_key(gap: Gap) -> GapSortKey:
    return gap.sort_key


def _first_in_order(gaps: Iterable[Gap], limit: int | None) -> tuple[list[Keyed], int]:
    """All gaps of one rule, or the first ``limit`` of them in gap order, with the true count."""
    return first_in_order(((gap.sort_key, gap) for gap in gaps), limit, key_of)


def _merged(ordered: list[Gap], others: list[Keyed]) -> list[Gap]:
    """Merge a long list already in gap order with a short unordered one, computing sort keys
    for the long list only where a binary search looks."""
    others.sort(key=key_of)
    merged: list[Gap] = []
    start = 0
    for key, gap in others:
        position = bisect.bisect_right(ordered, key, lo=start, key=_gap_key)
        merged.extend(ordered[start:position])
        merged.append(gap)
        start = position
    merged.extend(ordered[start:])
    return merged


def find_gaps(
    index: ScopeIndex,
    units: Mapping[str, UnitScore],
    recommendations: Mapping[str, str] | None = None,
    max_gaps_per_rule: int | None = None,
) -> tuple[list[Gap], dict[str, int]]:
    """Every gap in order (severity, critical business units first, subject name) and the
    true count per rule. ``recommendations`` overrides the default text of any rule id."""
    unknown = set(recommendations or {}) - set(tables.RULE_NAMES)
    if unknown:
        raise ValueError(f"no gap rule has the id {', '.join(sorted(unknown))}")
    templates = {**tables.RECOMMENDATIONS, **(recommendations or {})}
    ctx = GapContext(index, units, templates)
    counts: dict[str, int] = {}
    others: list[Keyed] = []
    if index.has_desired:
        others, counts["GAP-01"] = _first_in_order(
            missing_desired_interactions(ctx), max_gaps_per_rule
        )
    for rule, find in RULES:
        if isinstance(find, TouchPointRule):
            found, counts[rule] = find.first_in_order(ctx, max_gaps_per_rule)
        else:
            found, counts[rule] = _first_in_order(find(ctx), max_gaps_per_rule)
        others.extend(found)
    if index.has_desired:
        return [gap for _, gap in sorted(others, key=key_of)], counts
    # Every pair is expected: count arithmetically, materialise only what was asked for.
    missing = unconnected_pairs_in_order(ctx, max_gaps_per_rule)
    counts = {"GAP-01": unconnected_pair_count(index), **counts}
    # Unconnected pairs come in gap order and may number millions: merge rather than sort.
    return _merged(missing, others), counts
