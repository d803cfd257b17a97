"""score_plan: today's scores and the projection's, the second from an index extended by the
realised touch points and only the changed units rescored, equal to scoring both from scratch."""

import json
import random
from pathlib import Path

import pytest

from assessments.slope import BusinessUnit, ITTeam, Scenario, TouchPoint, score_scenario
from assessments.slope.index import build_index, with_current
from assessments.slope.projection import project, score_plan, unrealised
from assessments.slope.scenario import parse_scenario

from .test_slope_projection import random_scenario

FIXTURE = Path(__file__).parent / "fixtures" / "projection_example.json"


def random_plan(rng: random.Random) -> Scenario:
    """Up to 8 business units and 6 IT teams on one to three sites, up to 30 touch points, a
    varying share desired: small enough that plans often merge components or tie them."""
    size = (rng.randint(1, 8), rng.randint(1, 6), 30)
    places = ("Leeds", "York", "Hull")[: rng.randint(1, 3)]
    share = rng.choice([0.0, 0.2, 0.5, 0.9])
    return random_scenario(rng, share, size, places, planned_channels=True)


@pytest.mark.parametrize("seed", range(150))
def test_the_incremental_projection_equals_scoring_the_projected_scenario(seed: int) -> None:
    plan = random_plan(random.Random(seed))
    scores = score_plan(plan)
    projection = project(plan)
    assert scores.realised == projection.realised
    assert scores.today == score_scenario(plan, with_gaps=False)
    assert scores.planned == score_scenario(projection.scenario, with_gaps=False)


@pytest.mark.parametrize("seed", range(150))
def test_an_extended_index_equals_the_index_built_from_scratch(seed: int) -> None:
    plan = random_plan(random.Random(seed))
    projection = project(plan)
    today = build_index(plan)
    before = build_index(plan)
    extended, changed = with_current(today, projection.realised)
    assert extended == build_index(projection.scenario)
    assert today == before  # today's index is left as it was
    ends = {tp.business_unit for tp in projection.realised} | {
        tp.it_team for tp in projection.realised
    }
    moved = today.largest_component ^ extended.largest_component
    assert changed == ends | moved


def test_the_worked_example_rescores_every_unit_the_plan_touches() -> None:
    plan = parse_scenario(json.loads(FIXTURE.read_text()))
    scores = score_plan(plan)
    assert [tp.id for tp in scores.realised] == [tp.id for tp in unrealised(plan)]
    assert len(scores.realised) == 3
    assert round(float(scores.today.scope.rating.score), 2) == 59.64
    assert round(float(scores.planned.scope.rating.score), 2) == 80.03
    assert scores.planned.scope.rating.band == "Convergence"


def test_a_plan_that_joins_two_components_rescores_the_units_it_does_not_touch() -> None:
    """b0-t0 is a component of two, b1-t1-t2 the largest (three); the plan joins b1 to t0: b0,
    which it does not touch, is now in the largest component, so its boundary spanning moves."""
    units = (BusinessUnit("b0", "A", "Leeds"), BusinessUnit("b1", "B", "Leeds"))
    teams = (ITTeam("t0", "X", "Leeds"), ITTeam("t1", "Y", "Leeds"), ITTeam("t2", "Z", "Leeds"))
    plan = Scenario(
        units,
        teams,
        (
            TouchPoint("1", "b0", "t0", "tactical", channel="sla_review", frequency="monthly"),
            TouchPoint("2", "b1", "t1", "tactical", channel="sla_review", frequency="monthly"),
            TouchPoint("3", "b1", "t2", "tactical", channel="sla_review", frequency="monthly"),
            TouchPoint("4", "b1", "t0", "strategic", state="desired"),
        ),
    )
    _, changed = with_current(build_index(plan), project(plan).realised)
    assert changed == {"b0", "b1", "t0"}
    scores = score_plan(plan)
    assert scores.today.units["b0"].rating.dimensions.X == 0
    assert scores.planned.units["b0"].rating.dimensions.X == 1
    assert scores.planned == score_scenario(project(plan).scenario, with_gaps=False)
