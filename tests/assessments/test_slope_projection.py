"""The projection of SLOPE.md ("Projection"): its worked example and each of its rules, and the
next-best ranking, checked against the engine scoring every candidate from scratch."""

import dataclasses
import json
import random
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from assessments.slope import (
    BusinessUnit,
    ITTeam,
    Result,
    Scenario,
    TouchPoint,
    parse_scenario,
    result_to_json,
    score_scenario,
    tables,
)
from assessments.slope.projection import project, rank_next_best, realise
from tests.conftest import shared_unless_mutating

FIXTURE = Path(__file__).parent / "fixtures" / "projection_example.json"


def scenario_of(path: Path = FIXTURE) -> Scenario:
    return parse_scenario(json.loads(path.read_text()))


def close(actual: object, expected: float) -> bool:
    return isinstance(actual, float) and abs(actual - expected) <= 0.01


@pytest.fixture(scope=shared_unless_mutating)
def today() -> dict[str, Any]:
    return result_to_json(score_scenario(scenario_of()))


@pytest.fixture(scope=shared_unless_mutating)
def projected() -> dict[str, Any]:
    return result_to_json(score_scenario(project(scenario_of()).scenario))


def test_today_the_plan_scores_59_64_with_three_missing_interactions(today: dict[str, Any]) -> None:
    scope = today["scope"]
    assert close(scope["score"], 59.64) and scope["band"] == "Integration"
    dims = {"B": 50, "V": 55.56, "K": 55, "F": 90.28, "E": 62.5, "X": 62.5}
    assert all(close(scope["dimensions"][k], v) for k, v in dims.items())
    assert [g["subject"] for g in today["gaps"] if g["rule"] == "GAP-01"] == [
        "Finance-Apps (strategic)",
        "Finance-Infra",
        "Operations-Apps",
    ]


def test_it_realises_three_of_the_four_desired_touch_points() -> None:
    realised = project(scenario_of()).realised
    assert [(tp.id, tp.channel, tp.frequency, tp.effectiveness) for tp in realised] == [
        ("7", "joint_planning", "monthly", None),
        ("8", "steering_committee", "quarterly", None),
        ("10", "steering_committee", "quarterly", None),
    ]
    assert all(tp.is_current for tp in realised)


def test_projected_scope_reaches_convergence_at_80_03(projected: dict[str, Any]) -> None:
    scope = projected["scope"]
    assert close(scope["score"], 80.03) and scope["band"] == "Convergence"
    dims = {"B": 100, "V": 77.78, "K": 63.33, "F": 93.52, "E": 62.5, "X": 75}
    assert all(close(scope["dimensions"][k], v) for k, v in dims.items())


@pytest.mark.parametrize(
    ("unit", "before", "before_band", "before_cap", "after", "after_band"),
    [
        ("finance", 50.58, "Integration", None, 80.22, "Convergence"),
        ("operations", 57.08, "Alignment", "B", 89.50, "Fusion"),
        ("apps", 70.56, "Convergence", None, 83.33, "Convergence"),
        ("infra", 51.50, "Alignment", "B", 78.96, "Convergence"),
    ],
)
def test_each_unit_moves_as_the_worked_example_says(
    today: dict[str, Any],
    projected: dict[str, Any],
    unit: str,
    before: float,
    before_band: str,
    before_cap: str | None,
    after: float,
    after_band: str,
) -> None:
    old, new = today["units"][unit], projected["units"][unit]
    assert close(old["score"], before) and old["band"] == before_band
    assert old["capped_by"] == before_cap
    assert close(new["score"], after) and new["band"] == after_band


def test_no_missing_interaction_remains_and_the_new_ones_are_unrated(
    projected: dict[str, Any],
) -> None:
    rules = [gap["rule"] for gap in projected["gaps"]]
    assert "GAP-01" not in rules
    unrated = [g["subject"] for g in projected["gaps"] if g["rule"] == "GAP-12"]
    assert sorted(unrated) == ["touch point 10", "touch point 7", "touch point 8"]


# Each rule on a scenario small enough to compute by hand.

UNITS = (BusinessUnit("b", "Billing", "Leeds"), BusinessUnit("c", "Claims", "Leeds"))
TEAMS = (ITTeam("t", "Tools", "Leeds"),)


def scenario(*touch_points: TouchPoint) -> Scenario:
    return Scenario(UNITS, TEAMS, touch_points)


def current(tp_id: str, unit: str, level: str, channel: str = "sla_review") -> TouchPoint:
    return TouchPoint(
        tp_id, unit, "t", level, channel=channel, frequency="monthly", effectiveness=4
    )


def desired(tp_id: str, unit: str, level: str, **plan: Any) -> TouchPoint:
    return TouchPoint(tp_id, unit, "t", level, state="desired", **plan)


def test_a_desired_touch_point_already_realised_at_its_level_adds_nothing() -> None:
    plan = scenario(current("1", "b", "tactical"), desired("2", "b", "tactical"))
    projection = project(plan)
    assert projection.realised == ()
    assert projection.scenario == plan


def test_a_desired_touch_point_at_another_level_of_a_connected_pair_is_added() -> None:
    plan = scenario(current("1", "b", "tactical"), desired("2", "b", "strategic"))
    assert [tp.id for tp in project(plan).realised] == ["2"]


def test_two_desired_with_the_same_pair_and_level_add_one_the_first() -> None:
    plan = scenario(
        desired("1", "c", "operational", channel="embedded_team"),
        desired("2", "c", "operational", channel="service_desk"),
    )
    realised = project(plan).realised
    assert [(tp.id, tp.channel) for tp in realised] == [("1", "embedded_team")]


@pytest.mark.parametrize(
    ("level", "channel", "frequency"),
    [
        ("strategic", "steering_committee", "quarterly"),
        ("tactical", "sla_review", "monthly"),
        ("operational", "service_desk", "weekly"),
    ],
)
def test_missing_channel_and_frequency_take_the_levels_defaults(
    level: str, channel: str, frequency: str
) -> None:
    tp = realise(TouchPoint("9", "b", "t", level, state="desired", effectiveness=5))
    assert tp.is_current and tp.effectiveness is None
    assert (tp.channel, tp.frequency) == (channel, frequency)


def test_the_plans_channel_and_frequency_are_kept() -> None:
    tp = realise(desired("9", "b", "strategic", channel="embedded_team", frequency="daily"))
    assert (tp.channel, tp.frequency) == ("embedded_team", "daily")


def test_the_desired_touch_points_stay_so_the_expected_pairs_are_still_the_plans() -> None:
    # Claims-Tools is not in the plan: were the desired dropped, every pair would be expected
    # and B would fall to 1/2.
    plan = scenario(desired("1", "b", "strategic"))
    projected = project(plan).scenario
    assert desired("1", "b", "strategic") in projected.touch_points
    assert score_scenario(projected).scope.rating.dimensions.B == 1


# The next best touch point.


def engine_gain(plan: Scenario, candidate_tp: TouchPoint) -> Fraction:
    """The gain of one candidate scored the slow way: the engine on the whole scenario."""
    before = score_scenario(plan, with_gaps=False).scope.rating.score
    after = score_scenario(
        dataclasses.replace(plan, touch_points=(*plan.touch_points, candidate_tp)),
        with_gaps=False,
    )
    return after.scope.rating.score - before


def test_it_ranks_the_worked_examples_missing_touch_points_by_gain() -> None:
    plan = scenario_of()
    today, ranked = rank_next_best(plan)
    assert today.score == score_scenario(plan).scope.rating.score
    by_id = {tp.id: tp for tp in plan.touch_points}
    assert sorted(str(item.candidate.desired_id) for item in ranked) == ["10", "7", "8"]
    for item in ranked:
        tp = realise(by_id[str(item.candidate.desired_id)])
        assert item.gain == engine_gain(plan, tp)
        assert item.rating.score == today.score + item.gain
    gains = [item.gain for item in ranked]
    assert gains == sorted(gains, reverse=True) and gains[0] > 0


def test_ties_are_broken_by_subject_name() -> None:
    units = (BusinessUnit("z", "Zeta", "Leeds"), BusinessUnit("a", "Alpha", "Leeds"))
    plan = Scenario(
        units,
        TEAMS,
        (desired("1", "z", "strategic"), desired("2", "a", "strategic")),
    )
    _, ranked = rank_next_best(plan)
    assert ranked[0].gain == ranked[1].gain
    assert [item.candidate.subject.name for item in ranked] == [
        "Alpha-Tools (strategic)",
        "Zeta-Tools (strategic)",
    ]


def test_with_no_desired_touch_point_each_unconnected_pair_appears_once_at_its_best_level() -> None:
    plan = scenario(current("1", "b", "strategic", channel="steering_committee"))
    _, ranked = rank_next_best(plan)
    assert [(i.candidate.subject.name, i.candidate.desired_id) for i in ranked] == [
        ("Claims-Tools (strategic)", None)
    ]
    item = ranked[0]
    tp = TouchPoint("x", "c", "t", "strategic", channel="steering_committee", frequency="quarterly")
    assert item.gain == engine_gain(plan, tp)


def test_limit_keeps_the_best_ones_in_order() -> None:
    plan = random_scenario(random.Random(5), desired_share=0.0)
    _, ranked = rank_next_best(plan)
    _, top = rank_next_best(plan, limit=3)
    assert top == ranked[:3]


def random_scenario(
    rng: random.Random,
    desired_share: float,
    size: tuple[int, int, int] = (6, 4, 14),
    places: tuple[str, ...] = ("Leeds", "York", "Hull"),
    planned_channels: bool = False,
) -> Scenario:
    """``size``: business units, IT teams and at most that many touch points; with
    ``planned_channels`` a desired touch point may carry the plan's channel and frequency."""
    unit_count, team_count, most = size
    units = tuple(BusinessUnit(f"b{i}", f"Unit {i}", rng.choice(places)) for i in range(unit_count))
    teams = tuple(ITTeam(f"t{i}", f"Team {i}", rng.choice(places)) for i in range(team_count))
    touch_points = []
    for n in range(rng.randint(0, most)):
        is_desired = rng.random() < desired_share
        channel, frequency = None, None
        if planned_channels and is_desired:
            channel = rng.choice([None, *tables.CHANNEL_DEPTH])
            frequency = rng.choice([None, "monthly"])
        touch_points.append(
            TouchPoint(
                str(n),
                rng.choice(units).id,
                rng.choice(teams).id,
                rng.choice(tables.LEVELS),
                state="desired" if is_desired else "current",
                channel=channel if is_desired else rng.choice(list(tables.CHANNEL_DEPTH)),
                frequency=frequency if is_desired else rng.choice(list(tables.FREQUENCY_SCORE)),
                effectiveness=None if is_desired else rng.choice([None, 1, 2, 3, 4, 5]),
            )
        )
    return Scenario(units, teams, tuple(touch_points))


@pytest.mark.parametrize("seed", range(40))
def test_every_gain_is_exactly_what_the_engine_computes(seed: int) -> None:
    rng = random.Random(seed)
    plan = random_scenario(rng, desired_share=0.0 if seed % 2 else 0.4)
    _, ranked = rank_next_best(plan)
    for item in ranked:
        c = item.candidate
        tp = TouchPoint(
            "x", c.business_unit.id, c.it_team.id, c.level, channel=c.channel, frequency=c.frequency
        )
        assert item.gain == engine_gain(plan, tp), c.subject.name
        full: Result = score_scenario(
            dataclasses.replace(plan, touch_points=(*plan.touch_points, tp)), with_gaps=False
        )
        assert item.rating.band == full.scope.rating.band
