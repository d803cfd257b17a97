"""Touch points: where a business unit and an IT team meet, with ratings and history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from convergence.models import Workspace
from touchpoints.models.channels import Channel
from touchpoints.models.units import OrgUnit, Side


class Level(models.TextChoices):
    STRATEGIC = "strategic", "Strategic"
    TACTICAL = "tactical", "Tactical"
    OPERATIONAL = "operational", "Operational"


class Frequency(models.TextChoices):
    AD_HOC = "ad_hoc", "Ad hoc"
    YEARLY = "yearly", "Yearly"
    QUARTERLY = "quarterly", "Quarterly"
    MONTHLY = "monthly", "Monthly"
    WEEKLY = "weekly", "Weekly"
    DAILY = "daily", "Daily"


class InitiatedBy(models.TextChoices):
    BUSINESS = "business", "Business"
    IT = "it", "IT"
    BOTH = "both", "Both"


class State(models.TextChoices):
    CURRENT = "current", "Current"
    DESIRED = "desired", "Desired"


class TouchPointQuerySet(models.QuerySet["TouchPoint"]):
    def current(self) -> TouchPointQuerySet:
        return self.filter(state=State.CURRENT)

    def desired(self) -> TouchPointQuerySet:
        return self.filter(state=State.DESIRED)

    def with_related(self) -> TouchPointQuerySet:
        return self.select_related("business_unit", "it_team", "channel")


class TouchPoint(models.Model):
    """A business unit and an IT team meeting at one level through one channel.

    The database refuses a touch point whose ends are on the wrong side or in another workspace:
    a cross-table rule no CHECK constraint can express, so migration 0002 installs triggers."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="touchpoints")
    # RESTRICT: units are retired, never deleted, so a touch point never loses its ends
    # (deleting a whole workspace still cascades).
    business_unit = models.ForeignKey(
        OrgUnit, on_delete=models.RESTRICT, related_name="business_touchpoints"
    )
    it_team = models.ForeignKey(
        OrgUnit, on_delete=models.RESTRICT, related_name="it_touchpoints", verbose_name="IT team"
    )
    level = models.CharField(max_length=12, choices=Level.choices)
    # A desired touch point needs only its pair and level; a current one needs the rest.
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.RESTRICT, related_name="touchpoints"
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, blank=True)
    effectiveness = models.PositiveSmallIntegerField(null=True, blank=True)
    initiated_by = models.CharField(
        max_length=10, choices=InitiatedBy.choices, default=InitiatedBy.BOTH
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.CURRENT)
    description = models.TextField(blank=True)
    workshop = models.ForeignKey(
        "touchpoints.Workshop",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="touchpoints",
    )
    # Set when an import retires one of its units: someone should look at it.
    flag = models.CharField(max_length=200, blank=True)
    # Bumped on every save; an edit made against an older version is refused, not merged.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TouchPointQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effectiveness__isnull=True)
                | Q(effectiveness__gte=1, effectiveness__lte=5),
                name="touchpoint_effectiveness_1_to_5",
            ),
            models.CheckConstraint(condition=Q(level__in=Level.values), name="touchpoint_level"),
            models.CheckConstraint(
                condition=Q(frequency__in=[*Frequency.values, ""]), name="touchpoint_frequency"
            ),
            models.CheckConstraint(
                condition=Q(initiated_by__in=InitiatedBy.values), name="touchpoint_initiated_by"
            ),
            models.CheckConstraint(condition=Q(state__in=State.values), name="touchpoint_state"),
            # The slope engine needs a channel and a frequency for every current touch point.
            models.CheckConstraint(
                condition=Q(state=State.DESIRED) | (Q(channel__isnull=False) & ~Q(frequency="")),
                name="touchpoint_current_has_channel_and_frequency",
            ),
            models.CheckConstraint(
                condition=~Q(business_unit=models.F("it_team")),
                name="touchpoint_two_different_units",
            ),
        ]
        indexes = [
            # The list view filters by workspace and orders by recency.
            models.Index(fields=["workspace", "-updated_at"], name="touchpoint_recent_idx"),
            # Boards and assessments fetch the touch points of one pair or one state.
            models.Index(
                fields=["workspace", "state", "business_unit", "it_team"],
                name="touchpoint_pair_idx",
            ),
            # Gap changes read the touch points added between two assessments.
            models.Index(fields=["workspace", "created_at"], name="touchpoint_created_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.business_unit} ↔ {self.it_team} ({self.get_level_display()})"


class TouchPointChange(models.Model):
    """One entry of a touch point's history: who changed what, when."""

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        DELETED = "deleted", "Deleted"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    # Kept after the touch point is deleted, so the history shows the deletion too.
    touch_point = models.ForeignKey(
        TouchPoint, null=True, on_delete=models.SET_NULL, related_name="changes"
    )
    touch_point_label = models.CharField(max_length=400)
    action = models.CharField(max_length=10, choices=Action.choices)
    # {"field": [old, new]} in display values.
    changes = models.JSONField(default=dict, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.touch_point_label}"


class EffectivenessRating(models.Model):
    """One person's 1-5 vote on a touch point, tagged with the side they speak for."""

    touch_point = models.ForeignKey(TouchPoint, on_delete=models.CASCADE, related_name="ratings")
    score = models.PositiveSmallIntegerField()
    side = models.CharField(max_length=10, choices=Side.choices)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    participant = models.ForeignKey(
        "touchpoints.Participant",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ratings",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"
            ),
            models.CheckConstraint(condition=Q(side__in=Side.values), name="rating_side_valid"),
            # A workshop participant has one vote per touch point; rating again replaces it.
            models.UniqueConstraint(
                fields=["participant", "touch_point"],
                condition=Q(participant__isnull=False),
                name="rating_one_per_participant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.score}/5 ({self.side}) on {self.touch_point_id}"
