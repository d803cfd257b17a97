"""The people directory: who works in which unit, read from org charts and people uploads.

People are personal data. They are never shown outside their workspace, and an admin can erase
one: the row stays (so meeting counts and suggestion evidence keep their numbers) but the name,
e-mail and source id are blanked and `erased_at` is set.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from convergence.models import Workspace
from touchpoints.models.job_rows import BackgroundJob
from touchpoints.models.units import OrgUnit


class PersonSource(models.TextChoices):
    ORGCHART = "orgchart", "Org-chart import"
    UPLOAD = "upload", "People upload"


class PersonQuerySet(models.QuerySet["Person"]):
    def present(self) -> PersonQuerySet:
        """People not erased."""
        return self.filter(erased_at__isnull=True)


class Person(models.Model):
    """One person of the organisation; calendars name them by e-mail."""

    # Both references are checked by triggers (migration 0022), not by foreign-key constraints:
    # a constraint checks each row on its own (a 50,000-person import spent a third of a second
    # at commit on 100,000 lookups), the triggers check a whole statement's rows in one query
    # and also refuse a unit of another workspace.
    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="people", db_constraint=False
    )
    unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
        db_constraint=False,
    )
    # The person's id in the source file (employee number), when it has one.
    external_id = models.CharField(max_length=200, blank=True)
    name = models.CharField(max_length=300, blank=True)
    # Stored lower-cased: calendars and HR files spell the same address in different cases.
    email = models.CharField(max_length=254, blank=True)
    title = models.CharField(max_length=300, blank=True)
    grade = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=20, choices=PersonSource.choices)
    erased_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        # No (workspace, unit) index: the foreign keys' own indexes serve the people of a
        # workspace and of a unit, and every index is maintained by each import's COPY (a
        # second one cost a 50,000-person import a fifth of a second).
        constraints = [
            # Meetings find people by e-mail, so an address names one person per workspace.
            models.UniqueConstraint(
                fields=["workspace", "email"],
                condition=~Q(email=""),
                name="person_unique_email_per_workspace",
            ),
            models.CheckConstraint(
                condition=Q(email=models.functions.Lower("email")), name="person_email_lowercase"
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.email or f"Person {self.pk}"

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None


class PeopleUploadStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for a worker"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class PeopleUpload(BackgroundJob):
    """One upload of a people file (e-mail, name, unit code), checked and kept by a worker."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="people_uploads"
    )
    # The bytes themselves: the worker reads them, and a retry reads them again.
    data = models.BinaryField()
    filename = models.CharField(max_length=255)
    status = models.CharField(
        max_length=10, choices=PeopleUploadStatus.choices, default=PeopleUploadStatus.QUEUED
    )
    # [{"row": 7, "severity": "error", "message": "..."}]: any error and nothing was kept.
    problems = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # sweep_stuck_people_uploads looks for running and queued uploads.
            models.Index(fields=["status", "started_at"], name="peopleupload_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PeopleUploadStatus.values),
                name="peopleupload_status_valid",
            ),
            # The progress bar is a percentage.
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="peopleupload_progress_0_to_100",
            ),
        ]

    def __str__(self) -> str:
        return f"People upload #{self.pk} ({self.filename}, {self.status})"

    @property
    def is_in_progress(self) -> bool:
        return self.status in (PeopleUploadStatus.QUEUED, PeopleUploadStatus.RUNNING)
