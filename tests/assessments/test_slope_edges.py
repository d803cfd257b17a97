"""Cases the mutation run (`make mutation`) showed no test looked at: a skipped item before one
that fires, the smallest of several teams, a unit outside the largest component, the JSON of
list and integer evidence. Each asserts what a user reads: a score, a band, a gap, its evidence.
"""

from fractions import Fraction

import pytest

from assessments.slope import Dimensions, ScenarioError, format_text, parse_scenario, result_to_json
from assessments.slope.dimensions import rate
from tests.assessments.test_slope_rules import bu, desired, fired, score, team, tp

F = Fraction


# --- GAP-01 with desired touch points ------------------------------------------------------


def test_a_desired_pair_realised_at_its_level_raises_no_gap_01() -> None:
    # Desiring the pair at tactical and operational asks nothing of the strategic level.
    result = score(
        [bu("S")],
        [team("A")],
        [
            tp("S", "A", level="tactical"),
            tp("S", "A", level="operational"),
            desired("S", "A", "tactical"),
            desired("S", "A", "operational"),
        ],
    )
    assert fired(result, "GAP-01") == []
    assert result.scope.rating.dimensions.B == 1


def test_gap_01_looks_past_a_desired_pair_with_an_isolated_side() -> None:
    # Lonely-A comes first and is skipped (Lonely raises GAP-02); S-B and T-A still fire.
    result = score(
        [bu("Lonely"), bu("S"), bu("T")],
        [team("A"), team("B")],
        [
            tp("S", "A"),
            tp("T", "B"),
            desired("Lonely", "A", "tactical"),
            desired("S", "B", "tactical"),
            desired("T", "A", "strategic"),
        ],
    )
    assert fired(result, "GAP-01") == [("S-B", "medium"), ("T-A", "medium")]
    gap = next(g for g in result.gaps if g.rule == "GAP-01")
    assert gap.evidence == {"current_touch_points": 0, "desired_levels": ["tactical"]}


def test_gap_01_names_each_missing_level_of_a_connected_pair() -> None:
    result = score(
        [bu("S", criticality="high")],
        [team("A")],
        [
            tp("S", "A", level="operational"),
            *(desired("S", "A", lv) for lv in ("strategic", "tactical")),
        ],
    )
    assert fired(result, "GAP-01") == [("S-A (strategic)", "high"), ("S-A (tactical)", "high")]
    assert [g.evidence for g in result.gaps if g.rule == "GAP-01"] == [
        {"desired_level": "strategic", "current_levels": ["operational"]},
        {"desired_level": "tactical", "current_levels": ["operational"]},
    ]


# --- GAP-09, GAP-11, GAP-13 ----------------------------------------------------------------


def test_gap_09_ignores_a_location_whose_business_units_hold_no_pairs() -> None:
    # London's pair crosses to Manchester; Paris has an isolated unit only: no silo anywhere.
    result = score(
        [bu("S"), bu("P", "Paris")],
        [team("A", "Manchester")],
        [tp("S", "A")],
    )
    assert fired(result, "GAP-09") == []
    assert fired(result, "GAP-02") == [("P", "critical")]


def test_gap_09_reports_the_pairs_of_a_silo() -> None:
    result = score(
        [bu("S"), bu("T"), bu("M", "Manchester")],
        [team("A"), team("B", "Manchester")],
        [tp("S", "A"), tp("T", "A"), tp("M", "A")],
    )
    assert fired(result, "GAP-09") == [("London", "medium")]
    gap = next(g for g in result.gaps if g.rule == "GAP-09")
    assert gap.evidence == {"locations": 2, "pairs": 2, "cross_location_pairs": 0}


PEERS = [bu("Lonely"), bu("U"), bu("P1"), bu("P2"), bu("P3")]
PEER_TEAMS = [team("X"), team("A"), team("Z")]


def peer_touch_points() -> list[dict[str, object]]:
    # X reaches U and its three peers; A two of them; Z one. Someone desires P1-X.
    return [
        tp("U", "X"),
        *(tp(unit, "X") for unit in ("P1", "P2", "P3")),
        tp("P1", "A"),
        tp("P2", "A"),
        tp("P3", "Z"),
        desired("P1", "X", "operational"),
    ]


def test_gap_11_bounds_the_peers_by_the_largest_team_not_the_smallest() -> None:
    # U's peers are P1, P2, P3; two of three work with A (at least half): U-A is a candidate.
    # P3's peers P1, P2 and U: both P1 and P2 work with A too, so P3-A is one as well.
    result = score(PEERS, PEER_TEAMS, peer_touch_points())
    candidates = {g.subject.name: g.evidence for g in result.gaps if g.rule == "GAP-11"}
    assert candidates["U-A"] == {"peers": 3, "peers_working_with_team": 2}
    assert candidates["P3-A"] == {"peers": 3, "peers_working_with_team": 2}
    # Lonely (isolated, listed first) is skipped without stopping the search.
    assert not [name for name in candidates if "Lonely" in name]


def test_gap_11_skips_a_team_the_unit_already_works_with_and_goes_on() -> None:
    result = score(PEERS, PEER_TEAMS, peer_touch_points())
    # X is the largest team and U already works with it; A comes after it and fires.
    assert ("U-A", "info") in fired(result, "GAP-11")
    assert ("U-X", "info") not in fired(result, "GAP-11")


def test_gap_13_looks_past_units_whose_band_is_not_capped() -> None:
    # Fin (listed first) scores 70.33 with B at 50 at worst: Convergence, not capped. S, embedded
    # at one level only, scores 74.17 but V at 33.33 holds it to Integration.
    result = score(
        [bu("Fin"), bu("S")],
        [team("A"), team("B")],
        [
            *(
                tp("Fin", "B", level=lv, channel="joint_planning")
                for lv in ("strategic", "tactical")
            ),
            tp("S", "A", channel="embedded_team", effectiveness=5),
        ],
    )
    assert result.units["Fin"].rating.capped_by is None
    assert result.units["S"].rating.band == "Integration"
    assert ("S", "info") in fired(result, "GAP-13")


# --- boundary spanning outside the largest component ---------------------------------------


def test_a_unit_outside_the_largest_component_scores_zero_on_component_share() -> None:
    # S-A-B is the largest component (3 units); T-C (2 units) is not. One location: X = X(a).
    result = score(
        [bu("S"), bu("T")],
        [team("A"), team("B"), team("C")],
        [tp("S", "A"), tp("S", "B"), tp("T", "C")],
    )
    assert result.units["S"].rating.dimensions.X == 1
    assert result.units["T"].rating.dimensions.X == 0
    assert result.units["C"].rating.dimensions.X == 0
    # T: B 1/3, V 1/3, K 0.2, F 1, E 0.5, X 0: 100 * (1/12 + 1/15 + 0.03 + 0.1 + 0.075) = 35.5
    assert result.units["T"].rating.score == F(355, 10)
    assert result.units["T"].rating.band == "Alignment"
    assert F(3, 5) == result.scope.rating.dimensions.X


# --- JSON of the evidence, and the scenario file --------------------------------------------


def test_the_json_result_keeps_list_integer_and_fraction_evidence() -> None:
    result = score(
        [bu("S"), bu("T")],
        [team("A"), team("B")],
        [
            tp("S", "A", effectiveness=2, channel="sla_review"),
            tp("T", "B", effectiveness=None),
            desired("S", "A", "operational"),
            desired("S", "A", "strategic"),
            desired("S", "B", "tactical"),
        ],
    )
    gaps = result_to_json(result)["gaps"]
    assert isinstance(gaps, list)
    evidence = {(g["rule"], g["subject"]): g["evidence"] for g in gaps}  # type: ignore[index,call-overload]  # a JsonValue union; each gap is a dict here
    assert evidence[("GAP-01", "S-A (strategic)")] == {
        "desired_level": "strategic",
        "current_levels": ["operational"],
    }
    assert evidence[("GAP-01", "S-B")] == {
        "current_touch_points": 0,
        "desired_levels": ["tactical"],
    }
    assert evidence[("GAP-06", "touch point 1")] == {"effectiveness": 2}
    assert evidence[("GAP-04", "S-A")] == {"deepest_channel_depth": 0.4}
    assert evidence[("GAP-12", "touch point 2")] == {"effectiveness": None}


def test_a_scenario_with_a_blank_name_is_refused() -> None:
    data = {"business_units": [{"id": "S", "name": "  ", "location": "London"}]}
    with pytest.raises(ScenarioError) as refused:
        parse_scenario(data)
    assert str(refused.value) == "business_units[0].name: '  ' is not a non-empty string"
    assert (refused.value.path, refused.value.message) == (
        "business_units[0].name",
        "'  ' is not a non-empty string",
    )


def test_the_text_format_shows_every_figure_in_its_column() -> None:
    # Sales: B 1, V 1/3, K 1, F 1, X 1 over weights 0.85 (nothing rated) = 84.31, capped by V.
    # Scope: B 1/2, V 1/6, X 2/3 (two of three units connected) = 59.80, capped by V.
    result = score(
        [bu("Sales"), bu("A very long business unit name indeed")],
        [team("Apps")],
        [tp("Sales", "Apps", level="strategic", channel="embedded_team", effectiveness=None)],
    )
    long_name = "A very long business unit name indeed"
    assert format_text(result).splitlines() == [
        "Convergence slope (tables 2026.1)",
        "",
        "unit                     side          B      V      K      F      E      X  score  band",
        "whole scope                        50.00  16.67 100.00 100.00    n/a  66.67  59.80  "
        "Alignment (capped by V)",
        "E-I index -1.00; mean business unit score 42.16",
        "",
        "Sales                    business 100.00  33.33 100.00 100.00    n/a 100.00  84.31  "
        "Integration (capped by V)",
        "A very long business uni business   0.00   0.00   0.00   0.00    n/a   0.00   0.00  "
        "Islands",
        "Apps                     it        50.00  33.33 100.00 100.00    n/a 100.00  69.61  "
        "Integration",
        "",
        "Gaps (3, 3 shown)",
        f"GAP-02  critical {long_name}: Name a relationship owner for {long_name} and give it a "
        "first touch point: a monthly service review with its main counterpart.",
        "GAP-13  info     Sales: Work on vertical reach first: it holds Sales back from a higher "
        "band.",
        "GAP-12  info     touch point 1: Rate the strategic touch point between Sales and Apps "
        "with both sides.",
    ]


def test_gap_05_names_the_levels_present_and_the_missing_tactical_one() -> None:
    result = score(
        [bu("S")], [team("A")], [tp("S", "A", level="strategic"), tp("S", "A", level="operational")]
    )
    (gap,) = [g for g in result.gaps if g.rule == "GAP-05"]
    assert gap.evidence == {"levels": ["strategic", "operational"], "tactical_touch_points": 0}


def test_nothing_applicable_rates_zero_in_islands_uncapped() -> None:
    rating = rate(Dimensions(B=None, V=None, K=None, F=None, E=None, X=None))
    assert (rating.score, rating.band, rating.uncapped_band, rating.capped_by) == (
        Fraction(0),
        "Islands",
        "Islands",
        None,
    )
