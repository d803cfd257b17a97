"""The plan where managers already look: the workspace home, the dashboard and its roll-up,
and the gap reports and comparison (carry-over of actions onto gaps)."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from assessments import gap_reports
from assessments.models import Action, GapReport
from tests.conftest import Org, People, client_for
from tests.plans.conftest import PlannedOrg
from tests.workshops.conftest import board_url, live_workshop
from touchpoints.history import snapshot, update_touchpoint
from touchpoints.models import ChannelCategory, Frequency, State, WorkshopPhase

pytestmark = pytest.mark.django_db


def url(org: Org, name: str, *args: object) -> str:
    return reverse(name, args=[org.workspace.slug, *args])


def report(org: Org) -> GapReport:
    built = GapReport.objects.create(workspace=org.workspace)
    gap_reports.build_report(built.pk)
    built.refresh_from_db()
    return built


def realise_finance_infra(planned: PlannedOrg, people: People) -> None:
    touch_point = planned.actions[0].touch_points.get()
    before = snapshot(touch_point)
    touch_point.state = State.CURRENT
    touch_point.channel = planned.org.channel(ChannelCategory.JOINT_PLANNING)
    touch_point.frequency = Frequency.MONTHLY
    update_touchpoint(touch_point, before, touch_point.version, people.facilitator)


def test_owners_see_their_open_actions_on_the_workspace_home(
    planned: PlannedOrg, people: People
) -> None:
    Action.objects.filter(pk=planned.actions[1].pk).update(due=datetime.date(2020, 1, 2))
    mine = client_for(people.manager).get(url(planned.org, "workspace_home")).content.decode()
    theirs = client_for(people.viewer).get(url(planned.org, "workspace_home")).content.decode()
    assert "Your actions" in mine and "Plan jointly with Infra" in mine
    assert "overdue since 2 Jan" in mine
    # Sales keeps its seat is done already (its pair is strategic today): not listed.
    assert "Sales keeps its seat" not in mine
    assert "Your actions" not in theirs


def test_the_dashboard_shows_each_target_and_its_distance(
    planned: PlannedOrg, people: People
) -> None:
    report(planned.org)
    page = client_for(people.manager).get(url(planned.org, "dashboard")).content.decode()
    assert "Finance at Convergence by 30 June 2030" in page
    assert "50.6 today" in page and "19.4 to go" in page
    assert f"{url(planned.org, 'action_new')}?gap=" in page


def test_the_roll_up_shows_a_units_target_beside_its_score(
    planned: PlannedOrg, people: People
) -> None:
    report(planned.org)
    group = planned.org.finance.parent
    assert group is not None
    query = {"parent": str(group.pk)}
    page = client_for(people.manager).get(url(planned.org, "dashboard_rollup"), query)
    assert "target Convergence by 30 Jun 2030: 19.4 to go" in page.content.decode()


def test_a_report_lists_the_actions_against_its_gaps_and_the_gaps_they_closed(
    planned: PlannedOrg, people: People
) -> None:
    first = report(planned.org)
    gap = first.gaps.get(rule="GAP-01", subject_label="Finance-Infra")
    action = planned.actions[0]
    Action.objects.filter(pk=action.pk).update(
        gap_rule=gap.rule,
        gap_subject=gap.subject_label,
        gap_business_unit=gap.business_unit,
        gap_it_team=gap.it_team,
        gap_level=gap.level,
        gap_location=gap.location,
    )
    client = client_for(people.manager)
    page = client.get(url(planned.org, "report_detail", first.pk)).content.decode()
    assert f'{url(planned.org, "action_detail", action.pk)}">Plan jointly with Infra' in page
    assert "Gaps the plan closed" not in page
    realise_finance_infra(planned, people)
    second = report(planned.org)
    page = client.get(url(planned.org, "report_detail", second.pk)).content.decode()
    assert "Gaps the plan closed" in page
    # The rule's id links to its glossary entry; its name stands beside it.
    assert "</span></span> missing expected interaction · Finance-Infra: " in page
    assert "(done)" in page
    viewer_view = url(planned.org, "dashboard_compare")
    query = {"a": str(first.assessment_id), "b": str(second.assessment_id)}
    compare = client.get(viewer_view, query).content.decode()
    assert "Gaps the plan closed" in compare and "Plan jointly with Infra" in compare


def test_the_workshops_review_phase_offers_an_action_for_each_pair_that_does_not_meet(
    org: Org, people: People
) -> None:
    workshop = live_workshop(org)
    org.touchpoint(business_unit=org.sales, it_team=org.apps)
    client = client_for(people.manager)
    assert "Plan from the gaps" not in client.get(board_url(workshop)).content.decode()
    workshop.phase = WorkshopPhase.REVIEW
    workshop.save(update_fields=["phase"])
    page = client.get(board_url(workshop)).content.decode()
    link = f"{url(org, 'action_new')}?business_unit={org.finance.pk}&amp;it_team={org.infra.pk}"
    assert "Plan from the gaps" in page and link in page
    assert f"?business_unit={org.sales.pk}&amp;it_team={org.apps.pk}" not in page
    viewer = client_for(people.viewer).get(board_url(workshop)).content.decode()
    assert "Plan from the gaps" not in viewer
    prefilled = client.get(
        url(org, "action_new"), {"business_unit": org.finance.pk, "it_team": org.infra.pk}
    )
    assert prefilled.context["form"].initial["business_unit"] == org.finance
