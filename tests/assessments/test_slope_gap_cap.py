"""With a cap on gaps per rule, the gaps kept are the first in gap order, and of gaps that sort
equal (units of one name) the first found, as when every gap of the rule was held at once."""

import heapq

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.slope import score_scenario
from assessments.slope.gap_context import first_in_order
from assessments.slope.model import BusinessUnit, GapSortKey, ITTeam, Scenario, TouchPoint
from tests.conftest import examples


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


@settings(max_examples=examples(300))
@given(st.lists(st.integers(0, 5)), st.none() | st.integers(0, 12))
def test_first_in_order_is_the_plain_selection_over_the_whole_list(
    keys: list[int], limit: int | None
) -> None:
    items = [(key, position) for position, key in enumerate(keys)]  # equal keys: ties

    def key(item: tuple[int, int]) -> GapSortKey:
        return (item[0], 0, (), "")

    plain = items if limit is None or len(items) <= limit else heapq.nsmallest(limit, items, key)
    assert first_in_order(iter(items), limit, key) == (plain, len(items))
