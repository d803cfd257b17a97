"""The workspace home's first-run checklist: each step's state follows what the workspace holds."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from assessments.first_run import DONE, LATER, NEXT, progress, steps
from assessments.models import Target
from convergence.models import Membership, Role, Workspace
from tests.assessments.test_dashboard_views import report_for
from tests.conftest import Org, People, client_for, make_user

pytestmark = pytest.mark.django_db


def states(membership: Membership) -> list[str]:
    return [step.state for step in steps(membership, progress(membership.workspace_id))]


def test_a_new_workspace_starts_at_the_import(db: None) -> None:
    workspace = Workspace.objects.create(slug="new", name="New Co")
    admin = make_user("ada", workspace, Role.ADMIN)
    membership = Membership.objects.get(user=admin)
    assert states(membership) == [NEXT, LATER, LATER, LATER, LATER]
    first = steps(membership, progress(workspace.pk))[0]
    assert first.url == reverse("import_list", args=["new"]) and first.allowed


def test_each_step_turns_done_as_the_workspace_fills(org: Org, people: People) -> None:
    membership = Membership.objects.get(user=people.admin)
    assert states(membership) == [DONE, DONE, NEXT, LATER, LATER]  # a chart with an IT branch
    org.touchpoint()
    assert states(membership) == [DONE, DONE, DONE, NEXT, LATER]
    report_for(org)
    assert states(membership) == [DONE, DONE, DONE, DONE, NEXT]
    Target.objects.create(workspace=org.workspace, band="Integration", due="2027-01-01")
    assert states(membership) == [DONE] * 5


def test_a_role_that_cannot_take_a_step_is_told_who_can(org: Org, people: People) -> None:
    viewer = steps(Membership.objects.get(user=people.viewer), progress(org.workspace.pk))
    assert not viewer[2].allowed and viewer[2].url == reverse("workshop_list", args=["acme"])
    assert not viewer[3].allowed


def test_the_home_shows_the_checklist_until_every_step_is_done(
    org: Org, people: People, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    client = client_for(people.manager)
    home = reverse("workspace_home", args=["acme"])
    body = client.get(home).content.decode()
    assert "Getting started" in body and 'aria-current="step"' in body
    assert body.index("Record or capture touch points") < body.index("Request a gap report")
    org.touchpoint()
    report_for(org)
    Target.objects.create(workspace=org.workspace, band="Integration", due="2027-01-01")
    with django_assert_max_num_queries(30):
        body = client.get(home).content.decode()
    assert "Getting started" not in body


def test_empty_pages_name_the_next_step(db: None) -> None:
    workspace = Workspace.objects.create(slug="new", name="New Co")
    client = client_for(make_user("ada", workspace, Role.ADMIN))
    units = client.get(reverse("orgunit_list", args=["new"])).content.decode()
    assert "import the org chart" in units and reverse("import_list", args=["new"]) in units
    touchpoints = client.get(reverse("touchpoint_list", args=["new"])).content.decode()
    assert "No touch points yet. Next step:" in touchpoints
    assert reverse("touchpoint_create", args=["new"]) in touchpoints
