"""The default channel catalogue every new workspace starts with, and saving a channel's edit.

Seeded by seed_new_workspace, a post_save receiver on Workspace connected in
TouchpointsConfig.ready: convergence owns workspaces but imports no app, so the app that owns
channels listens for new workspaces.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction

from touchpoints.history import StaleEdit
from touchpoints.models.channels import Channel, ChannelCategory
from touchpoints.workshops.locking import refresh_open_boards

if TYPE_CHECKING:
    from convergence.models import Workspace
    from touchpoints.forms.channels import ChannelForm

DEFAULT_CHANNELS: list[tuple[str, ChannelCategory, str]] = [
    ("Service desk", ChannelCategory.SERVICE_DESK, "Tickets and requests: the order taker."),
    ("SLA review", ChannelCategory.SLA_REVIEW, "Periodic review of service levels."),
    (
        "Steering committee",
        ChannelCategory.STEERING_COMMITTEE,
        "Shared governance and prioritisation.",
    ),
    ("Joint planning", ChannelCategory.JOINT_PLANNING, "Planning together towards shared goals."),
    (
        "Community of practice",
        ChannelCategory.COMMUNITY_OF_PRACTICE,
        "Knowledge shared across the boundary.",
    ),
    ("Embedded team", ChannelCategory.EMBEDDED_TEAM, "IT and business people working as one."),
]


def seed_default_channels(workspace: Workspace) -> None:
    """Create the six default channels that are missing; safe to call again."""
    existing = set(workspace.channels.values_list("name", flat=True))
    Channel.objects.bulk_create(
        Channel(workspace=workspace, name=name, category=category, description=description)
        for name, category, description in DEFAULT_CHANNELS
        if name not in existing
    )


def seed_new_workspace(
    sender: object, instance: Workspace, created: bool, raw: bool, **_: Any
) -> None:
    """post_save on Workspace: a new workspace gets the default channels (not a fixture's row)."""
    if created and not raw:
        seed_default_channels(instance)


def save_channel(form: ChannelForm, expected_version: int) -> Channel:
    """Save an edit of a channel made against `expected_version`; StaleEdit if someone saved
    it since. Open boards show channel names, so they are refreshed (taken first, as every
    change takes them: see workshops.locking)."""
    channel = form.instance
    with transaction.atomic():
        refresh_open_boards(channel.workspace_id)
        stored = Channel.objects.select_for_update().filter(pk=channel.pk)
        if stored.values_list("version", flat=True).get() != expected_version:
            raise StaleEdit
        channel.version = expected_version
        return form.save()
