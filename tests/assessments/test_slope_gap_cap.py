"""With a cap on gaps per rule, the gaps kept are the first in gap order, and of gaps that sort
equal (units of one name) the first found, as when every gap of the rule was held at once."""

from assessments.slope import score_scenario
from assessments.slope.model import BusinessUnit, ITTeam, Scenario, TouchPoint


def same_named_units(count: int) -> Scenario:
    """``count`` business units all called "Same" with no strategic touch point: one GAP-03
    each, every gap's sort key equal."""
    units = tuple(
        BusinessUnit(f"u{i}", "Same" if i % 2 else "same", "London") for i in range(count)
    )
    team = ITTeam("t", "Team", "London")
    touch_points = tuple(
        TouchPoint(str(i), unit.id, "t", "operational", channel="service_desk", frequency="weekly")
        for i, unit in enumerate(units)
    )
    return Scenario(units, (team,), touch_points)


def gap_03_units(limit: int | None) -> list[str]:
    result = score_scenario(same_named_units(10), max_gaps_per_rule=limit)
    assert result.gap_counts["GAP-03"] == 10
    return [
        g.subject.business_unit.id
        for g in result.gaps
        if g.rule == "GAP-03"
        if g.subject.business_unit
    ]


def test_it_keeps_the_first_found_of_gaps_that_sort_equal() -> None:
    every = gap_03_units(None)
    assert every == [f"u{i}" for i in range(10)]
    for limit in (0, 1, 3, 9, 10, 11):
        assert gap_03_units(limit) == every[:limit]
