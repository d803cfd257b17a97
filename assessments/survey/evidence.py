"""Evidence for each criterion, on 0..100, from the slope of the same scope (SURVEY.md)."""

from fractions import Fraction

from assessments.slope.index import DEPTH_DENOMINATOR, DEPTH_NUMERATOR
from assessments.slope.model import Dimensions, Scenario

from . import instrument

_HUNDRED = Fraction(100)
_DEEP = instrument.DEEP_CHANNEL_MIN * DEPTH_DENOMINATOR


def deep_pair_share(scenario: Scenario) -> Fraction:
    """Share of connected pairs whose deepest channel reaches DEEP_CHANNEL_MIN; 0 without pairs,
    as the slope scores a scope without touch points 0."""
    deepest: dict[tuple[str, str], int] = {}
    for tp in scenario.touch_points:
        if tp.is_current:
            pair = (tp.business_unit, tp.it_team)
            deepest[pair] = max(deepest.get(pair, 0), DEPTH_NUMERATOR[str(tp.channel)])
    if not deepest:
        return Fraction(0)
    deep = sum(1 for depth in deepest.values() if depth >= _DEEP)
    return Fraction(deep, len(deepest))


def _scaled(value: Fraction | None) -> Fraction | None:
    return None if value is None else _HUNDRED * value


def criterion_evidence(dimensions: Dimensions, deep_share: Fraction) -> dict[str, Fraction | None]:
    """COM the mean of B and F (those that apply), VAL E, GOV K, PAR V, SCO X, SKL the share of
    deep pairs; None where the source does not apply."""
    communication = [value for value in (dimensions.B, dimensions.F) if value is not None]
    return {
        "COM": _HUNDRED * sum(communication, Fraction(0)) / len(communication)
        if communication
        else None,
        "VAL": _scaled(dimensions.E),
        "GOV": _scaled(dimensions.K),
        "PAR": _scaled(dimensions.V),
        "SCO": _scaled(dimensions.X),
        "SKL": _scaled(deep_share),
    }


def scenario_evidence(scenario: Scenario, dimensions: Dimensions) -> dict[str, Fraction | None]:
    """Evidence of a scored scenario: ``dimensions`` are its scope's (Result.scope.rating)."""
    return criterion_evidence(dimensions, deep_pair_share(scenario))
