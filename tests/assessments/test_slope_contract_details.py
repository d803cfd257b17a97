"""Details of the engine's contract no scenario test pinned (each found by a surviving mutant)."""

import json
from collections.abc import Mapping
from fractions import Fraction
from pathlib import Path

import pytest

from assessments.slope import (
    TABLES_VERSION,
    Dimensions,
    Result,
    Scenario,
    ScenarioError,
    parse_scenario,
    score_scenario,
)
from assessments.slope.dimensions import rate
from assessments.slope.model import Gap, Subject
from assessments.slope.output import gap_json
from tests.assessments.test_slope_rules import bu, desired, score, team, tp

WORKED_EXAMPLE = Path(__file__).parent / "fixtures" / "worked_example.json"


def worked_example() -> Result:
    return score_scenario(parse_scenario(json.loads(WORKED_EXAMPLE.read_text())))


def test_nothing_applicable_keeps_the_dimensions_it_was_given() -> None:
    nothing = Dimensions(B=None, V=None, K=None, F=None, E=None, X=None)
    assert rate(nothing).dimensions is nothing


def test_the_cap_is_one_band_above_the_weakest_dimension_exactly() -> None:
    # 100 x 0.248 = 24.8 sits in Islands, so the band is capped at Alignment; 25 would not be.
    one = Fraction(1)
    rating = rate(Dimensions(B=Fraction(248, 1000), V=one, K=one, F=one, E=one, X=one))
    assert (rating.uncapped_band, rating.band, rating.capped_by) == (
        "Convergence",
        "Alignment",
        "B",
    )


def test_a_scope_without_units_scores_zero() -> None:
    result = score_scenario(Scenario((), ()))
    assert result.scope.rating.score == 0 and result.units == {}


def test_scores_without_gaps_still_name_their_tables() -> None:
    result = score([bu("S")], [team("A")], [tp("S", "A")], with_gaps=False)
    assert result.tables_version == TABLES_VERSION and result.gaps == []


def test_a_business_units_gap_is_about_a_business_unit() -> None:
    result = score([bu("S")], [team("A")], [tp("S", "A")])
    kinds = {gap.rule: gap.subject.kind for gap in result.gaps}
    assert kinds["GAP-03"] == "business_unit"


def test_gaps_with_the_same_order_keep_the_order_they_were_found_in() -> None:
    # Two business units named alike raise GAP-03 with the same sort key; with desired touch
    # points every gap is sorted, and a tie must not fall back to comparing the units.
    twins = [{**bu("S1"), "name": "Same"}, {**bu("S2"), "name": "Same"}]
    touch_points = [tp("S1", "A"), tp("S2", "A"), desired("S1", "A", "operational")]
    result = score(twins, [team("A")], touch_points)
    same = [
        gap.subject.business_unit.id
        for gap in result.gaps
        if gap.rule == "GAP-03"
        if gap.subject.business_unit
    ]
    assert same == ["S1", "S2"]


def test_under_cadence_evidence_names_the_cadence_and_the_frequency() -> None:
    result = score([bu("S")], [team("A")], [tp("S", "A", "tactical", frequency="quarterly")])
    (gap,) = [gap for gap in result.gaps if gap.rule == "GAP-07"]
    assert gap.evidence == {"cadence": Fraction(2, 3), "frequency": "quarterly"}


def test_evidence_of_another_type_is_shown_as_its_text() -> None:
    gap = Gap("GAP-10", "high", Subject("scope"), {"parts": ("a", "b")}, "Join them.")
    assert gap_json(gap)["evidence"] == {"parts": "('a', 'b')"}


def test_an_empty_id_is_refused() -> None:
    data = {"business_units": [{**bu("S"), "id": ""}], "it_teams": [team("A")]}
    with pytest.raises(ScenarioError, match="non-empty string"):
        parse_scenario(data)


def test_a_touch_point_keeps_who_initiated_it() -> None:
    data = {"business_units": [bu("S")], "it_teams": [team("A")], "touch_points": [tp("S", "A")]}
    assert parse_scenario(data).touch_points[0].initiated_by == "business"


def evidence_of(result: Result, rule: str) -> list[Mapping[str, object]]:
    return [gap.evidence for gap in result.gaps if gap.rule == rule]


def test_unit_gaps_state_their_evidence_under_its_names() -> None:
    result = score(
        [bu("S"), bu("T"), bu("I")],
        [team("A")],
        [tp("S", "A"), tp("T", "A", "strategic", channel="joint_planning", frequency="monthly")],
    )
    assert evidence_of(result, "GAP-02") == [{"current_touch_points": 0}]
    assert evidence_of(result, "GAP-03") == [{"touch_points": 1, "strategic_touch_points": 0}]


def test_a_capped_band_names_the_weakest_value_on_the_0_to_100_scale() -> None:
    # Sales of the worked example: capped by K at 40 (SLOPE.md).
    (evidence,) = evidence_of(worked_example(), "GAP-13")
    assert evidence["weakest_dimension"] == "K" and evidence["weakest_value"] == 40


def test_operational_touch_points_alone_are_no_missing_middle() -> None:
    result = score([bu("S")], [team("A")], [tp("S", "A"), tp("S", "A", "operational")])
    assert evidence_of(result, "GAP-05") == []


def test_gap_11_looks_past_a_unit_without_peers_and_bounds_by_the_widest_team() -> None:
    # S, first, has no peers (A is its alone); V's three peers share B, the narrower team, and C,
    # the widest, bounds how many peers count.
    units = [bu(name) for name in ("S", "T", "U", "W", "V")]
    touch_points = [tp("S", "A"), desired("S", "A", "strategic")]
    touch_points += [tp(name, "B") for name in ("T", "U", "W")]
    touch_points += [tp(name, "C") for name in ("T", "U", "W", "V")]
    result = score(units, [team("A"), team("B"), team("C")], touch_points)
    assert [g.subject.name for g in result.gaps if g.rule == "GAP-11"] == ["V-B"]


def test_a_business_unit_that_is_no_object_is_named_by_its_place() -> None:
    with pytest.raises(ScenarioError, match=r"business_units\[0\]"):
        parse_scenario({"business_units": ["S"], "it_teams": [team("A")]})


def test_an_initiator_that_is_no_text_is_refused_with_the_reason() -> None:
    data = {
        "business_units": [bu("S")],
        "it_teams": [team("A")],
        "touch_points": [{**tp("S", "A"), "initiated_by": 3}],
    }
    with pytest.raises(ScenarioError, match="3 is not a string"):
        parse_scenario(data)


def test_a_unit_with_exactly_as_many_peers_as_the_bound_still_counts() -> None:
    # Teams hold two business units at most, so up to four peers count; V has exactly four.
    units = [bu(name) for name in ("V", "P1", "P2", "P3", "P4")]
    teams = [team(name) for name in ("B", "C1", "C2", "C3", "C4")]
    touch_points = [tp("V", f"C{n}") for n in range(1, 5)]
    touch_points += [tp(f"P{n}", f"C{n}") for n in range(1, 5)]
    touch_points += [tp("P1", "B"), tp("P2", "B"), desired("P1", "B", "operational")]
    result = score(units, teams, touch_points)
    assert "V-B" in [g.subject.name for g in result.gaps if g.rule == "GAP-11"]


def test_an_it_team_with_a_blank_name_is_refused_by_its_place() -> None:
    data = {"business_units": [bu("S")], "it_teams": [{**team("A"), "name": " "}]}
    with pytest.raises(ScenarioError, match=r"it_teams\[0\]\.name"):
        parse_scenario(data)


def test_a_scenario_may_leave_out_its_touch_points() -> None:
    scenario = parse_scenario({"business_units": [bu("S")], "it_teams": [team("A")]})
    assert scenario.touch_points == ()
