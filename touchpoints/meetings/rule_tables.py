"""Editing the meeting rule tables: the rows an edit page starts from, and saving a whole table.

A table is saved whole (the formset's rows in their order replace the stored ones), so the
first save of a workspace still on the defaults stores the defaults as edited. Restoring the
defaults deletes the stored rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from convergence import audit
from convergence.models import Workspace
from touchpoints.meetings.rules import DEFAULT_LEVEL_RULES, LevelRuleRow, default_keywords
from touchpoints.models import ChannelKeyword, LevelRule


def level_rule_initial(workspace: Workspace) -> list[dict[str, Any]]:
    """The level table as form rows: the saved one, or the defaults."""
    saved = [
        {
            "title_keywords": rule.title_keywords,
            "grades": rule.grades,
            "max_depth": rule.max_depth,
            "level": rule.level,
        }
        for rule in LevelRule.objects.filter(workspace=workspace).order_by("position")
    ]
    return saved or [default_level_initial(rule) for rule in DEFAULT_LEVEL_RULES]


def default_level_initial(rule: LevelRuleRow) -> dict[str, Any]:
    return {
        "title_keywords": ", ".join(keyword.strip() for keyword in rule.title_keywords),
        "grades": ", ".join(rule.grades),
        "max_depth": rule.max_depth,
        "level": rule.level.value,
    }


def channel_keyword_initial(workspace: Workspace) -> list[dict[str, Any]]:
    """The channel table as form rows: the saved one, or the defaults."""
    saved = [
        {
            "keyword": row.keyword,
            "channel": row.channel_id,
            "min_attendees": row.min_attendees,
            "max_attendees": row.max_attendees,
        }
        for row in ChannelKeyword.objects.filter(workspace=workspace).order_by("position")
    ]
    defaults = [
        {"keyword": keyword, "channel": channel} for keyword, channel in default_keywords(workspace)
    ]
    return saved or defaults


def save_level_rules(workspace: Workspace, rows: Sequence[dict[str, Any]], actor: User) -> None:
    """Replace the workspace's level table with `rows` (cleaned form data, in order)."""
    rules = [
        LevelRule(
            workspace=workspace,
            position=position,
            title_keywords=row.get("title_keywords", "").strip(),
            grades=row.get("grades", "").strip(),
            max_depth=row.get("max_depth"),
            level=row["level"],
        )
        for position, row in enumerate(rows, start=1)
    ]
    replace_table(workspace, LevelRule, rules, "level_rules.saved", actor)


def save_channel_keywords(
    workspace: Workspace, rows: Sequence[dict[str, Any]], actor: User
) -> None:
    """Replace the workspace's channel keywords with `rows` (cleaned form data, in order)."""
    keywords = [
        ChannelKeyword(
            workspace=workspace,
            position=position,
            keyword=row["keyword"].strip(),
            channel=row["channel"],
            min_attendees=row.get("min_attendees"),
            max_attendees=row.get("max_attendees"),
        )
        for position, row in enumerate(rows, start=1)
    ]
    replace_table(workspace, ChannelKeyword, keywords, "channel_keywords.saved", actor)


def restore_default_level_rules(workspace: Workspace, actor: User) -> None:
    """Forget the saved level table, so the defaults apply again."""
    replace_table(workspace, LevelRule, [], "level_rules.restored", actor)


def restore_default_channel_keywords(workspace: Workspace, actor: User) -> None:
    """Forget the saved channel keywords, so the defaults apply again."""
    replace_table(workspace, ChannelKeyword, [], "channel_keywords.restored", actor)


@transaction.atomic
def replace_table(
    workspace: Workspace,
    model: type[LevelRule] | type[ChannelKeyword],
    rows: Sequence[LevelRule | ChannelKeyword],
    action: str,
    actor: User,
) -> None:
    """Store `rows` as the workspace's whole table (none: back to the defaults), audited."""
    before, _ = model.objects.filter(workspace=workspace).delete()
    model.objects.bulk_create(rows)  # type: ignore[arg-type]  # rows are of `model`
    audit.record(
        workspace=workspace,
        actor=actor,
        action=action,
        target="Level rules" if model is LevelRule else "Channel keywords",
        before={"rows": before},
        after={"rows": len(rows), "defaults": not rows},
    )
