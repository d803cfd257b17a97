"""People uploads end to end: store the file, keep its people in a worker, say what happened.

The worker (touchpoints.people.tasks.keep_uploaded_people) checks every row first; an upload
with any error keeps nobody and fails with the rows' messages, and one without keeps everyone
in one transaction, audited.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from convergence import audit
from convergence.models import Workspace
from touchpoints.importing.plan import printable
from touchpoints.models import OrgUnit, PeopleUpload, PeopleUploadStatus, PersonSource
from touchpoints.people.keeping import keep_people
from touchpoints.people.upload import CheckedUpload, check_upload

STORED_PROBLEMS = 1000


def store_people_upload(
    workspace: Workspace, data: bytes, filename: str, user: Any
) -> PeopleUpload:
    """Store an upload, unread, for the worker."""
    return PeopleUpload.objects.create(
        workspace=workspace,
        data=data,
        filename=printable(filename)[:255] or "upload",
        step="Waiting for a worker",
        created_by=user,
        queued_at=timezone.now(),
    )


def keep_upload(upload: PeopleUpload) -> CheckedUpload:
    """Check the upload's file and, when no row is wrong, keep its people (all or none).

    Imports and uploads of one workspace run one at a time: the workspace row is locked.
    """
    with transaction.atomic():
        Workspace.objects.select_for_update().filter(pk=upload.workspace_id).first()
        codes = OrgUnit.objects.filter(workspace_id=upload.workspace_id).values_list(
            "code", flat=True
        )
        checked = check_upload(bytes(upload.data), upload.filename, set(codes))
        if checked.refusal:
            return checked
        kept = keep_people(upload.workspace_id, checked.people, PersonSource.UPLOAD)
        counts = {"rows": checked.rows, **kept.as_counts()}
        PeopleUpload.objects.filter(pk=upload.pk).update(counts=counts)
        audit.record(
            workspace=upload.workspace,
            actor=upload.created_by,
            action="people.uploaded",
            target=f"#{upload.pk} {upload.filename}",
            after=counts,
        )
    return checked


def problems_of(checked: CheckedUpload) -> list[dict[str, object]]:
    return [
        {"row": p.row, "severity": p.severity, "message": printable(p.message)}
        for p in checked.problems[:STORED_PROBLEMS]
    ]


def requeue(upload: PeopleUpload) -> bool:
    """Put a failed upload back on the queue; False when it is not failed."""
    return bool(
        PeopleUpload.objects.filter(pk=upload.pk, status=PeopleUploadStatus.FAILED).update(
            status=PeopleUploadStatus.QUEUED,
            progress=0,
            step="Waiting for a worker",
            error="",
            problems=[],
            heartbeat_at=None,
            queued_at=timezone.now(),
        )
    )
