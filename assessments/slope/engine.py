"""Score a scenario: dimensions, bands and gaps in one call."""

from collections.abc import Mapping

from . import tables
from .dimensions import score_scope, score_units
from .gaps import find_gaps
from .index import ScopeIndex, build_index
from .model import Result, Scenario, UnitScore


def score_scenario(
    scenario: Scenario,
    recommendations: Mapping[str, str] | None = None,
    *,
    max_gaps_per_rule: int | None = None,
    with_gaps: bool = True,
) -> Result:
    """Score the scope and each unit, and find its gaps.

    ``recommendations`` maps a rule id to a workspace's own text (placeholders as in
    ``tables.RECOMMENDATIONS``). ``max_gaps_per_rule`` keeps only the first gaps of each rule in
    gap order; ``Result.gap_counts`` still holds the true counts. ``with_gaps=False`` skips the
    gap rules (the slower half on a large scope) for a plain assessment.
    """
    index = build_index(scenario)
    units = score_units(index)
    if not with_gaps:
        return scores_of(index, units)
    scope = score_scope(index, units)
    gaps, counts = find_gaps(index, units, recommendations, max_gaps_per_rule)
    return Result(scope, units, gaps, counts, tables.VERSION)


def scores_of(index: ScopeIndex, units: dict[str, UnitScore]) -> Result:
    """The scope's and the units' scores without gaps (``units`` scored on ``index``)."""
    return Result(score_scope(index, units), units, [], {}, tables.VERSION)
