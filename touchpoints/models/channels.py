"""An organisation's catalogue of ways for business and IT to meet."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

from convergence.models import Workspace


class ChannelCategory(models.TextChoices):
    """The slope categories of SLOPE.md; a channel takes the depth of its category."""

    SERVICE_DESK = "service_desk", "Service desk"
    SLA_REVIEW = "sla_review", "SLA review"
    STEERING_COMMITTEE = "steering_committee", "Steering committee"
    JOINT_PLANNING = "joint_planning", "Joint planning"
    COMMUNITY_OF_PRACTICE = "community_of_practice", "Community of practice"
    EMBEDDED_TEAM = "embedded_team", "Embedded team"


class Channel(models.Model):
    """A way to meet (service desk, steering committee, ...) in one workspace's catalogue."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="channels")
    name = models.CharField(max_length=120)
    category = models.CharField(max_length=30, choices=ChannelCategory.choices)
    description = models.TextField(blank=True)
    # Bumped on every save of an existing channel; an API edit made against an older version
    # is refused (touchpoints.channels.save_channel), not merged.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "name"], name="channel_unique_name_per_workspace"
            ),
            models.CheckConstraint(
                condition=Q(category__in=ChannelCategory.values), name="channel_category_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, **kwargs: Any) -> None:
        if not self._state.adding:
            self.version += 1
            if "update_fields" in kwargs and kwargs["update_fields"] is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(**kwargs)
