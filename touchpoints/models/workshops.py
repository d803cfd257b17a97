"""Workshops: a facilitator's board of business units against IT teams, and who joined."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from convergence.models import Workspace
from touchpoints.models.channels import Channel
from touchpoints.models.touchpoints import Frequency, Level, State
from touchpoints.models.units import OrgUnit, Side

# No 0/O or 1/I/L: codes are read aloud and typed on phones.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(8))


class WorkshopStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    # The join link works before the session: participants propose and rate ahead.
    COLLECTING = "collecting", "Collecting input"
    LIVE = "live", "Live"
    CLOSED = "closed", "Closed"


class WorkshopPhase(models.TextChoices):
    CAPTURE = "capture", "Capture"
    RATE = "rate", "Rate"
    REVIEW = "review", "Review gaps"
    CLOSED = "closed", "Closed"


class Workshop(models.Model):
    """A session where business and IT people map their touch points together."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(max_length=200)
    date = models.DateField()
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    business_units = models.ManyToManyField(OrgUnit, related_name="+", blank=True)
    it_teams = models.ManyToManyField(OrgUnit, related_name="+", blank=True)
    status = models.CharField(
        max_length=10, choices=WorkshopStatus.choices, default=WorkshopStatus.DRAFT
    )
    join_code = models.CharField(max_length=12, unique=True, default=new_join_code)
    phase = models.CharField(
        max_length=10, choices=WorkshopPhase.choices, default=WorkshopPhase.CAPTURE
    )
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    ratings_revealed = models.BooleanField(default=False)
    # Locked: participants may look but not propose or rate.
    locked = models.BooleanField(default=False)
    # Anonymous: participants' names are shown to nobody but in the facilitator's count, and a
    # side's mean rating shows only once enough people of that side rated.
    anonymous = models.BooleanField(
        default=False,
        help_text="Hide participants' names, and show a side's mean rating only once at least "
        "three people of that side rated.",
    )
    # Bumped (with F()) in the same transaction as every change a board shows: the live
    # board's ETag, so an unchanged poll costs one indexed row read.
    revision = models.PositiveIntegerField(default=1)
    # Recorded when the workshop closes: {"added": n, "changed": n, "rated": n, ...} and the
    # summary the outcome page shows. While live it holds the running record of adopted ratings
    # (see facilitation.adopt_rating) and the scope's score when the session started.
    outcome = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=WorkshopStatus.values), name="workshop_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(phase__in=WorkshopPhase.values), name="workshop_phase_valid"
            ),
        ]
        indexes = [
            # The workshop list splits a workspace's workshops into upcoming and past by date.
            models.Index(fields=["workspace", "date"], name="workshop_date_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_closed(self) -> bool:
        return self.status == WorkshopStatus.CLOSED

    @property
    def is_live(self) -> bool:
        return self.status == WorkshopStatus.LIVE

    @property
    def is_collecting(self) -> bool:
        return self.status == WorkshopStatus.COLLECTING

    @property
    def takes_input(self) -> bool:
        """Participants may send something now (in some phase): collecting, or live unlocked."""
        return (self.is_live or self.is_collecting) and not self.locked

    @property
    def timer_seconds_left(self) -> int | None:
        if self.timer_ends_at is None:
            return None
        return max(0, int((self.timer_ends_at - timezone.now()).total_seconds()))

    @property
    def accepts_proposals(self) -> bool:
        """As facilitation.PARTICIPANTS_MAY_PROPOSE: while collecting, or live in capture."""
        if self.locked:
            return False
        return self.is_collecting or (self.is_live and self.phase == WorkshopPhase.CAPTURE)

    @property
    def accepts_ratings(self) -> bool:
        """As facilitation.PARTICIPANTS_MAY_RATE: while collecting, or live in rate."""
        if self.locked:
            return False
        return self.is_collecting or (self.is_live and self.phase == WorkshopPhase.RATE)

    @property
    def accepts_adopted_ratings(self) -> bool:
        """The facilitator adopts rated averages once there are votes: while rating or reviewing."""
        return self.is_live and self.phase in {WorkshopPhase.RATE, WorkshopPhase.REVIEW}


class Participant(models.Model):
    """Someone who joined a workshop by its code, with or without an account."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(max_length=120)
    side = models.CharField(max_length=10, choices=Side.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(side__in=Side.values), name="participant_side_valid")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.side})"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"
    MERGED = "merged", "Merged"


class Proposal(models.Model):
    """A touch point a participant suggests; the facilitator accepts, rejects or merges it."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="proposals")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposals"
    )
    business_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    it_team = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=12, choices=Level.choices)
    # Current: "we meet here today"; desired: "we should meet here". As on a touch point, a
    # desired one needs only its pair and level; a current one without channel or frequency
    # gets them from the facilitator on accepting.
    state = models.CharField(max_length=10, choices=State.choices, default=State.CURRENT)
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, blank=True)
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    # The pending proposal a duplicate was folded into (merged before either became a touch
    # point); accepting that one gives the duplicates its touch point too.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    # The touch point it became (accepted) or was folded into (merged).
    touch_point = models.ForeignKey(
        "touchpoints.TouchPoint",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProposalStatus.values), name="proposal_status_valid"
            ),
            models.CheckConstraint(condition=Q(level__in=Level.values), name="proposal_level"),
            models.CheckConstraint(condition=Q(state__in=State.values), name="proposal_state"),
        ]
        indexes = [
            # The facilitator's board lists a workshop's pending proposals on every render.
            models.Index(fields=["workshop", "status"], name="proposal_workshop_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.business_unit} ↔ {self.it_team} ({self.get_level_display()})"

    @property
    def is_desired(self) -> bool:
        return self.state == State.DESIRED

    @property
    def needs_details(self) -> bool:
        """A current proposal without channel or frequency cannot be accepted as it stands."""
        return not self.is_desired and not (self.channel_id and self.frequency)
