"""Workshops: a facilitator's board of business units against IT teams, and who joined."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from convergence.models import Workspace
from touchpoints.models.units import OrgUnit, Side

# No 0/O or 1/I/L: codes are read aloud and typed on phones.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(8))


class WorkshopStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    LIVE = "live", "Live"
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
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=WorkshopStatus.values), name="workshop_status_valid"
            )
        ]

    def __str__(self) -> str:
        return self.title


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
