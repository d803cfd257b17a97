"""Meetings read from calendar exports, their import jobs, and the touch points they suggest.

Only meetings that join a business unit and an IT team are kept, and only their metadata: the
organizer and attendees are rows of the people directory (never copies of names or e-mails), so
erasing a person (touchpoints.people) leaves nothing of them here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from convergence.models import Workspace
from touchpoints.models.channels import Channel
from touchpoints.models.job_rows import BackgroundJob
from touchpoints.models.people import Person
from touchpoints.models.touchpoints import Frequency, Level, TouchPoint
from touchpoints.models.units import OrgUnit


class MeetingImportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class TitlePolicy(models.TextChoices):
    KEEP = "keep", "Keep the titles"
    # A short digest: meetings of one title still group, nobody can read it.
    HASH = "hash", "Keep a hash of each title"
    DROP = "drop", "Drop the titles"


def default_time_zone() -> str:
    """The server's zone (settings.TIME_ZONE): what an upload's times mean unless it says."""
    return str(settings.TIME_ZONE)


class MeetingImport(BackgroundJob):
    """One upload of calendar files (.ics, a zip of them, Outlook CSV), read by the worker."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="meeting_imports"
    )
    # The upload's file names, for the history ("team.ics, board.ics").
    filenames = models.CharField(max_length=1000)
    since = models.DateField()
    until = models.DateField()
    title_policy = models.CharField(
        max_length=4, choices=TitlePolicy.choices, default=TitlePolicy.KEEP
    )
    # The zoneinfo name of the times the files give without one (floating .ics times, every
    # Outlook CSV time) and of the window's dates.
    time_zone = models.CharField(max_length=64, default=default_time_zone)
    status = models.CharField(
        max_length=10, choices=MeetingImportStatus.choices, default=MeetingImportStatus.QUEUED
    )
    # SkipReport.as_dict(): {"unknown attendee": {"count": 12, "examples": ["x@y.org", ...]}}
    skipped = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MeetingImportStatus.values),
                name="meetingimport_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(title_policy__in=TitlePolicy.values),
                name="meetingimport_title_policy_valid",
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100),
                name="meetingimport_progress_0_to_100",
            ),
            models.CheckConstraint(
                condition=Q(since__lte=models.F("until")), name="meetingimport_window_ordered"
            ),
        ]
        indexes = [
            # The history page lists one workspace's imports, newest first.
            models.Index(fields=["workspace", "-created_at"], name="meetingimport_history_idx"),
            # The sweep looks for running and queued jobs.
            models.Index(fields=["status", "started_at"], name="meetingimport_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Meeting import #{self.pk} ({self.status})"

    @property
    def is_in_progress(self) -> bool:
        return self.status in (MeetingImportStatus.QUEUED, MeetingImportStatus.RUNNING)

    @property
    def is_finished(self) -> bool:
        return self.status in (MeetingImportStatus.DONE, MeetingImportStatus.FAILED)


class MeetingImportFile(models.Model):
    """One uploaded file of an import; its bytes stay until the job is done, then go."""

    job = models.ForeignKey(MeetingImport, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=255)
    data = models.BinaryField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    """One occurrence of a meeting that joined a business unit and an IT team: metadata only."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="meetings")
    job = models.ForeignKey(
        MeetingImport, null=True, on_delete=models.SET_NULL, related_name="meetings"
    )
    uid = models.CharField(max_length=500)
    start = models.DateTimeField()
    duration = models.DurationField()
    recurrence = models.CharField(max_length=500, blank=True)
    # Per the import's title policy: the title kept, or a digest of it (meetings of one title
    # still group, nobody reads it), or neither.
    title = models.CharField(max_length=300, blank=True)
    title_digest = models.CharField(max_length=16, blank=True)
    # Read from the title and the size at import time, when the title was still there.
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    organizer = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attendees = models.ManyToManyField(Person, through="MeetingAttendee", related_name="meetings")
    # Everyone invited, the people the directory does not know included (only counted).
    attendee_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["start", "pk"]
        constraints = [
            # A re-import of the same files recognises each occurrence and adds nothing.
            models.UniqueConstraint(
                fields=["workspace", "uid", "start"], name="meeting_unique_occurrence"
            ),
        ]

    def __str__(self) -> str:
        return f"Meeting {self.uid} at {self.start:%Y-%m-%d %H:%M}"


class MeetingAttendee(models.Model):
    """A person of the directory at a meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"], name="meetingattendee_once_per_meeting"
            ),
        ]
        indexes = [
            # Erasing a person finds their meetings.
            models.Index(fields=["person"], name="meetingattendee_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} at {self.meeting_id}"


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    MERGED = "merged", "Merged"
    REJECTED = "rejected", "Rejected"


CONFIRMED = (SuggestionStatus.ACCEPTED, SuggestionStatus.MERGED)


class Suggestion(models.Model):
    """The meetings' evidence for one business unit, IT team and level, until it is reviewed."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="touchpoint_suggestions"
    )
    business_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    it_team = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=12, choices=Level.choices)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meeting_count = models.PositiveIntegerField()
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    # The median days between two meetings (null for a single one).
    cadence_days = models.FloatField(null=True, blank=True)
    recurring = models.BooleanField(default=False)
    business_people = models.PositiveIntegerField()
    it_people = models.PositiveIntegerField()
    # A few kept titles (none when the imports hashed or dropped them).
    example_titles = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.PENDING
    )
    touch_point = models.ForeignKey(
        TouchPoint, null=True, blank=True, on_delete=models.SET_NULL, related_name="suggestions"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["business_unit__name", "it_team__name", "level", "pk"]
        constraints = [
            # Re-imports update the evidence of a key and never add a second row (nor undo a
            # rejection: the status is kept).
            models.UniqueConstraint(
                fields=["workspace", "business_unit", "it_team", "level"],
                name="suggestion_unique_pair_level",
            ),
            models.CheckConstraint(
                condition=Q(status__in=SuggestionStatus.values), name="suggestion_status_valid"
            ),
            models.CheckConstraint(condition=Q(level__in=Level.values), name="suggestion_level"),
            models.CheckConstraint(
                condition=Q(frequency__in=Frequency.values), name="suggestion_frequency"
            ),
        ]
        indexes = [
            # The review queue lists one workspace's suggestions of one status.
            models.Index(fields=["workspace", "status"], name="suggestion_queue_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.business_unit} ↔ {self.it_team} ({self.get_level_display()}, suggested)"
