"""Big charts: the action and target forms search units instead of listing thousands (the touch
point form's picker, above 150 active units of a side)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Action, Target
from tests.conftest import Org, People, client_for, htmx_client_for
from tests.touchpoints.test_unit_picker import grow
from touchpoints.models import Level, OrgUnit, State

pytestmark = pytest.mark.django_db


def url(org: Org, name: str, *args: object) -> str:
    return reverse(name, args=[org.workspace.slug, *args])


def new_action(org: Org, **fields: object) -> dict[str, object]:
    return {"title": "Meet them", "status": "planned", "unit_search": "team", **fields}


def test_small_charts_keep_their_drop_downs(org: Org, people: People) -> None:
    client = client_for(people.manager)
    action = client.get(url(org, "action_new")).content
    assert b'<select name="unit"' in action and b'<select name="business_unit"' in action
    assert b"unit-picker" not in action
    assert b'<select name="unit"' in client.get(url(org, "target_new")).content


def test_a_big_business_side_gets_searches_and_the_it_side_keeps_its_list(
    org: Org, people: People
) -> None:
    grow(org)
    client = client_for(people.manager)
    action = client.get(url(org, "action_new")).content.decode()
    assert '<select name="unit"' not in action and '<select name="business_unit"' not in action
    assert action.count('class="unit-picker"') == 2 and '<select name="it_team"' in action
    assert "Team 149" not in action
    # Optional fields keep a radio that chooses no unit.
    assert '<input type="radio" name="unit" value="" checked> None' in action
    target = client.get(url(org, "target_new")).content.decode()
    assert '<input type="radio" name="unit" value="" checked> The whole workspace' in target
    assert "Team 149" not in target


def test_the_search_offers_radios_for_the_unit_field(org: Org, people: People) -> None:
    grow(org)
    params = {"side": "business", "field": "unit", "unit_search": "team 42"}
    response = htmx_client_for(people.manager).get(url(org, "unit_choices"), params)
    assert [unit.name for unit in response.context["units"]] == ["Team 42"]
    assert b'type="radio" name="unit"' in response.content
    params["field"] = "owner"
    assert htmx_client_for(people.manager).get(url(org, "unit_choices"), params).status_code == 400


def test_picked_units_save_an_action_and_its_desired_touch_point(org: Org, people: People) -> None:
    grow(org)
    team = OrgUnit.objects.get(workspace=org.workspace, code="T42")
    data = new_action(org, unit=team.pk, business_unit=team.pk, it_team=org.apps.pk)
    data["level"] = Level.TACTICAL
    assert client_for(people.manager).post(url(org, "action_new"), data).status_code == 302
    action = Action.objects.get()
    [touch_point] = action.touch_points.all()
    assert action.unit == team and touch_point.business_unit == team
    assert touch_point.state == State.DESIRED
    edit = client_for(people.manager).get(url(org, "action_edit", action.pk)).content.decode()
    assert f'value="{team.pk}" checked> Team 42' in edit


def test_a_target_is_set_on_a_picked_unit_or_on_the_whole_workspace(
    org: Org, people: People
) -> None:
    grow(org)
    team = OrgUnit.objects.get(workspace=org.workspace, code="T7")
    client = client_for(people.manager)
    for unit in (team.pk, ""):
        data = {"unit": unit, "band": "Convergence", "due": "2030-06-30"}
        assert client.post(url(org, "target_new"), data).status_code == 302
    assert sorted(str(t) for t in Target.objects.all()) == [
        "Acme at Convergence by 30 June 2030",
        "Team 7 at Convergence by 30 June 2030",
    ]


def test_another_workspaces_unit_is_refused_and_never_named(
    org: Org, other_org: Org, people: People
) -> None:
    grow(org)
    OrgUnit.objects.filter(pk=other_org.sales.pk).update(name="Their Secret Sales")
    data = new_action(org, unit=other_org.sales.pk)
    response = client_for(people.manager).post(url(org, "action_new"), data)
    assert response.status_code == 200 and not Action.objects.exists()
    assert "unit" in response.context["form"].errors
    assert b"Their Secret Sales" not in response.content
    target = {"unit": other_org.sales.pk, "band": "Fusion", "due": "2030-06-30"}
    response = client_for(people.manager).post(url(org, "target_new"), target)
    assert response.status_code == 200 and not Target.objects.exists()
    assert b"Their Secret Sales" not in response.content


def test_the_action_page_adds_a_touch_point_through_the_picker(org: Org, people: People) -> None:
    grow(org)
    client = client_for(people.manager)
    client.post(url(org, "action_new"), new_action(org))
    action = Action.objects.get()
    page = client.get(url(org, "action_detail", action.pk)).content.decode()
    assert 'class="unit-picker"' in page and "Team 149" not in page
    team = OrgUnit.objects.get(workspace=org.workspace, code="T3")
    data: dict[str, object] = {"version": action.version, "business_unit": team.pk}
    data |= {"it_team": org.infra.pk, "level": Level.STRATEGIC, "unit_search": "T3"}
    client.post(url(org, "action_add_touchpoint", action.pk), data)
    assert action.touch_points.get().business_unit == team
