"""The six dimensions, the composite score, its band and the weakest-link cap (SLOPE.md)."""

import math
from collections.abc import Iterable
from fractions import Fraction

from . import tables
from .index import (
    CADENCE_DENOMINATOR,
    DEPTH_DENOMINATOR,
    EFFECTIVENESS_DENOMINATOR,
    ScopeIndex,
    Tally,
)
from .model import Dimensions, Rating, ScopeScore, UnitScore

_LEVEL_COUNT = len(tables.LEVELS)
# The weights over one common denominator, so a unit's weighted mean is a single exact division.
_WEIGHT_DENOMINATOR = math.lcm(*(weight.denominator for weight in tables.WEIGHTS.values()))
_WEIGHT_NUMERATOR = {
    letter: int(weight * _WEIGHT_DENOMINATOR) for letter, weight in tables.WEIGHTS.items()
}
# Each band's lower edge as (numerator, denominator): a scope of 10,000 units finds 20,000 bands,
# and reading a Fraction's numerator or denominator is a property call.
_BAND_EDGES = tuple((edge.numerator, edge.denominator) for _, edge in tables.BANDS)
# Shared, as Fractions are immutable: every unit in or out of the largest component, or isolated.
_ZERO, _ONE = Fraction(0), Fraction(1)


def band_index(score: Fraction) -> int:
    """Index into ``tables.BANDS`` of the band holding a 0..100 score; edges belong above."""
    return _band_of(score.numerator, score.denominator)


def _band_of(numerator: int, denominator: int) -> int:
    """band_index of numerator / denominator (denominator > 0), in integers."""
    index = 0
    for i, (edge_numerator, edge_denominator) in enumerate(_BAND_EDGES):
        if numerator * edge_denominator >= edge_numerator * denominator:
            index = i
    return index


def rate(dimensions: Dimensions) -> Rating:
    """Weighted mean of the applicable dimensions, band, and weakest-link cap.

    Exact, in integers over the dimensions' common denominator: a scope of 10,000 units is
    rated 10,000 times, and Fraction arithmetic made most of that time."""
    applicable = dimensions.applicable()
    if not applicable:
        return Rating(dimensions, Fraction(0), tables.BANDS[0][0], tables.BANDS[0][0], None)
    common = math.lcm(*(value.denominator for value in applicable.values()))
    # Each dimension as a numerator over ``common``: same order as the values themselves.
    scaled: dict[str, int] = {}
    weight_total = weighted = 0
    for letter, value in applicable.items():
        scaled[letter] = numerator = value.numerator * (common // value.denominator)
        weight = _WEIGHT_NUMERATOR[letter]
        weight_total += weight
        weighted += weight * numerator
    score = Fraction(100 * weighted, weight_total * common)
    # The first weakest in B V K F E X order names the cap when two tie.
    weakest = min(scaled, key=scaled.__getitem__)
    own_band = _band_of(100 * weighted, weight_total * common)  # band_index(score), unreduced
    cap = _band_of(100 * scaled[weakest], common) + 1
    band = min(own_band, cap)
    return Rating(
        dimensions=dimensions,
        score=score,
        band=tables.BANDS[band][0],
        uncapped_band=tables.BANDS[own_band][0],
        capped_by=weakest if band < own_band else None,
    )


def isolated_dimensions(tally: Tally) -> Dimensions:
    """A unit with no current touch point scores 0 on every dimension that applies to it."""
    breadth = _ZERO if tally.expected_pairs else None
    return Dimensions(B=breadth, V=_ZERO, K=_ZERO, F=_ZERO, E=None, X=_ZERO)


def _breadth(tally: Tally) -> Fraction | None:
    if not tally.expected_pairs:
        return None
    return Fraction(tally.connected_expected_pairs, tally.expected_pairs)


def _depth(tally: Tally) -> Fraction:
    return Fraction(tally.depth_sum, tally.pairs * DEPTH_DENOMINATOR)


def _cadence(tally: Tally) -> Fraction:
    return Fraction(tally.cadence_sum, tally.touch_points * CADENCE_DENOMINATOR)


def _effectiveness(tally: Tally) -> Fraction | None:
    if not tally.rated:
        return None
    return Fraction(tally.effectiveness_sum, tally.rated * EFFECTIVENESS_DENOMINATOR)


def _boundary_spanning(tally: Tally, in_largest: Fraction, spans_locations: bool) -> Fraction:
    """Mean of X(a) and X(b); X(b) does not apply when the scope has one location."""
    if not spans_locations:
        return in_largest
    share, pairs = in_largest, tally.pairs
    return Fraction(
        share.numerator * pairs + tally.cross_location_pairs * share.denominator,
        2 * share.denominator * pairs,
    )


def _vertical_reach(tally: Tally) -> Fraction:
    return Fraction(tally.level_mask.bit_count(), _LEVEL_COUNT)


def unit_dimensions(index: ScopeIndex, unit_id: str) -> Dimensions:
    tally = index.tallies[unit_id]
    if tally.touch_points == 0:
        return isolated_dimensions(tally)
    in_largest = _ONE if unit_id in index.largest_component else _ZERO
    return Dimensions(
        B=_breadth(tally),
        V=_vertical_reach(tally),
        K=_depth(tally),
        F=_cadence(tally),
        E=_effectiveness(tally),
        X=_boundary_spanning(tally, in_largest, index.spans_locations),
    )


def scope_dimensions(index: ScopeIndex) -> Dimensions:
    """Pooled over the whole scope, not averaged; V is the mean of business units' V."""
    level_total = sum(index.tallies[unit].level_mask.bit_count() for unit in index.business_units)
    in_largest = (
        Fraction(index.largest_component_size, index.unit_count)
        if index.unit_count
        else Fraction(0)
    )
    return pooled_dimensions(
        index.scope, level_total, len(index.business_units), in_largest, index.spans_locations
    )


def pooled_dimensions(
    tally: Tally,
    level_total: int,
    business_unit_count: int,
    in_largest: Fraction,
    spans_locations: bool,
) -> Dimensions:
    """The scope's dimensions from its pooled tally, the business units' summed level counts and
    the share of units in the largest component (the projection reuses it for one more touch
    point without rebuilding the index)."""
    if tally.touch_points == 0:
        return isolated_dimensions(tally)
    return Dimensions(
        B=_breadth(tally),
        V=Fraction(level_total, _LEVEL_COUNT * business_unit_count),
        K=_depth(tally),
        F=_cadence(tally),
        E=_effectiveness(tally),
        X=_boundary_spanning(tally, in_largest, spans_locations),
    )


def ei_index(tally: Tally) -> Fraction | None:
    """Krackhardt's (E - I) / (E + I) over connected pairs; -1 all same-site, +1 all cross."""
    if not tally.pairs:
        return None
    return Fraction(2 * tally.cross_location_pairs - tally.pairs, tally.pairs)


def score_units(index: ScopeIndex) -> dict[str, UnitScore]:
    return rescore_units(index, {}, [*index.business_units, *index.it_teams])


def rescore_units(
    index: ScopeIndex, units: dict[str, UnitScore], unit_ids: Iterable[str]
) -> dict[str, UnitScore]:
    """``units`` (left unchanged) with the units of ``unit_ids`` scored on ``index``: an
    extended index rescores only the units it changed."""
    scored = dict(units)
    business_units, it_teams = index.business_units, index.it_teams
    for unit_id in unit_ids:
        rating = rate(unit_dimensions(index, unit_id))
        if unit_id in business_units:
            scored[unit_id] = UnitScore(unit_id, business_units[unit_id].name, "business", rating)
        else:
            scored[unit_id] = UnitScore(unit_id, it_teams[unit_id].name, "it", rating)
    return scored


def exact_mean(values: list[Fraction]) -> Fraction | None:
    """The mean, summed as integer numerators per denominator (a scope's 10,000 unit scores
    share few denominators) rather than as 10,000 Fraction additions."""
    if not values:
        return None
    totals: dict[int, int] = {}
    for value in values:
        totals[value.denominator] = totals.get(value.denominator, 0) + value.numerator
    common = math.lcm(*totals)
    total = sum(numerator * (common // denominator) for denominator, numerator in totals.items())
    return Fraction(total, common * len(values))


def score_scope(index: ScopeIndex, units: dict[str, UnitScore]) -> ScopeScore:
    business_scores = [units[unit_id].rating.score for unit_id in index.business_units]
    mean = exact_mean(business_scores)
    return ScopeScore(
        rating=rate(scope_dimensions(index)),
        ei_index=ei_index(index.scope),
        mean_business_unit_score=mean,
    )
