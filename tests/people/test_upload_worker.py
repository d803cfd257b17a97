"""A real worker on Redis keeps a people upload to the end."""

from __future__ import annotations

import pytest

from convergence.models import Workspace
from tests.worker import celery_worker, wait_until
from touchpoints.models import OrgUnit, PeopleUpload, PeopleUploadStatus, Person
from touchpoints.people.tasks import enqueue_people_upload
from touchpoints.people.uploads import store_people_upload

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_keeps_a_queued_upload() -> None:
    workspace = Workspace.objects.create(slug="worked", name="Worked")
    OrgUnit.objects.create(workspace=workspace, code="S", name="Sales")
    text = "email,name,unit\nann@x.example,Ann,S\nbo@x.example,Bo,S\n"
    upload = store_people_upload(workspace, text.encode(), "people.csv", None)
    with celery_worker(["touchpoints.people.tasks.keep_uploaded_people"]):
        enqueue_people_upload(upload.pk)
        assert wait_until(lambda: not PeopleUpload.objects.get(pk=upload.pk).is_in_progress)
    upload.refresh_from_db()
    assert (upload.status, upload.progress, upload.error) == (PeopleUploadStatus.DONE, 100, "")
    assert Person.objects.filter(workspace=workspace, unit__code="S").count() == 2
