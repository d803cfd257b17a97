"""Dimensions, bands, caps, each gap rule firing and not firing, and scenario validation.

Expected values are computed by hand in the comments from SLOPE.md's tables.
"""

from fractions import Fraction
from typing import Any

import pytest

from assessments.slope import (
    Dimensions,
    Result,
    ScenarioError,
    parse_scenario,
    result_to_json,
    score_scenario,
)
from assessments.slope.dimensions import band_index, rate
from assessments.slope.tables import BANDS

F = Fraction


def bu(unit_id: str, location: str = "London", criticality: str = "normal") -> dict[str, Any]:
    return {"id": unit_id, "name": unit_id, "location": location, "criticality": criticality}


def team(team_id: str, location: str = "London") -> dict[str, Any]:
    return {"id": team_id, "name": team_id, "location": location}


def tp(
    unit: str,
    it_team: str,
    level: str = "operational",
    channel: str = "service_desk",
    frequency: str = "weekly",
    effectiveness: int | None = 3,
) -> dict[str, Any]:
    return {
        "business_unit": unit,
        "it_team": it_team,
        "level": level,
        "channel": channel,
        "frequency": frequency,
        "effectiveness": effectiveness,
        "initiated_by": "business",
    }


def desired(unit: str, it_team: str, level: str) -> dict[str, Any]:
    return {"business_unit": unit, "it_team": it_team, "level": level, "state": "desired"}


def score(
    units: list[dict[str, Any]],
    teams: list[dict[str, Any]],
    touch_points: list[dict[str, Any]],
    **options: Any,
) -> Result:
    data = {"business_units": units, "it_teams": teams, "touch_points": touch_points}
    return score_scenario(parse_scenario(data), **options)


def fired(result: Result, rule: str) -> list[tuple[str, str]]:
    return [(gap.subject.name, gap.severity) for gap in result.gaps if gap.rule == rule]


# --- dimensions and not-applicable cases ---------------------------------------------------


def test_it_drops_effectiveness_and_renormalises_when_nothing_is_rated() -> None:
    result = score([bu("S")], [team("A")], [tp("S", "A", effectiveness=None)])
    scope = result.scope.rating
    assert scope.dimensions.E is None
    # B 1, V 1/3, K 0.2, F 1, X 1: (0.25 + 0.2/3 + 0.03 + 0.1 + 0.15) / 0.85 = 179/255
    assert scope.score == F(17900, 255)
    assert result_to_json(result)["scope"]["dimensions"]["E"] is None  # type: ignore[index,call-overload]  # a JsonValue union; these levels are dicts


def test_it_drops_breadth_for_a_unit_without_expected_pairs() -> None:
    result = score(
        [bu("S"), bu("Fin")],
        [team("A")],
        [tp("S", "A", level="strategic"), tp("Fin", "A"), desired("S", "A", "strategic")],
    )
    finance = result.units["Fin"].rating
    assert finance.dimensions.B is None
    assert result.units["S"].rating.dimensions.B == 1
    # V 1/3, K 0.2, F 1, E 0.5, X 1 over weights 0.75: 253/600 / (3/4) = 253/450
    assert finance.score == F(25300, 450)


def test_it_drops_breadth_for_a_scope_without_expected_pairs() -> None:
    result = score([bu("S")], [], [])
    assert result.scope.rating.dimensions.B is None
    assert result.scope.rating.score == 0


def test_it_uses_only_the_largest_component_share_with_one_location() -> None:
    result = score([bu("S")], [team("A")], [tp("S", "A")])
    assert result.scope.rating.dimensions.X == 1
    assert result.units["S"].rating.dimensions.X == 1


def test_it_averages_component_share_and_cross_location_share_across_sites() -> None:
    # An isolated team in Paris adds a location: X(a) = 2/3 units, X(b) = 0/1 cross pairs.
    result = score([bu("S")], [team("A"), team("P", "Paris")], [tp("S", "A")])
    assert F(1, 3) == result.scope.rating.dimensions.X
    assert result.scope.ei_index == -1


def test_it_scores_an_isolated_unit_zero() -> None:
    result = score([bu("S"), bu("Lonely")], [team("A")], [tp("S", "A")])
    lonely = result.units["Lonely"].rating
    assert lonely.score == 0
    assert lonely.band == "Islands"
    assert lonely.capped_by is None
    assert lonely.dimensions == Dimensions(B=F(0), V=F(0), K=F(0), F=F(0), E=None, X=F(0))


def test_it_counts_a_unit_without_touch_points_as_zero_in_scope_vertical_reach() -> None:
    result = score([bu("S"), bu("Lonely")], [team("A")], [tp("S", "A")])
    assert F(1, 6) == result.scope.rating.dimensions.V


def test_it_takes_the_deepest_channel_of_a_pair_once() -> None:
    result = score(
        [bu("S")],
        [team("A")],
        [tp("S", "A", channel="service_desk"), tp("S", "A", channel="embedded_team")],
    )
    assert result.scope.rating.dimensions.K == 1


def test_it_keeps_a_monthly_operational_cadence_exactly_three_quarters() -> None:
    result = score([bu("S")], [team("A")], [tp("S", "A", frequency="monthly")])
    assert F(3, 4) == result.scope.rating.dimensions.F


def test_it_counts_an_it_teams_own_levels_for_vertical_reach() -> None:
    result = score(
        [bu("S"), bu("Fin")],
        [team("A")],
        [tp("S", "A", level="strategic"), tp("Fin", "A", level="tactical")],
    )
    assert F(2, 3) == result.units["A"].rating.dimensions.V
    assert F(1, 3) == result.units["S"].rating.dimensions.V


# --- bands and the weakest-link cap --------------------------------------------------------


@pytest.mark.parametrize(
    ("score_value", "band"),
    [
        (F(0), "Islands"),
        (F(2499, 100), "Islands"),
        (F(25), "Alignment"),
        (F(4999, 100), "Alignment"),
        (F(50), "Integration"),
        (F(6999, 100), "Integration"),
        (F(70), "Convergence"),
        (F(85), "Fusion"),
        (F(100), "Fusion"),
    ],
)
def test_it_puts_band_edges_in_the_band_above(score_value: Fraction, band: str) -> None:
    assert BANDS[band_index(score_value)][0] == band


def test_it_rates_a_score_of_exactly_70_as_convergence() -> None:
    seven_tenths = F(7, 10)
    rating = rate(Dimensions(*[seven_tenths] * 6))
    assert rating.score == 70
    assert rating.band == "Convergence"
    assert rating.capped_by is None


def test_it_caps_the_band_one_above_the_weakest_dimension() -> None:
    # Score 100 * (0.85 + 0.15 * 0.1) = 86.5 is Fusion; X at 10 is Islands, so at most Alignment.
    rating = rate(Dimensions(B=F(1), V=F(1), K=F(1), F=F(1), E=F(1), X=F(1, 10)))
    assert rating.score == F(865, 10)
    assert rating.uncapped_band == "Fusion"
    assert rating.band == "Alignment"
    assert rating.capped_by == "X"


def test_it_does_not_cap_when_the_weakest_is_one_band_below() -> None:
    rating = rate(Dimensions(B=F(8, 10), V=F(8, 10), K=F(6, 10), F=F(8, 10), E=None, X=F(8, 10)))
    assert rating.band == "Convergence"
    assert rating.capped_by is None


def test_it_names_the_first_of_tied_weakest_dimensions() -> None:
    rating = rate(Dimensions(B=F(1), V=F(1, 10), K=F(1), F=F(1, 10), E=F(1), X=F(1)))
    assert rating.capped_by == "V"


# --- gap rules -----------------------------------------------------------------------------


def test_it_raises_gap_01_for_an_expected_pair_without_touch_points() -> None:
    result = score(
        [bu("S"), bu("Crit", criticality="high")],
        [team("A"), team("B")],
        [tp("S", "A"), tp("Crit", "A"), tp("S", "B")],
    )
    assert fired(result, "GAP-01") == [("Crit-B", "high")]


def test_it_raises_gap_01_only_for_desired_pairs_when_some_are_desired() -> None:
    result = score(
        [bu("S"), bu("Fin")],
        [team("A"), team("B"), team("C")],
        [
            tp("S", "A", level="strategic"),
            tp("S", "C"),
            tp("Fin", "B"),
            desired("S", "A", "strategic"),
            desired("S", "A", "tactical"),
            desired("S", "B", "operational"),
        ],
    )
    assert sorted(fired(result, "GAP-01")) == [("S-A (tactical)", "medium"), ("S-B", "medium")]


def test_it_raises_gap_02_for_isolated_units_and_nothing_else_about_them() -> None:
    result = score([bu("S"), bu("Lonely")], [team("A"), team("Idle")], [tp("S", "A")])
    assert sorted(fired(result, "GAP-02")) == [("Idle", "critical"), ("Lonely", "critical")]
    other = [g.subject.name for g in result.gaps if g.rule != "GAP-02"]
    assert not [name for name in other if "Lonely" in name or "Idle" in name]
    assert result.gap_counts["GAP-01"] == 0


def test_it_raises_gap_03_for_a_business_unit_with_no_strategic_touch_point() -> None:
    result = score(
        [bu("S"), bu("Fin")],
        [team("A")],
        [tp("S", "A", level="strategic"), tp("Fin", "A", level="tactical")],
    )
    assert fired(result, "GAP-03") == [("Fin", "high")]


def test_it_raises_gap_04_for_pairs_no_deeper_than_an_sla_review() -> None:
    result = score(
        [bu("S"), bu("Fin"), bu("Ops")],
        [team("A")],
        [
            tp("S", "A", channel="sla_review"),
            tp("Fin", "A", channel="steering_committee"),
            tp("Ops", "A", channel="service_desk"),
            tp("Ops", "A", channel="embedded_team"),
        ],
    )
    assert fired(result, "GAP-04") == [("S-A", "medium")]


def test_it_raises_gap_05_for_strategic_and_operational_without_tactical() -> None:
    result = score(
        [bu("S"), bu("Fin"), bu("Ops")],
        [team("A")],
        [
            tp("S", "A", level="strategic"),
            tp("S", "A", level="operational"),
            tp("Fin", "A", level="strategic"),
            *(tp("Ops", "A", level=level) for level in ("strategic", "tactical", "operational")),
        ],
    )
    assert fired(result, "GAP-05") == [("S", "medium")]


def test_it_raises_gap_06_high_when_strategic_and_medium_otherwise() -> None:
    result = score(
        [bu("S")],
        [team("A")],
        [
            tp("S", "A", level="strategic", frequency="quarterly", effectiveness=2),
            tp("S", "A", effectiveness=1),
            tp("S", "A", effectiveness=3),
            tp("S", "A", effectiveness=None),
        ],
    )
    assert fired(result, "GAP-06") == [("touch point 1", "high"), ("touch point 2", "medium")]


def test_it_raises_gap_07_by_cadence_but_not_at_exactly_three_quarters() -> None:
    result = score(
        [bu("S")],
        [team("A")],
        [
            tp("S", "A", frequency="ad_hoc"),  # cadence 0: medium
            tp("S", "A", frequency="monthly"),  # 0.6 / 0.8 = 3/4: no gap
            tp("S", "A", level="tactical", frequency="quarterly"),  # 2/3: low
            tp("S", "A", level="strategic", frequency="yearly"),  # 1/2: low
            tp("S", "A", level="strategic", frequency="quarterly"),  # 1: no gap
        ],
    )
    assert fired(result, "GAP-07") == [
        ("touch point 1", "medium"),
        ("touch point 3", "low"),
        ("touch point 4", "low"),
    ]


def test_it_raises_gap_08_for_articulation_points_by_side() -> None:
    # S - A - Fin - B: A and Fin hold the chain together.
    result = score(
        [bu("S"), bu("Fin")],
        [team("A"), team("B")],
        [tp("S", "A"), tp("Fin", "A"), tp("Fin", "B")],
    )
    assert fired(result, "GAP-08") == [("A", "medium"), ("Fin", "low")]


def test_it_raises_no_gap_08_in_a_cycle() -> None:
    result = score(
        [bu("S"), bu("Fin")],
        [team("A"), team("B")],
        [tp("S", "A"), tp("Fin", "A"), tp("Fin", "B"), tp("S", "B")],
    )
    assert fired(result, "GAP-08") == []


def test_it_raises_gap_09_for_a_location_whose_pairs_all_stay_home() -> None:
    result = score(
        [bu("S"), bu("Ops", "Leeds"), bu("Hq", "Paris")],
        [team("A"), team("L", "Leeds")],
        [tp("S", "A"), tp("Ops", "L"), tp("Hq", "A")],
    )
    # London and Leeds keep to themselves; Paris works with London.
    assert fired(result, "GAP-09") == [("Leeds", "medium"), ("London", "medium")]


def test_it_raises_no_gap_09_with_one_location() -> None:
    result = score([bu("S")], [team("A")], [tp("S", "A")])
    assert result.gap_counts["GAP-09"] == 0


def test_it_raises_one_gap_10_for_a_fragmented_network() -> None:
    result = score(
        [bu("S"), bu("Fin"), bu("Lonely")],
        [team("A"), team("B")],
        [tp("S", "A"), tp("Fin", "B")],
    )
    assert fired(result, "GAP-10") == [("whole scope", "high")]
    assert result.gaps[[g.rule for g in result.gaps].index("GAP-10")].evidence == {
        "components": 2,
        "largest_component_units": 2,
    }


def test_it_does_not_count_isolated_units_as_fragments() -> None:
    result = score([bu("S"), bu("Lonely")], [team("A")], [tp("S", "A")])
    assert result.gap_counts["GAP-10"] == 0


PEER_UNITS = [bu("S"), bu("Fin"), bu("Ops")]
PEER_TEAMS = [team("A"), team("B")]
PEER_TOUCH_POINTS = [
    tp("S", "A", level="strategic"),
    tp("Fin", "A"),
    tp("Ops", "A"),
    tp("Fin", "B"),
    tp("Ops", "B"),
]


def test_it_raises_gap_11_when_half_the_peers_work_with_a_team() -> None:
    result = score(PEER_UNITS, PEER_TEAMS, [*PEER_TOUCH_POINTS, desired("S", "A", "strategic")])
    assert fired(result, "GAP-11") == [("S-B", "info")]
    assert result.gaps[-1].evidence == {"peers": 2, "peers_working_with_team": 2}


def test_it_raises_no_gap_11_without_desired_touch_points() -> None:
    result = score(PEER_UNITS, PEER_TEAMS, PEER_TOUCH_POINTS)
    assert result.gap_counts["GAP-11"] == 0
    assert fired(result, "GAP-01") == [("S-B", "medium")]


def test_it_raises_no_gap_11_when_fewer_than_half_the_peers_do() -> None:
    units = [*PEER_UNITS, bu("Hr"), bu("Legal")]
    touch_points = [*PEER_TOUCH_POINTS, tp("Hr", "A"), tp("Legal", "A")]
    result = score(units, PEER_TEAMS, [*touch_points, desired("S", "A", "strategic")])
    # S's peers: Fin, Ops, Hr, Legal; two of four work with B, which is exactly half.
    assert ("S-B", "info") in fired(result, "GAP-11")
    result = score(
        [*units, bu("Tax")],
        PEER_TEAMS,
        [*touch_points, tp("Tax", "A"), desired("S", "A", "strategic")],
    )
    assert ("S-B", "info") not in fired(result, "GAP-11")


def test_it_raises_gap_01_not_gap_11_for_an_expected_peer_pattern_pair() -> None:
    result = score(
        PEER_UNITS,
        PEER_TEAMS,
        [*PEER_TOUCH_POINTS, desired("S", "A", "strategic"), desired("S", "B", "tactical")],
    )
    assert fired(result, "GAP-01") == [("S-B", "medium")]
    assert fired(result, "GAP-11") == []


def test_it_raises_gap_12_for_unrated_touch_points_only() -> None:
    result = score(
        [bu("S")], [team("A")], [tp("S", "A", effectiveness=None), tp("S", "A", effectiveness=5)]
    )
    assert fired(result, "GAP-12") == [("touch point 1", "info")]


def test_it_raises_gap_13_with_the_weakest_dimension_when_the_cap_bites() -> None:
    # S: B 1, V 1/3, K 1, F 1, E 1, X 1 scores 86.67 (Fusion) but V at 33 caps it at Integration.
    result = score([bu("S")], [team("A")], [tp("S", "A", channel="embedded_team", effectiveness=5)])
    assert fired(result, "GAP-13") == [("A", "info"), ("S", "info")]
    gap = next(g for g in result.gaps if g.rule == "GAP-13" and g.subject.name == "S")
    assert gap.evidence["weakest_dimension"] == "V"
    assert gap.evidence["uncapped_band"] == "Fusion"
    assert gap.evidence["band"] == "Integration"
    assert "vertical reach" in gap.recommendation


def test_it_raises_no_gap_13_when_no_band_is_capped() -> None:
    result = score(
        [bu("S")],
        [team("A")],
        [
            tp("S", "A", level=level, channel="joint_planning")
            for level in ("strategic", "tactical")
        ],
    )
    assert result.gap_counts["GAP-13"] == 0


# --- order, recommendations, caps on the number of gaps ------------------------------------


def test_it_orders_by_severity_then_critical_units_then_name() -> None:
    result = score(
        [bu("Alpha"), bu("Zeta", criticality="high")],
        [team("A"), team("B")],
        [tp("Alpha", "A"), tp("Alpha", "B"), tp("Zeta", "A", level="strategic")],
    )
    order = [(g.rule, g.severity, g.subject.name) for g in result.gaps if g.severity == "high"]
    # Zeta-B (GAP-01) is high because Zeta is critical, and precedes Alpha despite its name.
    assert order == [("GAP-01", "high", "Zeta-B"), ("GAP-03", "high", "Alpha")]
    severities = [g.severity for g in result.gaps]
    ranks = ["critical", "high", "medium", "low", "info"]
    assert severities == sorted(severities, key=ranks.index)


def test_it_orders_touch_points_by_number_not_text() -> None:
    touch_points = [tp("S", "A", effectiveness=None) for _ in range(10)]
    result = score([bu("S")], [team("A")], touch_points)
    names = [g.subject.name for g in result.gaps if g.rule == "GAP-12"]
    assert names[8:] == ["touch point 9", "touch point 10"]


def test_it_uses_a_workspaces_own_recommendation_text() -> None:
    result = score(
        [bu("Fin")],
        [team("A")],
        [tp("Fin", "A")],
        recommendations={"GAP-03": "Invite {subject} to the {board}."},
    )
    gap = next(g for g in result.gaps if g.rule == "GAP-03")
    assert gap.recommendation == "Invite Fin to the {board}."
    default = next(g for g in result.gaps if g.rule == "GAP-04")
    assert "joint planning" in default.recommendation


def test_it_shows_a_workspace_text_with_a_stray_brace_as_written() -> None:
    text = "Ask {subject for a plan."
    result = score([bu("Fin")], [team("A")], [tp("Fin", "A")], recommendations={"GAP-03": text})
    assert next(g for g in result.gaps if g.rule == "GAP-03").recommendation == text


def test_it_refuses_a_recommendation_for_an_unknown_rule() -> None:
    with pytest.raises(ValueError, match="GAP-99"):
        score([bu("Fin")], [team("A")], [tp("Fin", "A")], recommendations={"GAP-99": "x"})


def test_it_keeps_the_first_gaps_of_a_rule_and_the_true_count() -> None:
    units = [bu(f"U{i}") for i in range(30)] + [bu("Crit", criticality="high")]
    teams = [team(f"T{i}") for i in range(20)]
    touch_points = [tp(u["id"], "T0") for u in units] + [tp("U0", t["id"]) for t in teams[1:]]
    result = score(units, teams, touch_points, max_gaps_per_rule=3)
    # 31 units by 20 teams, 31 + 19 pairs connected.
    assert result.gap_counts["GAP-01"] == 31 * 20 - 50
    kept = [g.subject.name for g in result.gaps if g.rule == "GAP-01"]
    assert kept == ["Crit-T1", "Crit-T2", "Crit-T3"]
    assert result.gap_counts["GAP-03"] == 31
    assert len([g for g in result.gaps if g.rule == "GAP-03"]) == 3


def test_it_keeps_the_first_desired_gaps_when_capped() -> None:
    touch_points = [
        tp("S", "A"),
        *(desired("S", "A", level) for level in ("strategic", "tactical")),
    ]
    result = score([bu("S")], [team("A")], touch_points, max_gaps_per_rule=1)
    assert result.gap_counts["GAP-01"] == 2
    assert [g.subject.name for g in result.gaps if g.rule == "GAP-01"] == ["S-A (strategic)"]


# --- scenario validation -------------------------------------------------------------------


def _valid() -> dict[str, Any]:
    return {
        "business_units": [bu("S"), bu("Fin")],
        "it_teams": [team("A")],
        "touch_points": [tp("S", "A"), tp("Fin", "A")],
    }


def _with(change: Any) -> dict[str, Any]:
    data = _valid()
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["touch_points"][1].update(channel="fax"),
            "touch_points[1].channel: 'fax' is not one of service_desk, sla_review, "
            "steering_committee, joint_planning, community_of_practice, embedded_team",
        ),
        (
            lambda d: d["touch_points"][0].update(frequency="fortnightly"),
            "touch_points[0].frequency: 'fortnightly' is not one of ad_hoc, yearly, quarterly, "
            "monthly, weekly, daily",
        ),
        (
            lambda d: d["touch_points"][0].update(effectiveness=0),
            "touch_points[0].effectiveness: 0 is not an integer from 1 to 5, or null",
        ),
        (
            lambda d: d["touch_points"][0].update(effectiveness=6),
            "touch_points[0].effectiveness: 6 is not an integer from 1 to 5, or null",
        ),
        (
            lambda d: d["touch_points"][0].update(effectiveness="3"),
            "touch_points[0].effectiveness: '3' is not an integer from 1 to 5, or null",
        ),
        (lambda d: d["touch_points"][1].pop("it_team"), "touch_points[1].it_team: required"),
        (
            lambda d: d["touch_points"][1].update(business_unit="Nope"),
            "touch_points[1].business_unit: 'Nope' is not the id of a business unit",
        ),
        (
            lambda d: d["touch_points"][0].update(it_team="S"),
            "touch_points[0].it_team: 'S' is not the id of a it team",
        ),
        (
            lambda d: d["business_units"].append(bu("S")),
            "business_units[2].id: 'S' is already the id of business_units[0]",
        ),
        (
            lambda d: d["it_teams"].append(team("Fin")),
            "it_teams[1].id: 'Fin' is already the id of business_units[1]",
        ),
        (
            lambda d: [t.update(id="7") for t in d["touch_points"]],
            "touch_points[1].id: '7' is already the id of touch_points[0]",
        ),
        (lambda d: d.update(it_teams={"A": {}}), "it_teams: expected a list, got dict"),
        (lambda d: d["touch_points"].append("S-A"), "touch_points[2]: expected an object, got str"),
        (
            lambda d: d["touch_points"][0].update(effectivness=3),
            "touch_points[0].effectivness: unknown field",
        ),
        (lambda d: d["business_units"][0].pop("location"), "business_units[0].location: required"),
        (
            lambda d: d["business_units"][0].update(criticality="vital"),
            "business_units[0].criticality: 'vital' is not one of high, normal",
        ),
        (
            lambda d: d["touch_points"][0].update(level="board"),
            "touch_points[0].level: 'board' is not one of strategic, tactical, operational",
        ),
        (
            lambda d: d["touch_points"][0].update(state="planned"),
            "touch_points[0].state: 'planned' is not one of current, desired",
        ),
        (
            lambda d: d["business_units"][0].update(id=True),
            "business_units[0].id: True is not a non-empty string or an integer",
        ),
    ],
)
def test_it_names_the_offending_field_of_an_invalid_scenario(change: Any, message: str) -> None:
    with pytest.raises(ScenarioError) as error:
        parse_scenario(_with(change))
    assert str(error.value) == message


def test_it_rejects_a_scenario_that_is_not_an_object() -> None:
    with pytest.raises(ScenarioError, match=r"^scenario: expected an object, got list"):
        parse_scenario([])


def test_it_reads_a_desired_touch_point_from_its_pair_and_level_alone() -> None:
    scenario = parse_scenario(
        _with(lambda d: d["touch_points"].append(desired("S", "A", "tactical")))
    )
    wanted = scenario.touch_points[-1]
    assert (wanted.state, wanted.channel, wanted.frequency, wanted.effectiveness) == (
        "desired",
        None,
        None,
        None,
    )


def test_it_requires_channel_and_frequency_of_a_current_touch_point() -> None:
    with pytest.raises(ScenarioError, match=r"^touch_points\[0\]\.channel: required"):
        parse_scenario(_with(lambda d: d["touch_points"][0].pop("channel")))


def test_it_reads_integer_ids_as_strings_and_defaults_names_and_criticality() -> None:
    data = {
        "business_units": [{"id": 1, "location": "London"}],
        "it_teams": [{"id": 2, "location": "London"}],
        "touch_points": [tp(1, 2)],  # type: ignore[arg-type]  # integer ids on purpose: the parser reads them as strings
    }
    scenario = parse_scenario(data)
    assert scenario.business_units[0].name == "1"
    assert scenario.business_units[0].criticality == "normal"
    assert scenario.touch_points[0].business_unit == "1"
    assert scenario.touch_points[0].id == "1"


def test_without_gaps_it_scores_the_same_and_finds_no_gaps() -> None:
    scenario = parse_scenario(
        {
            "business_units": [bu("S"), bu("F")],
            "it_teams": [team("A")],
            "touch_points": [tp("S", "A", effectiveness=2)],
        }
    )
    full = score_scenario(scenario)
    plain = score_scenario(scenario, with_gaps=False)
    assert full.gaps and not plain.gaps and plain.gap_counts == {}
    assert plain.scope == full.scope and plain.units == full.units
