"""Properties that hold for any valid scenario."""

import json
from collections import Counter
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from assessments.slope import Rating, format_text, parse_scenario, result_to_json, score_scenario
from assessments.slope.dimensions import band_index
from assessments.slope.tables import BANDS, CHANNEL_DEPTH, FREQUENCY_SCORE, LEVELS
from tests.conftest import examples

LOCATIONS = ("London", "Leeds", "Paris")


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, Any]:
    unit_count = draw(st.integers(1, 5))
    team_count = draw(st.integers(1, 4))
    units = [
        {
            "id": f"bu{i}",
            "name": f"Unit {i}",
            "location": draw(st.sampled_from(LOCATIONS)),
            "criticality": draw(st.sampled_from(("high", "normal"))),
        }
        for i in range(unit_count)
    ]
    teams = [
        {"id": f"it{i}", "name": f"Team {i}", "location": draw(st.sampled_from(LOCATIONS))}
        for i in range(team_count)
    ]
    touch_point = st.fixed_dictionaries(
        {
            "business_unit": st.sampled_from([unit["id"] for unit in units]),
            "it_team": st.sampled_from([team["id"] for team in teams]),
            "level": st.sampled_from(LEVELS),
            "channel": st.sampled_from(sorted(CHANNEL_DEPTH)),
            "frequency": st.sampled_from(sorted(FREQUENCY_SCORE)),
            "effectiveness": st.none() | st.integers(1, 5),
            "state": st.sampled_from(("current", "current", "current", "desired")),
        }
    )
    touch_points = draw(st.lists(touch_point, max_size=12))
    return {"business_units": units, "it_teams": teams, "touch_points": touch_points}


def _assert_consistent(rating: Rating) -> None:
    assert 0 <= rating.score <= 100
    applicable = rating.dimensions.applicable()
    assert all(0 <= value <= 1 for value in applicable.values())
    if not applicable:
        return
    cap = band_index(100 * min(applicable.values())) + 1
    expected = min(band_index(rating.score), cap)
    assert rating.band == BANDS[expected][0]
    assert (rating.capped_by is not None) == (expected < band_index(rating.score))
    if rating.capped_by is not None:
        assert applicable[rating.capped_by] == min(applicable.values())


@settings(max_examples=examples(80), deadline=None)
@given(scenarios())
def test_it_keeps_scores_in_range_and_bands_within_the_cap(data: dict[str, Any]) -> None:
    result = score_scenario(parse_scenario(data))
    _assert_consistent(result.scope.rating)
    for unit in result.units.values():
        _assert_consistent(unit.rating)


@settings(max_examples=examples(80), deadline=None)
@given(scenarios())
def test_it_writes_results_that_survive_json(data: dict[str, Any]) -> None:
    result = score_scenario(parse_scenario(data))
    text = json.dumps(result_to_json(result, include_meta=True), allow_nan=False)
    assert set(json.loads(text)["units"]) == {u["id"] for u in data["business_units"]} | {
        t["id"] for t in data["it_teams"]
    }
    assert format_text(result).startswith("Convergence slope")


@settings(max_examples=examples(80), deadline=None)
@given(scenarios())
def test_it_says_nothing_but_gap_02_about_an_isolated_unit(data: dict[str, Any]) -> None:
    result = score_scenario(parse_scenario(data))
    isolated = {gap.subject.name for gap in result.gaps if gap.rule == "GAP-02"}
    for gap in result.gaps:
        if gap.rule != "GAP-02":
            involved = {u.name for u in (gap.subject.business_unit, gap.subject.it_team) if u}
            assert not involved & isolated


@settings(max_examples=examples(60), deadline=None)
@given(scenarios(), st.integers(0, 3))
def test_it_caps_gaps_per_rule_but_counts_them_all(data: dict[str, Any], limit: int) -> None:
    full = score_scenario(parse_scenario(data))
    capped = score_scenario(parse_scenario(data), max_gaps_per_rule=limit)
    assert capped.gap_counts == full.gap_counts
    assert {rule: n for rule, n in full.gap_counts.items() if n} == Counter(
        g.rule for g in full.gaps
    )
    for rule, count in full.gap_counts.items():
        kept = [g for g in capped.gaps if g.rule == rule]
        assert kept == [g for g in full.gaps if g.rule == rule][: min(limit, count)]
