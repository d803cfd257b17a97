"""Actions of the plan: their derived status, history and optimistic locking."""

from __future__ import annotations

import datetime

import pytest

from assessments.actions import (
    DesiredTouchPoint,
    StaleEdit,
    add_touch_point,
    create_action,
    delete_action,
    snapshot,
    update_action,
)
from assessments.models import Action, ActionChange, ActionStatus, Target
from tests.conftest import Org, People
from touchpoints.history import snapshot as touchpoint_snapshot
from touchpoints.history import update_touchpoint
from touchpoints.models import ChannelCategory, Frequency, Level, State, TouchPoint

TODAY = datetime.date(2026, 6, 1)


def new_action(org: Org, people: People, *wanted: DesiredTouchPoint, **fields: object) -> Action:
    action = Action(workspace=org.workspace, title="Meet Finance quarterly", **fields)
    return create_action(action, list(wanted), people.manager)


def finance_infra(org: Org, level: str = Level.TACTICAL) -> DesiredTouchPoint:
    return DesiredTouchPoint(org.finance, org.infra, level)


def realise(touch_point: TouchPoint, org: Org, people: People) -> None:
    before = touchpoint_snapshot(touch_point)
    touch_point.state = State.CURRENT
    touch_point.channel = org.channel(ChannelCategory.JOINT_PLANNING)
    touch_point.frequency = Frequency.MONTHLY
    update_touchpoint(touch_point, before, touch_point.version, people.facilitator)


def test_it_creates_the_desired_touch_points_it_plans(org: Org, people: People) -> None:
    action = new_action(org, people, finance_infra(org))
    [touch_point] = action.touch_points.all()
    assert (touch_point.business_unit, touch_point.it_team) == (org.finance, org.infra)
    assert touch_point.state == State.DESIRED and touch_point.level == Level.TACTICAL
    assert action.status_now == ActionStatus.PLANNED


def test_it_links_the_pairs_existing_touch_point_at_that_level_instead_of_a_second(
    org: Org, people: People
) -> None:
    first = new_action(org, people, finance_infra(org))
    second = new_action(org, people, finance_infra(org))
    assert list(first.touch_points.all()) == list(second.touch_points.all())
    assert TouchPoint.objects.filter(business_unit=org.finance).count() == 1


def test_realising_its_touch_points_makes_the_action_done(org: Org, people: People) -> None:
    action = new_action(
        org, people, finance_infra(org), finance_infra(org, Level.STRATEGIC), due=TODAY
    )
    first, second = action.touch_points.order_by("pk")
    realise(first, org, people)
    assert Action.objects.with_progress().get(pk=action.pk).status_now == ActionStatus.IN_PROGRESS
    realise(second, org, people)
    done = Action.objects.with_progress().get(pk=action.pk)
    assert done.status_now == ActionStatus.DONE and done.progress == (2, 2)
    assert not done.is_overdue(TODAY + datetime.timedelta(days=9))
    assert not Action.objects.open().filter(pk=action.pk).exists()


def test_a_dropped_action_stays_dropped_and_one_without_touch_points_is_marked_done(
    org: Org, people: People
) -> None:
    dropped = new_action(org, people, finance_infra(org), status=ActionStatus.DROPPED)
    realise(dropped.touch_points.get(), org, people)
    assert Action.objects.get(pk=dropped.pk).status_now == ActionStatus.DROPPED
    by_hand = new_action(org, people)
    assert by_hand.status_now == ActionStatus.PLANNED
    before = snapshot(by_hand)
    by_hand.status = ActionStatus.DONE
    update_action(by_hand, before, by_hand.version, people.manager)
    assert Action.objects.get(pk=by_hand.pk).status_now == ActionStatus.DONE


def test_an_open_action_past_its_due_date_is_overdue(org: Org, people: People) -> None:
    action = new_action(org, people, due=TODAY)
    assert not action.is_overdue(TODAY) and action.is_due_soon(TODAY, 7)
    assert action.is_overdue(TODAY + datetime.timedelta(days=1))


def test_an_edit_against_an_older_version_is_refused_and_loses_nothing(
    org: Org, people: People
) -> None:
    action = new_action(org, people)
    mine, theirs = Action.objects.get(pk=action.pk), Action.objects.get(pk=action.pk)
    before = snapshot(theirs)
    theirs.title = "Theirs"
    update_action(theirs, before, theirs.version, people.facilitator)
    mine.title = "Mine"
    with pytest.raises(StaleEdit):
        update_action(mine, snapshot(action), action.version, people.manager)
    with pytest.raises(StaleEdit):
        add_touch_point(mine, finance_infra(org), action.version, people.manager)
    saved = Action.objects.get(pk=action.pk)
    assert saved.title == "Theirs" and saved.version == 2
    assert not saved.touch_points.exists()


def test_history_says_who_changed_what(org: Org, people: People) -> None:
    target = Target.objects.create(workspace=org.workspace, band="Convergence", due=TODAY)
    action = new_action(org, people, finance_infra(org))
    before = snapshot(action)
    action.owner, action.target = people.facilitator, target
    update_action(action, before, action.version, people.manager)
    add_touch_point(action, finance_infra(org, Level.STRATEGIC), action.version, people.manager)
    delete_action(action, people.admin)
    created, updated, added, deleted = ActionChange.objects.order_by("pk")
    assert created.kind == "created" and "touch points" in created.changes
    assert updated.changes == {"owner": ["—", "fiona"], "target": ["—", str(target)]}
    assert updated.changed_by == people.manager
    assert "Strategic" in added.changes["touch points"][1]
    assert deleted.kind == "deleted" and deleted.action is None
    assert deleted.action_label == "Meet Finance quarterly"
    # The plan's touch points stay on the map as expectations.
    assert TouchPoint.objects.filter(state=State.DESIRED).count() == 2


def test_a_target_knows_its_distance_and_whether_it_is_reached(org: Org) -> None:
    band = Target(workspace=org.workspace, band="Convergence", due=TODAY)
    score = Target(workspace=org.workspace, score=75, due=TODAY)
    assert band.distance(50.6) == pytest.approx(19.4) and not band.is_reached(72, "Integration")
    assert band.is_reached(72, "Convergence") and band.is_reached(90, "Fusion")
    assert score.distance(80) == 0 and score.is_reached(80, "Convergence")
    assert not score.is_reached(74.9, "Convergence")
