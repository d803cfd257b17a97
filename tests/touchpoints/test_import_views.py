"""The import screens: admins only, each with its htmx fragment."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks

from tests.conftest import Org, People, client_for, htmx_client_for
from tests.touchpoints.test_import_plan import ACME
from touchpoints.importing import create_job
from touchpoints.models import ImportJob, ImportStatus, OrgUnit, Side
from touchpoints.tasks import STUCK_AFTER

pytestmark = pytest.mark.django_db

GROWN = ACME + "X,Audit,F,Leeds\n"


def upload(client: Client, org: Org, text: str = GROWN, **extra: str) -> Any:
    """Upload `text`; the worker's read (queued once the request commits) runs in-process."""
    file = SimpleUploadedFile("chart.csv", text.encode(), content_type="text/csv")
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(
            reverse("import_upload", args=[org.workspace.slug]), {"file": file, **extra}
        )


def a_job(org: Org, people: People, text: str = GROWN) -> ImportJob:
    job, _ = create_job(org.workspace, text.encode(), "chart.csv", people.admin)
    return job


def urls(org: Org, job: ImportJob) -> list[str]:
    slug = org.workspace.slug
    return [
        reverse("import_list", args=[slug]),
        reverse("import_upload", args=[slug]),
        reverse("import_preview", args=[slug, job.pk]),
        reverse("import_job", args=[slug, job.pk]),
        reverse("unit_side", args=[slug, org.sales.pk]),
    ]


def test_an_upload_is_previewed_and_nothing_changes(org: Org, people: People) -> None:
    response = upload(client_for(people.admin), org)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("import_preview", args=["acme", job.pk])
    assert job.status == ImportStatus.PREVIEWED and job.created_by == people.admin
    assert job.counts["created"] == 1 and job.counts["unchanged"] == 6
    assert not OrgUnit.objects.filter(code="X").exists()
    page = client_for(people.admin).get(response["Location"])
    assert b"Audit" in page.content and b"Apply this import" in page.content


def test_the_preview_lists_rejected_rows_with_their_reasons(org: Org, people: People) -> None:
    job = a_job(org, people, ACME + ",No id,G,\n")
    page = client_for(people.admin).get(reverse("import_preview", args=["acme", job.pk]))
    assert b"The row has no id in column" in page.content
    assert page.context["job"].counts["rejected"] == 1


def test_an_oversized_upload_is_refused_with_the_limit(
    org: Org, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("touchpoints.forms.imports.MAX_UPLOAD_BYTES", 10)
    response = upload(client_for(people.admin), org)
    assert response.status_code == 200 and b"the limit is" in response.content
    assert not ImportJob.objects.exists()


def test_a_mapping_given_at_upload_is_used_and_remembered(org: Org, people: People) -> None:
    text = "Unit,Title,Boss\nG,Group,\nS,Sales,G\n"
    upload(client_for(people.admin), org, text, mapping="code=Unit\nname=Title\nparent=Boss")
    job = ImportJob.objects.get()
    assert job.preview["mapping"] == {"code": "Unit", "name": "Title", "parent": "Boss"}
    org.workspace.refresh_from_db()
    assert org.workspace.settings["import_mapping"]["parent"] == "Boss"


def test_a_malformed_mapping_is_shown_on_the_form(org: Org, people: People) -> None:
    response = upload(client_for(people.admin), org, mapping="boss is Boss")
    assert b"is not FIELD=COLUMN" in response.content and not ImportJob.objects.exists()


def test_remapping_previews_again_and_is_remembered_for_the_next_upload(
    org: Org, people: People
) -> None:
    text = "Code,Label,Up,Other\nP,Group,,x\nQ,Sales,P,y\n"
    job = a_job(org, people, text)
    url = reverse("import_preview", args=["acme", job.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):  # the worker reads it again
        response = htmx_client_for(people.admin).post(url, {"name": "Other", "code": "Code"})
    assert b"<html" not in response.content and b'id="preview"' in response.content
    job.refresh_from_db()
    assert job.mapping == {"code": "Code", "name": "Other"}
    assert job.preview["tables"]["created"][0]["name"] == "x"
    org.workspace.refresh_from_db()
    second = a_job(org, people, text)
    assert second.mapping == {"code": "Code", "name": "Other"}


def test_a_remembered_mapping_naming_absent_columns_falls_back_to_detection(
    org: Org, people: People
) -> None:
    org.workspace.settings = {"import_mapping": {"name": "Gone"}}
    org.workspace.save()
    job = a_job(org, people)
    assert job.preview["applicable"] and job.mapping == {}


def test_apply_runs_the_import_and_the_job_page_shows_the_outcome(
    org: Org, people: People, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    job = a_job(org, people)
    client = client_for(people.admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("import_apply", args=["acme", job.pk]))
    assert response["Location"] == reverse("import_job", args=["acme", job.pk])
    job.refresh_from_db()
    assert job.status == ImportStatus.APPLIED and job.progress == 100
    assert OrgUnit.objects.get(code="X").parent == org.finance
    page = client.get(response["Location"])
    assert b"every 1s" not in page.content
    assert reverse("orgunit_list", args=["acme"]).encode() in page.content


def test_a_running_job_polls_every_second_and_a_finished_one_stops(
    org: Org, people: People
) -> None:
    job = a_job(org, people)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, progress=40)
    fragment = htmx_client_for(people.admin).get(reverse("import_job", args=["acme", job.pk]))
    assert b"<html" not in fragment.content
    assert b'hx-trigger="every 1s"' in fragment.content and b'value="40"' in fragment.content
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.APPLIED, progress=100)
    fragment = htmx_client_for(people.admin).get(reverse("import_job", args=["acme", job.pk]))
    assert b"every 1s" not in fragment.content


def test_the_job_page_shows_a_job_lost_with_its_worker_as_failed_and_stops_polling(
    org: Org, people: People
) -> None:
    job = a_job(org, people)
    long_ago = timezone.now() - STUCK_AFTER - timedelta(minutes=1)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, started_at=long_ago)
    fragment = htmx_client_for(people.admin).get(reverse("import_job", args=["acme", job.pk]))
    assert b"did not finish in time" in fragment.content and b"every 1s" not in fragment.content


def test_a_file_that_cannot_be_applied_is_not_queued(org: Org, people: People) -> None:
    job = a_job(org, people, "id,name,parent_id\n,x,\n")
    response = client_for(people.admin).post(reverse("import_apply", args=["acme", job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED
    assert OrgUnit.objects.filter(workspace=org.workspace, is_active=True).count() == 6


def test_when_redis_is_down_the_job_stays_previewed_with_a_clear_message(
    org: Org, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr("touchpoints.tasks.run_import.delay_on_commit", refuse)
    job = a_job(org, people)
    client = client_for(people.admin)
    response = client.post(reverse("import_apply", args=["acme", job.pk]), follow=True)
    assert b"cannot be reached" in response.content
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED


def test_the_history_lists_this_workspace_only(
    org: Org, other_org: Org, people: People, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    a_job(org, people)
    create_job(other_org.workspace, b"id,name\nQ,Other\n", "theirs.csv", None)
    client = client_for(people.admin)
    with django_assert_max_num_queries(8) as few:
        response = client.get(reverse("import_list", args=["acme"]))
    assert [job.filename for job in response.context["jobs"]] == ["chart.csv"]
    for _ in range(5):
        a_job(org, people)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("import_list", args=["acme"]))
    fragment = htmx_client_for(people.admin).get(reverse("import_list", args=["acme"]))
    assert b"<html" not in fragment.content and b'id="history"' in fragment.content


def test_an_admin_marks_a_branch_it_and_the_units_below_follow(org: Org, people: People) -> None:
    child = OrgUnit.objects.create(workspace=org.workspace, code="SX", name="Ops", parent=org.sales)
    url = reverse("unit_side", args=["acme", org.sales.pk])
    response = htmx_client_for(people.admin).post(url, {"side_mark": Side.IT})
    assert response["HX-Redirect"] == reverse("orgunit_list", args=["acme"])
    child.refresh_from_db()
    assert child.side == Side.IT
    client_for(people.admin).post(url, {"side_mark": ""})
    child.refresh_from_db()
    assert child.side == Side.BUSINESS


def test_a_side_mark_that_is_not_a_choice_is_refused_with_its_error_shown(
    org: Org, people: People
) -> None:
    url = reverse("unit_side", args=["acme", org.sales.pk])
    fragment = htmx_client_for(people.admin).post(url, {"side_mark": "purple"})
    assert b"<html" not in fragment.content and b"purple is not one of" in fragment.content
    org.sales.refresh_from_db()
    assert org.sales.side_mark == ""


def test_the_org_tree_offers_side_marks_and_imports_to_admins_only(
    org: Org, people: People
) -> None:
    url = reverse("orgunit_list", args=["acme"])
    assert b"mark-side" in client_for(people.admin).get(url).content
    assert b"mark-side" not in client_for(people.viewer).get(url).content
    home = client_for(people.admin).get(url).content
    assert reverse("import_list", args=["acme"]).encode() in home
    assert (
        reverse("import_list", args=["acme"]).encode()
        not in client_for(people.manager).get(url).content
    )


@pytest.mark.parametrize("role", ["facilitator", "manager", "viewer"])
def test_other_roles_are_forbidden(org: Org, people: People, role: str) -> None:
    job = a_job(org, people)
    client = client_for(getattr(people, role))
    for url in urls(org, job):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("import_apply", args=["acme", job.pk])).status_code == 403


def test_outsiders_get_404_and_anonymous_users_the_login_page(org: Org, people: People) -> None:
    job = a_job(org, people)
    for url in [*urls(org, job), reverse("import_apply", args=["acme", job.pk])]:
        assert client_for(people.outsider).get(url).status_code in (404, 405), url
        response = client_for(None).get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


def test_a_job_of_another_workspace_is_404_for_its_admin(
    org: Org, other_org: Org, people: People
) -> None:
    theirs, _ = create_job(other_org.workspace, b"id,name\nQ,Other\n", "theirs.csv", None)
    url = reverse("import_job", args=["acme", theirs.pk])
    assert client_for(people.admin).get(url).status_code == 404


def test_every_page_renders_for_an_admin_with_its_fragment(org: Org, people: People) -> None:
    job = a_job(org, people)
    for url in urls(org, job):
        assert client_for(people.admin).get(url).status_code == 200, url
        fragment = htmx_client_for(people.admin).get(url)
        assert fragment.status_code == 200 and b"<html" not in fragment.content, url
