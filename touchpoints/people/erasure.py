"""Erasing a person: their name, e-mail and source id gone, the row kept so counts stay.

`erase_person` is the one place an erasure happens; what else holds a person's personal data
is blanked here too, in the same transaction, so an erasure is complete or not done at all.
Meetings name attendees by the Person row, so they lose the name with it. The files that named
the person are dropped from the jobs that no longer need them (applied org-chart imports,
finished people uploads), with the first values the preview showed and the problem lines that
mention them. An import or upload still waiting keeps its file until it runs.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from convergence import audit
from touchpoints.meetings.erasure import forget_in_meetings
from touchpoints.models import (
    ImportJob,
    ImportStatus,
    PeopleUpload,
    PeopleUploadStatus,
    Person,
)


@transaction.atomic
def erase_person(person: Person, actor: User | None) -> None:
    """Blank the person's name, e-mail and external id and stamp erased_at; safe to repeat."""
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if locked.is_erased:
        return
    forget_in_meetings(locked.workspace_id, locked.name, locked.email)
    mentions = [locked.name, locked.email, f"'{locked.external_id}'"]
    locked.name = locked.email = locked.external_id = ""
    locked.erased_at = timezone.now()
    locked.save(update_fields=["name", "email", "external_id", "erased_at", "updated_at"])
    forget_files(locked.workspace_id, mentions)
    audit.record(
        workspace=locked.workspace,
        actor=actor,
        action="person.erased",
        target=f"Person {locked.pk}",
        before={"person": locked.pk},
        after={"person": locked.pk, "erased": True},
    )
    person.refresh_from_db()


def forget_files(workspace_id: int, mentions: list[str]) -> None:
    """Drop the stored files of finished jobs, and their lines that mention the person."""
    said = [mention.casefold() for mention in mentions if mention.strip("' ")]
    finished = [PeopleUploadStatus.DONE, PeopleUploadStatus.FAILED]
    for upload in PeopleUpload.objects.filter(workspace_id=workspace_id, status__in=finished):
        upload.data, upload.problems = b"", unmentioned(upload.problems, said)
        upload.save(update_fields=["data", "problems"])
    applied = ImportJob.objects.filter(workspace_id=workspace_id, status=ImportStatus.APPLIED)
    for job in applied.only("pk", "problems", "preview"):
        job.data, job.problems = b"", unmentioned(job.problems, said)
        job.preview = {**job.preview, "samples": {}}
        job.save(update_fields=["data", "problems", "preview"])


def unmentioned(problems: list[dict[str, Any]], said: list[str]) -> list[dict[str, Any]]:
    return [p for p in problems if not any(m in str(p.get("message", "")).casefold() for m in said)]
