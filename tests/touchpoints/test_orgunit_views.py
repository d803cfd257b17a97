import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from tests.conftest import Org, People, client_for, htmx_client_for, personas_once_per_module

pytestmark = pytest.mark.django_db

# Built once for the module: its tests read them and leave them as they were.
org, other_org, people = personas_once_per_module()


def url(org: Org) -> str:
    return reverse("orgunit_list", args=[org.workspace.slug])


def test_it_shows_the_tree_with_touchpoint_counts(org: Org, people: People) -> None:
    org.touchpoint()
    org.touchpoint(it_team=org.infra)
    response = client_for(people.viewer).get(url(org))
    rows = {row.unit.name: row for row in response.context["rows"]}
    assert rows["Sales"].touchpoints == 2 and rows["Apps"].touchpoints == 1
    assert rows["Finance"].is_disconnected and not rows["Sales"].is_disconnected
    # The group has no touch point of its own but Sales, below it, has two.
    assert rows["Acme Group"].touchpoints == 0 and rows["Acme Group"].subtree_touchpoints == 2
    assert not rows["Acme Group"].is_disconnected


def test_it_filters_by_side_and_name(org: Org, people: People) -> None:
    client = client_for(people.viewer)
    assert [r.unit.name for r in client.get(url(org), {"side": "it"}).context["rows"]] == [
        "IT",
        "Apps",
        "Infra",
    ]
    assert [r.unit.name for r in client.get(url(org), {"q": "fin"}).context["rows"]] == ["Finance"]


def test_its_htmx_fragment_is_the_tree_only(org: Org, people: People) -> None:
    response = htmx_client_for(people.viewer).get(url(org))
    assert b"<html" not in response.content and b'id="tree"' in response.content


def test_it_never_shows_other_workspaces(org: Org, other_org: Org, people: People) -> None:
    names = [r.unit.name for r in client_for(people.viewer).get(url(org)).context["rows"]]
    assert "Other Corp Group" not in names and "Acme Group" in names


def test_outsider_404_and_anonymous_login(org: Org, people: People) -> None:
    assert client_for(people.outsider).get(url(org)).status_code == 404
    assert client_for(None).get(url(org)).status_code == 302


def test_it_runs_a_fixed_number_of_queries(
    org: Org, people: People, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    from touchpoints.models import OrgUnit

    client = client_for(people.viewer)
    # The table's page and counts, the tree (one query) and the last import's orphans (one).
    with django_assert_max_num_queries(10) as few:
        client.get(url(org))
    for n in range(30):
        OrgUnit.objects.create(
            workspace=org.workspace, code=f"X{n}", name=f"X{n}", parent=org.sales
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(org))


def test_a_large_chart_is_paged_in_tree_order(org: Org, people: People) -> None:
    from touchpoints.derived_tree import refresh_tree
    from touchpoints.models import OrgUnit
    from touchpoints.unit_rows import UNITS_PER_PAGE

    OrgUnit.objects.bulk_create(
        OrgUnit(workspace=org.workspace, code=f"T{n:03}", name=f"Team {n:03}", parent=org.sales)
        for n in range(UNITS_PER_PAGE)
    )
    refresh_tree(org.workspace.pk)
    client = client_for(people.viewer)
    first = client.get(url(org))
    assert len(first.context["rows"]) == UNITS_PER_PAGE
    assert first.context["page"].paginator.count == UNITS_PER_PAGE + 6
    second = client.get(url(org), {"page": 2})
    names = [row.unit.name for row in second.context["rows"]]
    assert len(names) == 6 and "Apps" in names
    assert client.get(url(org), {"page": "last"}).status_code == 200
