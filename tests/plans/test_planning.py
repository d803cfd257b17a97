"""The plan read against the map: the projection of SLOPE.md from workspace data, targets, and
the next best touch point of a division."""

from __future__ import annotations

import gc

import pytest

from assessments.assess import Scope, assess_workspace
from assessments.planning import (
    division_scope,
    next_best,
    outlook,
    stored_standings,
    target_outlooks,
)
from convergence.collector import collector_paused
from tests.plans.conftest import PlannedOrg
from touchpoints.models import TouchPoint


def test_the_workspace_projection_is_the_worked_example(planned: PlannedOrg) -> None:
    found = outlook(planned.org.workspace.pk, Scope(), "Acme")
    assert found.realised == 3
    assert float(found.whole.before.score) == pytest.approx(59.64, abs=0.01)
    assert float(found.whole.after.score) == pytest.approx(80.03, abs=0.01)
    assert found.whole.band_change == "Integration → Convergence"
    finance = found.units[str(planned.org.finance.pk)]
    assert finance.sentence() == (
        "this plan takes Finance from 50.6 to 80.2: Integration → Convergence"
    )
    assert [move.name for move in found.moving_units][:2] == ["Operations", "Finance"]


def test_a_target_reads_its_units_move_and_says_whether_the_plan_reaches_it(
    planned: PlannedOrg,
) -> None:
    base = outlook(planned.org.workspace.pk, Scope(), "Acme")
    [row] = target_outlooks(planned.org.workspace.pk, base, [planned.finance_target])
    assert row.sentence == (
        "this plan takes Finance from 50.6 to 80.2: Integration → Convergence, target reached"
    )
    assert row.distance_today == pytest.approx(70 - 50.58, abs=0.01)
    assert row.distance_planned == 0 and row.reached_planned and not row.reached_today


def test_a_target_on_a_unit_outside_the_scope_is_read_on_that_unit_rolled_up(
    planned: PlannedOrg,
) -> None:
    group = planned.org.finance.parent
    assert group is not None
    planned.finance_target.unit = group
    planned.finance_target.save()
    base = outlook(planned.org.workspace.pk, Scope(), "Acme")
    [row] = target_outlooks(planned.org.workspace.pk, base, [planned.finance_target])
    assert row.move is not None and row.move.name == group.name
    # Rolled up to the group, every planned pair and level already meets (Sales-Apps is
    # strategic, Operations-Infra tactical): the plan adds nothing there.
    assert row.move.after == row.move.before
    assert float(row.move.before.score) == pytest.approx(86.65, abs=0.01)


def test_dashboards_read_a_targets_distance_from_the_latest_assessment(
    planned: PlannedOrg,
) -> None:
    assessment = assess_workspace(planned.org.workspace.pk, Scope())
    [standing] = stored_standings(assessment, [planned.finance_target])
    assert standing.score == pytest.approx(50.58, abs=0.01) and standing.is_own_score
    assert standing.distance == pytest.approx(19.42, abs=0.01) and not standing.reached


def test_next_best_ranks_the_plans_unrealised_touch_points_of_a_division(
    planned: PlannedOrg,
) -> None:
    group = planned.org.finance.parent
    assert group is not None
    _, ranked = next_best(planned.org.workspace.pk, division_scope(group))
    desired = {tp.pk for tp in TouchPoint.objects.filter(state="desired")}
    sales_apps = TouchPoint.objects.get(
        business_unit=planned.org.sales, it_team=planned.org.apps, state="desired"
    )
    assert {s.desired_id for s in ranked} == desired - {sales_apps.pk}
    assert all(s.best.gain > 0 for s in ranked)
    gains = [s.best.gain for s in ranked]
    assert gains == sorted(gains, reverse=True)


def test_reading_only_the_divisions_touch_points_ranks_the_same(planned: PlannedOrg) -> None:
    # Finance alone: the filter leaves out Sales' and Operations' touch points, which the
    # scope would have left out anyway.
    finance = planned.org.finance
    scope = division_scope(finance)
    everything = next_best(planned.org.workspace.pk, scope)
    only_below = next_best(planned.org.workspace.pk, scope, business_under=finance.path)
    assert only_below == everything
    assert {s.name for s in everything[1]} == {
        "Finance-Apps (strategic)",
        "Finance-Infra (tactical)",
    }


def test_the_collector_is_paused_while_scoring_and_resumes_as_it_was() -> None:
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), collector_paused():
        assert not gc.isenabled()
        print(1 / 0)
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
