"""A real worker on Redis runs an import to the end."""

from __future__ import annotations

import pytest

from convergence.models import Workspace
from tests.touchpoints.test_import_plan import ACME
from tests.worker import celery_worker, wait_until
from touchpoints.importing import create_job
from touchpoints.models import ImportJob, ImportStatus, OrgUnit
from touchpoints.tasks import enqueue_import

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_worker_applies_a_queued_import() -> None:
    workspace = Workspace.objects.create(slug="worked", name="Worked")
    job, _ = create_job(workspace, ACME.encode(), "chart.csv", None)
    with celery_worker(["touchpoints.tasks.run_import"]):
        assert enqueue_import(job.pk)
        assert wait_until(lambda: ImportJob.objects.get(pk=job.pk).is_finished)
    job.refresh_from_db()
    assert (job.status, job.progress, job.error) == (ImportStatus.APPLIED, 100, "")
    assert OrgUnit.objects.filter(workspace=workspace, is_active=True).count() == 6
    assert OrgUnit.objects.get(workspace=workspace, code="A").depth == 1
