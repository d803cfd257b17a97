"""The network map's data: a default IT depth that always draws IT teams, and groups."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from assessments.dashboard.network import default_team_depth
from convergence.models import Role, Workspace
from tests.conftest import Org, People, client_for, make_user
from touchpoints.derived_tree import refresh_tree
from touchpoints.models import OrgUnit, Side


@pytest.fixture(autouse=True)
def no_dashboard_cache(settings: SettingsWrapper) -> None:
    settings.DASHBOARD_CACHE_SECONDS = 0


def test_the_default_it_depth_is_the_shallowest_holding_more_than_one_team() -> None:
    assert default_team_depth({0: 1, 1: 3, 2: 9}) == 1
    assert default_team_depth({0: 1, 1: 1, 2: 4}) == 2
    assert default_team_depth({2: 1, 3: 1}) == 2  # never a depth without any IT unit
    assert default_team_depth({}) == 1


@pytest.mark.django_db
def test_an_it_branch_deep_in_the_chart_is_still_drawn_by_default(db: None) -> None:
    workspace = Workspace.objects.create(slug="deep", name="Deep")
    viewer = make_user("mo", workspace, Role.MANAGER)

    def unit(code: str, parent: OrgUnit | None = None, **extra: object) -> OrgUnit:
        return OrgUnit.objects.create(
            workspace=workspace, code=code, name=code, parent=parent, **extra
        )

    group = unit("Group")
    unit("Sales", group)
    corporate = unit("Corporate", group)
    it = unit("IT", corporate, side_mark=Side.IT)
    unit("Apps", it)
    refresh_tree(workspace.pk)
    data = client_for(viewer).get(reverse("dashboard_network_data", args=["deep"])).json()
    sides = {node["side"] for node in data["nodes"]}
    assert sides == {"business", "it"}  # the old default (IT depth 1) drew no IT unit at all
    page = client_for(viewer).get(reverse("dashboard_network", args=["deep"]))
    assert page.context["team_depth"] == 2


@pytest.mark.django_db
def test_units_below_the_divisions_are_grouped_by_division_and_teams_by_branch(
    org: Org, people: People
) -> None:
    north = OrgUnit.objects.create(
        workspace=org.workspace, code="SN", name="Sales North", parent=org.sales
    )
    refresh_tree(org.workspace.pk)
    org.touchpoint(business_unit=north)
    url = reverse("dashboard_network_data", args=["acme"])
    data = client_for(people.manager).get(url, {"depth": 2}).json()
    nodes = {node["label"]: node for node in data["nodes"]}
    assert nodes["Sales North"]["group"] == f"g{org.sales.pk}"
    assert nodes["Apps"]["group"] == f"g{org.it.pk}"
    assert {g["id"]: g["label"] for g in data["groups"]} == {
        f"g{org.sales.pk}": "Sales",
        f"g{org.it.pk}": "IT",
    }
    divisions = client_for(people.manager).get(url, {"depth": 1}).json()
    assert {n["group"] for n in divisions["nodes"] if n["side"] == "business"} == {None}
