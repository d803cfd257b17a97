"""Issue 9's screens: the mapping at the top of the preview, the tree on the preview and the org
chart page, the retirement guard on the web, and marking IT units in bulk."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from tests.conftest import Org, People, client_for, htmx_client_for
from tests.touchpoints.test_import_plan import ACME, HEADER
from touchpoints.derived_tree import refresh_tree
from touchpoints.importing import create_job
from touchpoints.models import ImportJob, ImportMode, ImportStatus, OrgUnit, Side

pytestmark = pytest.mark.django_db
# Outside a test transaction the worker's read, queued when the request commits, runs inside the
# request (tasks are eager in the tests), so the response already holds the new preview.
committed = pytest.mark.django_db(transaction=True)

POSTS = (
    "Post Unique Reference,Name,Job Title,Reports to Senior Post\n"
    "P1,Ann Smith,Chief Executive,XX\nP2,N/D,Digital Director,P1\nP3,Bob Jones,Developer,P2\n"
)


def a_job(org: Org, people: People, text: str) -> ImportJob:
    job, _ = create_job(org.workspace, text.encode(), "chart.csv", people.admin)
    return job


def preview_url(job: ImportJob) -> str:
    return reverse("import_preview", args=[job.workspace.slug, job.pk])


def test_the_mapping_at_the_top_shows_first_values_and_why_each_column_was_taken(
    org: Org, people: People
) -> None:
    job = a_job(org, people, POSTS)
    page = client_for(people.admin).get(preview_url(job)).content.decode()
    assert page.index('name="code"') < page.index("Apply this import")
    assert "Post Unique Reference (P1, P2, P3…)" in page
    assert "Taken: &#x27;Post Unique Reference&#x27;, because its header says" in page
    assert "Taken: &#x27;Job Title&#x27;" in page and "Next candidates: Name" in page


@committed
def test_changing_a_mapping_re_previews_in_place(org: Org, people: People) -> None:
    job = a_job(org, people, POSTS)
    data = {"code": "", "name": "Name", "parent": "", "holder": "-", "mode": ImportMode.SYNC}
    response = htmx_client_for(people.admin).post(preview_url(job), data)
    assert response.status_code == 200 and b"<html" not in response.content
    job.refresh_from_db()
    assert job.mapping == {"name": "Name", "holder": ""}
    assert job.preview["mapping"]["name"] == "Name"
    assert "Ann Smith" in [row[2] for row in job.preview["tree"]]


@committed
def test_a_code_column_without_a_parent_says_every_unit_would_be_a_root(
    org: Org, people: People
) -> None:
    job = a_job(org, people, POSTS)
    response = htmx_client_for(people.admin).post(
        preview_url(job), {"parent": "-", "mode": ImportMode.SYNC}
    )
    assert b"every unit would be a root" in response.content
    assert job.__class__.objects.get(pk=job.pk).preview["roots"] == 3


def test_the_preview_draws_the_tree_with_its_figures_and_a_search(org: Org, people: People) -> None:
    job = a_job(org, people, ACME + "X,Audit,F,Leeds\nY,Audit Team,X,\nO,Orphan,NOPE,\n")
    page = client_for(people.admin).get(preview_url(job)).content.decode()
    assert "9 units in 3 roots, 4 levels deep, 1 orphan" in page
    assert (
        '<small class="count" title="Units in this branch, itself included">5 units</small>' in page
    )
    found = htmx_client_for(people.admin).get(preview_url(job), {"q": "audit team"})
    tree = found.content.decode()
    assert "1 match for “audit team”" in tree
    assert "Audit Team" in tree and "Apps" not in tree.split('id="import-tree"')[1]


def test_a_mass_retirement_is_red_and_needs_the_number_typed(
    org: Org, people: People, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    job = a_job(org, people, HEADER + "Z,Zed,,\n")
    client = client_for(people.admin)
    page = client.get(preview_url(job)).content.decode()
    assert "This import would retire 6 of the 6 active units." in page
    assert 'name="confirm_retire"' in page
    apply = reverse("import_apply", args=["acme", job.pk])
    for typed in ({}, {"confirm_retire": "5"}, {"confirm_retire": "six"}):
        response = client.post(apply, typed, follow=True)
        assert "type 6 to confirm" in response.content.decode()
        job.refresh_from_db()
        assert job.status == ImportStatus.PREVIEWED and job.allowed_retire is None
    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply, {"confirm_retire": "6"})
    job.refresh_from_db()
    assert (job.status, job.allowed_retire) == (ImportStatus.APPLIED, 6)
    assert OrgUnit.objects.filter(workspace=org.workspace, is_active=True).count() == 1


@committed
def test_add_and_update_only_chosen_on_the_preview_retires_nothing(
    org: Org, people: People
) -> None:
    job = a_job(org, people, HEADER + "Z,Zed,,\n")
    response = htmx_client_for(people.admin).post(preview_url(job), {"mode": "add_update"})
    assert b"would retire" not in response.content
    job.refresh_from_db()
    assert job.mode == ImportMode.ADD_UPDATE
    assert job.preview["retiring"] == 0 and not job.preview["needs_confirmation"]


def orgchart(org: Org) -> str:
    return reverse("orgunit_list", args=[org.workspace.slug])


def test_the_org_chart_page_draws_the_tree_with_counts_and_figures(
    org: Org, people: People
) -> None:
    page = client_for(people.viewer).get(orgchart(org)).content.decode()
    assert "6 units in 2 roots, 2 levels deep." in page
    assert '<span class="name">Acme Group</span>' in page
    assert 'name="units"' not in page  # ticking is for admins
    found = htmx_client_for(people.viewer).get(orgchart(org), {"q": "infra"}).content.decode()
    assert "1 match for “infra”" in found
    assert (
        '<span class="name">Infra</span>' in found
        and '<span class="name">Sales</span>' not in found
    )


def test_names_that_look_like_it_are_suggested_never_marked(org: Org, people: People) -> None:
    digital = OrgUnit.objects.create(
        workspace=org.workspace, code="D", name="Digital Services", parent=org.finance
    )
    OrgUnit.objects.create(workspace=org.workspace, code="D2", name="ICT Desk", parent=digital)
    OrgUnit.objects.create(
        workspace=org.workspace, code="D3", name="Informatique", parent=org.sales
    )
    refresh_tree(org.workspace.pk)
    page = client_for(people.admin).get(orgchart(org)).content.decode()
    suggested = page.split('class="suggestions"')[1].split("</details>")[0]
    # The top of each branch only; the IT branch already is IT.
    assert "Digital Services" in suggested and "Informatique" in suggested
    assert "ICT Desk" not in suggested and "Apps" not in suggested
    digital.refresh_from_db()
    assert digital.side == Side.BUSINESS and digital.side_mark == ""


def test_ticked_units_are_marked_in_one_step_and_their_branches_follow(
    org: Org, people: People
) -> None:
    desk = OrgUnit.objects.create(
        workspace=org.workspace, code="D", name="Service desk", parent=org.finance
    )
    touchpoint = org.touchpoint(business_unit=org.finance)
    mark = reverse("units_mark", args=["acme"])
    response = client_for(people.admin).post(
        mark, {"units": [org.finance.pk, org.sales.pk], "side_mark": Side.IT}, follow=True
    )
    assert "2 units marked IT." in response.content.decode()
    for unit in (org.finance, org.sales, desk):
        unit.refresh_from_db()
        assert unit.side == Side.IT
    touchpoint.refresh_from_db()
    assert touchpoint.flag.startswith("Unit Finance changed side when 2 units were re-marked")


def test_bulk_marking_is_for_admins_of_the_workspace_only(
    org: Org, other_org: Org, people: People
) -> None:
    mark = reverse("units_mark", args=["acme"])
    data = {"units": [org.sales.pk], "side_mark": Side.IT}
    assert client_for(people.facilitator).post(mark, data).status_code == 403
    assert client_for(people.outsider).post(mark, data).status_code == 404
    foreign = {"units": [other_org.sales.pk], "side_mark": Side.IT}
    response = client_for(people.admin).post(mark, foreign, follow=True)
    assert "Select a valid choice" in response.content.decode()
    for unit in (org.sales, other_org.sales):
        unit.refresh_from_db()
        assert unit.side == Side.BUSINESS
