"""Org-chart import jobs: an uploaded file, its mapping, its preview and its outcome."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from convergence.models import Workspace
from touchpoints.models.job_rows import BackgroundJob


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", "Uploaded"
    PREVIEWED = "previewed", "Previewed"
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    APPLIED = "applied", "Applied"
    FAILED = "failed", "Failed"


FINISHED = (ImportStatus.APPLIED, ImportStatus.FAILED)


class ImportMode(models.TextChoices):
    # What the file does not list is retired: the file is the whole org chart.
    SYNC = "sync", "Full sync"
    # New and changed units only; nothing is retired.
    ADD_UPDATE = "add_update", "Add and update only"


class ImportJob(BackgroundJob):
    """One upload of an org chart, from preview to the applied (or failed) import."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="imports")
    # The bytes themselves: the worker re-reads them, and nothing on disk can go missing.
    data = models.BinaryField()
    filename = models.CharField(max_length=255)
    mapping = models.JSONField(default=dict, blank=True)
    mode = models.CharField(max_length=10, choices=ImportMode.choices, default=ImportMode.SYNC)
    # How many retirements the admin confirmed by typing the number: an import that would
    # retire more (past the guard of importing.plan.needs_confirmation) is refused.
    allowed_retire = models.PositiveIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED
    )
    # [{"row": 7, "severity": "error", "message": "..."}]
    problems = models.JSONField(default=list, blank=True)
    # What the import would do, as shown on the preview page (tables are capped).
    preview = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values), name="importjob_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(mode__in=ImportMode.values), name="importjob_mode_valid"
            ),
            # The progress bar is a percentage.
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="importjob_progress_0_to_100"
            ),
        ]
        indexes = [
            # The history page lists one workspace's jobs, newest first.
            models.Index(fields=["workspace", "-created_at"], name="importjob_history_idx"),
            # sweep_stuck_imports looks for running jobs started too long ago.
            models.Index(fields=["status", "started_at"], name="importjob_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Import #{self.pk} ({self.filename}, {self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def is_in_progress(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.RUNNING)

    @property
    def is_reading(self) -> bool:
        """Uploaded, waiting for the worker to read and preview it (or being read)."""
        return self.status == ImportStatus.UPLOADED

    @property
    def can_apply(self) -> bool:
        return self.status == ImportStatus.PREVIEWED and bool(self.preview.get("applicable"))
