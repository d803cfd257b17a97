"""The people directory: admins and facilitators search it, nobody outside the workspace sees it."""

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from tests.conftest import Org, People, client_for, htmx_client_for, personas_once_per_module
from touchpoints.models import OrgUnit, Person, PersonSource

pytestmark = pytest.mark.django_db

org, other_org, people = personas_once_per_module()


def url(*args: int) -> str:
    return reverse("person_list", args=["acme", *args])


def person(org: Org, name: str, email: str, **fields: object) -> Person:
    values: dict[str, object] = {"workspace": org.workspace, "unit": org.sales}
    values |= {"source": PersonSource.ORGCHART, "name": name, "email": email} | fields
    return Person.objects.create(**values)


def names(response: object) -> list[str]:
    return [p.name for p in response.context["page"]]  # type: ignore[attr-defined]  # a test response


def test_a_facilitator_sees_unit_title_grade_and_source(org: Org, people: People) -> None:
    person(org, "Ann Lee", "ann@acme.example", title="Head of Sales", grade="M2")
    response = client_for(people.facilitator).get(url())
    row = response.content.decode()
    assert "Ann Lee" in row and "Head of Sales" in row and "M2" in row and "Org-chart import" in row
    assert "Sales" in row and "Erase" not in row


def test_it_searches_names_and_emails_whatever_the_case(org: Org, people: People) -> None:
    person(org, "Ann Lee", "ann@acme.example")
    person(org, "Bob Stone", "bob.s@acme.example", unit=org.apps)
    client = client_for(people.admin)
    assert names(client.get(url(), {"q": "LEE"})) == ["Ann Lee"]
    assert names(client.get(url(), {"q": "Bob.S@"})) == ["Bob Stone"]
    assert names(client.get(url(), {"unit": "app"})) == ["Bob Stone"]
    payroll = OrgUnit.objects.create(workspace=org.workspace, code="X9", name="Payroll")
    person(org, "Cy Pay", "cy@acme.example", unit=payroll)
    assert names(client.get(url(), {"unit": "x9"})) == []  # codes are exact
    assert names(client.get(url(), {"unit": "X9"})) == ["Cy Pay"]
    assert b"Nobody matches" in client.get(url(), {"q": "zed"}).content


def test_it_pages_fifty_at_a_time(
    org: Org, people: People, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    Person.objects.bulk_create(
        Person(workspace=org.workspace, name=f"P{i:03}", email=f"p{i}@x", source="upload")
        for i in range(120)
    )
    client = client_for(people.admin)
    with django_assert_num_queries(5):  # session, user, membership, count, page
        response = client.get(url(), {"page": 3})
    assert names(response) == [f"P{i:03}" for i in range(100, 120)]


def test_its_htmx_fragment_is_the_results(org: Org, people: People) -> None:
    response = htmx_client_for(people.admin).get(url())
    assert b"<html" not in response.content and b'id="results"' in response.content


def test_erased_people_and_other_workspaces_people_are_not_listed(
    org: Org, other_org: Org, people: People
) -> None:
    person(org, "Ann Lee", "ann@acme.example")
    Person.objects.create(
        workspace=org.workspace, source="upload", erased_at="2026-01-01T00:00:00Z"
    )
    Person.objects.create(
        workspace=other_org.workspace, name="Olga Other", email="olga@x", source="upload"
    )
    response = client_for(people.admin).get(url())
    assert names(response) == ["Ann Lee"] and b"Olga" not in response.content


def test_managers_and_viewers_do_not_see_people(org: Org, people: People) -> None:
    assert client_for(people.manager).get(url()).status_code == 403
    assert client_for(people.viewer).get(url()).status_code == 403
    assert client_for(people.outsider).get(url()).status_code == 404


def test_the_navigation_links_the_directory_for_those_who_see_it(org: Org, people: People) -> None:
    home = reverse("workspace_home", args=["acme"])
    assert url().encode() in client_for(people.facilitator).get(home).content
    assert url().encode() not in client_for(people.manager).get(home).content
