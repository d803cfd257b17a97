"""The real reader and rule tables a meeting import runs with (tests may hand in others)."""

from __future__ import annotations

from collections import Counter

from convergence.models import Workspace
from touchpoints.meetings.reading import name_key, read_calendar_files
from touchpoints.meetings.rules import (
    channel_keywords_for,
    classify_channel,
    classify_level,
    level_rules_for,
)
from touchpoints.meetings.store import Classifiers
from touchpoints.models import Person

__all__ = ["classifiers_for", "names_of", "read_calendar_files"]


def classifiers_for(workspace: Workspace) -> Classifiers:
    """The workspace's level rules and channel keywords (two queries), as two functions."""
    rules, keywords = level_rules_for(workspace), channel_keywords_for(workspace)
    return Classifiers(
        level=lambda title, grade, depth: classify_level(title, grade, depth, rules),
        channel=lambda title, size: classify_channel(title, size, keywords),
    )


def names_of(workspace: Workspace) -> dict[str, str]:
    """name_key(name) -> e-mail of each person no one else in the workspace shares a name
    with, for the calendars (Outlook's CSV) that name attendees by display name."""
    rows = list(
        Person.objects.present()
        .filter(workspace=workspace)
        .exclude(email="")
        .exclude(name="")
        .values_list("name", "email")
    )
    counts = Counter(name_key(name) for name, _ in rows)
    return {name_key(name): email for name, email in rows if counts[name_key(name)] == 1}
