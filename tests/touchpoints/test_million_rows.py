"""A real million-row chart imports through the web: the requests answer at once, a worker
capped in memory reads and applies it. Minutes of work, so run on demand:

    MILLION_ROW_TEST=1 .venv/bin/pytest tests/touchpoints/test_million_rows.py
"""

from __future__ import annotations

import os
import time
import uuid

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from convergence.celery import app as celery_app
from convergence.models import Workspace
from tests.conftest import client_for
from tests.worker import ready, start_worker, stop, wait_until
from touchpoints.models import ImportJob, ImportStatus, OrgUnit

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("MILLION_ROW_TEST"), reason="MILLION_ROW_TEST=1"),
]

PEOPLE = 1_000_000
DEPARTMENTS = 2_000
WORKER_MEMORY = 3 * 2**30


def million_people() -> bytes:
    """id, manager, department: each department's head reports to its parent's head."""
    lines = ["id,manager_id,department_id\n"]
    for person in range(PEOPLE):
        department = person % DEPARTMENTS
        if person < DEPARTMENTS:
            manager = "" if person == 0 else f"{(department - 1) // 8:x}"
        else:
            manager = f"{department:x}"
        lines.append(f"{person:x},{manager},D{department}\n")
    return "".join(lines).encode()


def test_a_million_row_chart_imports_through_the_web(db: None) -> None:
    admin = User.objects.create_user("million-admin", password="x")
    workspace = Workspace.objects.create_for(admin.pk, "Million", "million")
    data = million_people()
    assert len(data) < 20 * 2**20
    queue = f"million-{uuid.uuid4().hex[:6]}"
    celery_app.conf.update(
        task_always_eager=False,
        task_routes={
            "touchpoints.tasks.preview_import": {"queue": queue},
            "touchpoints.tasks.run_import": {"queue": queue},
        },
    )
    worker = start_worker(queue, memory_bytes=WORKER_MEMORY)
    try:
        assert ready(queue)
        client = client_for(admin)
        started = time.monotonic()
        file = SimpleUploadedFile("people.csv", data, content_type="text/csv")
        response = client.post(reverse("import_upload", args=["million"]), {"file": file})
        upload_seconds = time.monotonic() - started
        job = ImportJob.objects.get()
        # The request stores 14 MB and queues it, reading nothing (seconds even on a busy box).
        assert response.status_code == 302 and upload_seconds < 30
        print(f"upload request {upload_seconds:.1f} s")
        assert wait_until(lambda: not ImportJob.objects.get(pk=job.pk).is_reading, 900)
        job.refresh_from_db()
        print(f"read and previewed {time.monotonic() - started:.0f} s after the upload")
        assert job.status == ImportStatus.PREVIEWED, job.error
        assert job.preview["source_rows"] == PEOPLE and job.preview["units"] == DEPARTMENTS
        client.post(reverse("import_apply", args=["million", job.pk]))
        assert wait_until(lambda: ImportJob.objects.get(pk=job.pk).is_finished, 900)
        job.refresh_from_db()
        print(f"applied {time.monotonic() - started:.0f} s after the upload")
        assert job.status == ImportStatus.APPLIED, job.error
        assert OrgUnit.objects.filter(workspace=workspace, code="D1999").exists()
        assert worker.poll() is None, "the worker died"
    finally:
        stop(worker)
