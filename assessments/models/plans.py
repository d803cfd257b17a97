"""Climbing the slope: targets a unit should reach, and the actions of the plan.

An action's "done" is derived from its touch points' state (DESIGN.md): touchpoints never calls
back into assessments; the plan reads the map.
"""

from __future__ import annotations

import datetime
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q

from assessments.models.assessments import Band
from assessments.slope import tables
from convergence.models import Workspace
from touchpoints.models import OrgUnit, State, TouchPoint

BAND_EDGES: dict[str, float] = {name: float(edge) for name, edge in tables.BANDS}
BAND_ORDER: list[str] = [name for name, _ in tables.BANDS]


class Target(models.Model):
    """A band or score a unit (or the whole workspace) should reach by a date."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="targets")
    # None: the whole workspace. Units are retired, never deleted; a target goes with its unit.
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="targets"
    )
    band = models.CharField(max_length=20, choices=Band.choices, blank=True)
    score = models.FloatField(null=True, blank=True)
    due = models.DateField()
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(band="") | Q(score__isnull=False), name="target_band_or_score"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=100),
                name="target_score_0_to_100",
            ),
            models.CheckConstraint(
                condition=Q(band__in=[*Band.values, ""]), name="target_band_valid"
            ),
        ]
        indexes = [
            # The dashboard, the roll-up and the unit page read the targets of a set of units.
            models.Index(fields=["workspace", "unit", "due"], name="target_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.scope_name} at {self.goal} by {self.due:%d %B %Y}"

    @property
    def scope_name(self) -> str:
        return self.unit.name if self.unit else str(self.workspace)

    @property
    def goal(self) -> str:
        """ "Convergence" or "75.0" (or both: "Convergence and 75.0")."""
        parts = [self.band] if self.band else []
        if self.score is not None:
            parts.append(f"{self.score:.1f}")
        return " and ".join(parts)

    @property
    def goal_score(self) -> float:
        """The lowest score that reaches the target: its score, or its band's lower edge."""
        edge = BAND_EDGES[self.band] if self.band else 0.0
        return max(edge, self.score if self.score is not None else 0.0)

    def is_reached(self, score: float | Fraction, band: str) -> bool:
        band_ok = not self.band or BAND_ORDER.index(band) >= BAND_ORDER.index(self.band)
        return band_ok and (self.score is None or float(score) >= self.score)

    def distance(self, score: float | Fraction) -> float:
        """Points to go to the goal score (0 once there); a band target may still wait on a cap."""
        return max(0.0, self.goal_score - float(score))


class ActionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class ActionQuerySet(models.QuerySet["Action"]):
    def with_progress(self) -> ActionQuerySet:
        """Annotate how many desired touch points the action has and how many are realised: now
        current, or their pair has a current touch point at their level (SLOPE.md: "already
        realised"), as a workshop or the list may record it as a touch point of its own."""
        realised_elsewhere = TouchPoint.objects.filter(
            state=State.CURRENT,
            business_unit=OuterRef("touch_points__business_unit"),
            it_team=OuterRef("touch_points__it_team"),
            level=OuterRef("touch_points__level"),
        )
        return self.annotate(
            touchpoint_total=Count("touch_points", distinct=True),
            touchpoint_current=Count(
                "touch_points",
                filter=Q(touch_points__state=State.CURRENT) | Q(Exists(realised_elsewhere)),
                distinct=True,
            ),
        )

    def open(self) -> ActionQuerySet:
        """Not dropped, not marked done and not all its touch points realised."""
        return (
            self.with_progress()
            .exclude(status__in=[ActionStatus.DONE, ActionStatus.DROPPED])
            # django-stubs cannot see annotations in a lookup.
            .exclude(touchpoint_total__gt=0, touchpoint_current=models.F("touchpoint_total"))  # type: ignore[misc]  # annotated by with_progress()
        )


class Action(models.Model):
    """A step of the plan: what to do, who, by when, and the desired touch points it creates."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actions",
    )
    due = models.DateField(null=True, blank=True)
    # What people set; status_now adds what the touch points say (done once all are current).
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    target = models.ForeignKey(
        Target, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    # The unit the action is for (the gap's unit, or one chosen); the plan filters on it.
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    touch_points = models.ManyToManyField(TouchPoint, blank=True, related_name="actions")
    # The gap it addresses, as the gap report keys a gap; carried over to later reports.
    gap_rule = models.CharField(max_length=10, blank=True)
    gap_subject = models.CharField(max_length=400, blank=True)
    gap_business_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    gap_it_team = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    gap_level = models.CharField(max_length=12, blank=True)
    gap_location = models.CharField(max_length=200, blank=True)
    # Bumped on every save; an edit made against an older version is refused, not merged.
    version = models.PositiveIntegerField(default=1)
    reminded_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ActionStatus.values), name="action_status_valid"
            ),
        ]
        indexes = [
            # The plan page lists a workspace's actions by status and due date.
            models.Index(fields=["workspace", "status", "due"], name="action_plan_idx"),
            # The home page and the reminders read one owner's actions.
            models.Index(fields=["owner", "due"], name="action_owner_idx"),
            # Reports look up the actions addressing each gap.
            models.Index(fields=["workspace", "gap_rule"], name="action_gap_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_now(self) -> str:
        """Dropped stays dropped; done when marked so or when every touch point is current; in
        progress when marked so or when some are. Reads with_progress() annotations if there."""
        if self.status == ActionStatus.DROPPED:
            return ActionStatus.DROPPED
        total, current = self.progress
        if self.status == ActionStatus.DONE or (total and current == total):
            return ActionStatus.DONE
        if self.status == ActionStatus.IN_PROGRESS or current:
            return ActionStatus.IN_PROGRESS
        return ActionStatus.PLANNED

    @property
    def owner_name(self) -> str:
        owner = self.owner
        return (owner.get_full_name() or owner.username) if owner else ""

    @property
    def status_label(self) -> str:
        return ActionStatus(self.status_now).label

    @property
    def progress(self) -> tuple[int, int]:
        """(desired touch points, of which realised); see ActionQuerySet.with_progress."""
        total = getattr(self, "touchpoint_total", None)
        current = getattr(self, "touchpoint_current", None)
        if total is None or current is None:
            counted = Action.objects.with_progress().filter(pk=self.pk)
            fields = ("touchpoint_total", "touchpoint_current")
            total, current = counted.values_list(*fields).get()
        return int(total), int(current)

    @property
    def is_open(self) -> bool:
        return self.status_now in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_open and self.due is not None and self.due < today

    def is_due_soon(self, today: datetime.date, days: int) -> bool:
        return (
            self.is_open
            and self.due is not None
            and today <= self.due <= today + datetime.timedelta(days=days)
        )

    def gap_key(self) -> tuple[str, int | None, int | None, str, str]:
        """What identifies the gap it addresses across reports (see gap_key_of)."""
        return (
            self.gap_rule,
            self.gap_business_unit_id,
            self.gap_it_team_id,
            self.gap_level,
            self.gap_location,
        )


class ActionChange(models.Model):
    """One entry of an action's history: who changed what, when."""

    class Kind(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        DELETED = "deleted", "Deleted"

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="+")
    # Kept after the action is deleted, so the history shows the deletion too.
    action = models.ForeignKey(Action, null=True, on_delete=models.SET_NULL, related_name="changes")
    action_label = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # {"field": [old, new]} in display values.
    changes = models.JSONField(default=dict, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.action_label}"
