"""A workspace's meeting rule tables: which level and which channel a calendar meeting suggests.

Both tables are ordered and the first rule that matches wins. A workspace with no rows uses the
defaults of touchpoints.meetings.rules; saving the edit page stores the whole table.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from convergence.models import Workspace
from touchpoints.models.channels import Channel
from touchpoints.models.touchpoints import Level


class LevelRule(models.Model):
    """One row of the level table: every condition given must hold (none given: everyone)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="level_rules")
    position = models.PositiveSmallIntegerField()
    # Comma-separated words or phrases, any of which in the job title matches ("head, director").
    title_keywords = models.CharField(max_length=500, blank=True)
    # Comma-separated grade values, any of which equal to the person's grade matches ("E1, E2").
    grades = models.CharField(max_length=300, blank=True)
    # The person's unit at most this deep in the tree (a root unit is depth 0).
    max_depth = models.PositiveSmallIntegerField(null=True, blank=True)
    level = models.CharField(max_length=20, choices=Level.choices)

    class Meta:
        ordering = ["workspace", "position"]
        constraints = [
            # The first matching rule wins, so the order must be total.
            models.UniqueConstraint(
                fields=["workspace", "position"], name="levelrule_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(level__in=Level.values), name="levelrule_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}: {self.title_keywords or self.grades or '*'} → {self.level}"


class ChannelKeyword(models.Model):
    """One row of the channel table: a keyword in a meeting's title, maybe within a size range."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, related_name="channel_keywords"
    )
    position = models.PositiveSmallIntegerField()
    keyword = models.CharField(max_length=100)
    # A channel removed from the catalogue takes its keywords with it.
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="keywords")
    min_attendees = models.PositiveIntegerField(null=True, blank=True)
    max_attendees = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["workspace", "position"]
        constraints = [
            # The first matching keyword wins, so the order must be total.
            models.UniqueConstraint(
                fields=["workspace", "position"], name="channelkeyword_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(min_attendees__isnull=True)
                | Q(max_attendees__isnull=True)
                | Q(min_attendees__lte=models.F("max_attendees")),
                name="channelkeyword_size_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.keyword} → {self.channel_id}"
