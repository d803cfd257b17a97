"""Big charts: the touch point form searches units instead of listing thousands."""

import pytest
from django.urls import reverse

from tests.conftest import Org, People, client_for, htmx_client_for
from touchpoints.derived_tree import refresh_tree
from touchpoints.forms.touchpoints import FILTER_CHOICES_LIMIT
from touchpoints.models import ChannelCategory, OrgUnit, TouchPoint

pytestmark = pytest.mark.django_db


def grow(org: Org, count: int = FILTER_CHOICES_LIMIT) -> None:
    OrgUnit.objects.bulk_create(
        OrgUnit(workspace=org.workspace, code=f"T{n}", name=f"Team {n}", parent=org.sales)
        for n in range(count)
    )
    refresh_tree(org.workspace.pk)


def create_url(org: Org) -> str:
    return reverse("touchpoint_create", args=[org.workspace.slug])


def choices_url(org: Org) -> str:
    return reverse("unit_choices", args=[org.workspace.slug])


def test_a_small_chart_keeps_its_drop_downs(org: Org, people: People) -> None:
    response = client_for(people.facilitator).get(create_url(org))
    assert b'<select name="business_unit"' in response.content
    assert b"unit-picker" not in response.content


def test_a_big_side_gets_a_search_and_the_small_side_keeps_its_list(
    org: Org, people: People
) -> None:
    grow(org)
    response = client_for(people.facilitator).get(create_url(org))
    assert b'<select name="business_unit"' not in response.content
    assert b"unit-picker" in response.content and b'<select name="it_team"' in response.content
    assert b"Team 149" not in response.content


def test_the_search_offers_matching_active_units_of_one_side(org: Org, people: People) -> None:
    grow(org)
    OrgUnit.objects.filter(workspace=org.workspace, code="T7").update(is_active=False)
    client = htmx_client_for(people.facilitator)
    params = {"side": "business", "field": "business_unit", "unit_search": "team 7"}
    response = client.get(choices_url(org), params)
    names = [unit.name for unit in response.context["units"]]
    assert "Team 7" not in names and "Team 70" in names
    assert all(name.startswith("Team 7") for name in names)
    assert b'type="radio" name="business_unit"' in response.content
    by_code = client.get(choices_url(org), params | {"unit_search": "T149"})
    assert [unit.name for unit in by_code.context["units"]] == ["Team 149"]


def test_the_search_is_capped_and_says_so(org: Org, people: People) -> None:
    grow(org)
    params = {"side": "business", "field": "business_unit", "unit_search": "team"}
    response = htmx_client_for(people.facilitator).get(choices_url(org), params)
    assert len(response.context["units"]) == 30 and response.context["more"]


def test_a_picked_unit_saves_like_a_selected_one(org: Org, people: People) -> None:
    grow(org)
    team = OrgUnit.objects.get(workspace=org.workspace, code="T42")
    data = {
        "business_unit": team.pk,
        "it_team": org.apps.pk,
        "level": "operational",
        "channel": org.channel(ChannelCategory.SERVICE_DESK).pk,
        "frequency": "weekly",
        "initiated_by": "both",
        "state": "current",
        "unit_search": "team 4",
    }
    assert client_for(people.facilitator).post(create_url(org), data).status_code == 302
    assert TouchPoint.objects.get().business_unit == team
    edit = reverse("touchpoint_edit", args=[org.workspace.slug, TouchPoint.objects.get().pk])
    page = client_for(people.facilitator).get(edit)
    assert f'value="{team.pk}" checked'.encode() in page.content


def test_the_search_never_offers_another_workspace(
    org: Org, other_org: Org, people: People
) -> None:
    params = {"side": "business", "field": "business_unit", "unit_search": "Sales"}
    response = htmx_client_for(people.facilitator).get(choices_url(org), params)
    assert [unit.pk for unit in response.context["units"]] == [org.sales.pk]
    assert client_for(people.outsider).get(choices_url(org), params).status_code == 404
    assert client_for(None).get(choices_url(org), params).status_code == 302


def test_bad_search_parameters_are_refused_plainly(org: Org, people: People) -> None:
    client = htmx_client_for(people.facilitator)
    assert client.get(choices_url(org), {"side": "moon", "field": "it_team"}).status_code == 400
    assert client.get(choices_url(org), {"side": "it", "field": "password"}).status_code == 400
