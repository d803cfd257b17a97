"""The meeting rule tables: which level an attendee stands at, which channel a meeting is.

`classify_level` and `classify_channel` are pure functions over plain rows, so the suggestion
engine calls them for thousands of meetings without a query; `level_rules_for` and
`channel_keywords_for` load a workspace's table (its defaults when it has saved none).

Both tables are ordered and the first matching row wins. Keywords match whole words of the
title whatever their case and punctuation: "stand-up" matches "Daily Stand Up" but "CIO" does
not match "Social".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from convergence.models import Workspace
from touchpoints.channels import DEFAULT_CHANNELS
from touchpoints.models import Channel, ChannelCategory, Level
from touchpoints.models.meeting_rules import ChannelKeyword, LevelRule

# The depth to pass for a person without a unit: no max-depth condition matches it.
UNKNOWN_DEPTH = -1
WORD = re.compile(r"\w+")


def words(text: str) -> str:
    """Text as its lower-case words, one space apart, padded: ' daily stand up '."""
    return " " + " ".join(WORD.findall(text.casefold())) + " "


def phrases(text: str) -> tuple[str, ...]:
    """A comma-separated list of keywords as padded word phrases, empty ones dropped."""
    found = (words(part) for part in text.split(","))
    return tuple(dict.fromkeys(phrase for phrase in found if phrase.strip()))


def values(text: str) -> tuple[str, ...]:
    """A comma-separated list of grade values, trimmed and case-folded."""
    found = (part.strip().casefold() for part in text.split(","))
    return tuple(dict.fromkeys(value for value in found if value))


@dataclass(frozen=True, slots=True)
class LevelRuleRow:
    """A level rule: every condition given must hold; a row with none matches everyone."""

    level: Level
    title_keywords: tuple[str, ...] = ()  # padded word phrases (see `phrases`)
    grades: tuple[str, ...] = ()  # case-folded values
    max_depth: int | None = None

    @classmethod
    def of(
        cls, level: str, keywords: str = "", grades: str = "", max_depth: int | None = None
    ) -> LevelRuleRow:
        """A row from the table's text: comma-separated keywords and grades."""
        return cls(Level(level), phrases(keywords), values(grades), max_depth)

    def matches(self, title_words: str, grade: str, depth: int) -> bool:
        if self.title_keywords and not any(k in title_words for k in self.title_keywords):
            return False
        if self.grades and grade not in self.grades:
            return False
        return self.max_depth is None or 0 <= depth <= self.max_depth


@dataclass(frozen=True, slots=True)
class ChannelKeywordRow:
    """A channel keyword: the keyword in the title and the attendee count within the range."""

    keyword: str  # a padded word phrase (see `words`)
    channel: int  # the channel's pk
    min_attendees: int | None = None
    max_attendees: int | None = None

    def matches(self, title_words: str, attendee_count: int) -> bool:
        if self.keyword not in title_words:
            return False
        if self.min_attendees is not None and attendee_count < self.min_attendees:
            return False
        return self.max_attendees is None or attendee_count <= self.max_attendees


def classify_level(title: str, grade: str, depth: int, rules: Sequence[LevelRuleRow]) -> Level:
    """The level of the first rule the person matches; operational when none does.

    `depth` is the depth of the person's unit in the tree (a root unit is 0), UNKNOWN_DEPTH
    when they have no unit.
    """
    title_words, grade_value = words(title), grade.strip().casefold()
    for rule in rules:
        if rule.matches(title_words, grade_value, depth):
            return rule.level
    return Level.OPERATIONAL


def classify_channel(
    title: str, attendee_count: int, keywords: Sequence[ChannelKeywordRow]
) -> int | None:
    """The channel pk of the first keyword the meeting matches, None when none does."""
    title_words = words(title)
    for row in keywords:
        if row.matches(title_words, attendee_count):
            return row.channel
    return None


# Executives and heads of the top two levels of the tree are strategic, other heads and
# managers tactical, everyone else operational.
EXECUTIVE_TITLES = (
    "chief, ceo, cio, cfo, cto, coo, cdo, ciso, president, vice president, vp, evp, svp, "
    "executive director, executive officer, managing director, general manager, board member"
)
DEFAULT_LEVEL_RULES: tuple[LevelRuleRow, ...] = (
    LevelRuleRow.of(Level.STRATEGIC, EXECUTIVE_TITLES),
    LevelRuleRow.of(Level.STRATEGIC, "head, director", max_depth=1),
    LevelRuleRow.of(Level.TACTICAL, "head, director, manager, team lead, team leader, supervisor"),
    LevelRuleRow.of(Level.OPERATIONAL),
)

# (keyword, the category of the default channel it maps to), in matching order: the change
# advisory board before "board", a team's own ceremonies before "planning".
DEFAULT_CHANNEL_KEYWORDS: tuple[tuple[str, ChannelCategory], ...] = tuple(
    (keyword.strip(), category)
    for keywords, category in (
        ("CAB, change advisory", ChannelCategory.SLA_REVIEW),
        ("SLA, service level, service review, operations review", ChannelCategory.SLA_REVIEW),
        ("steering, steerco, board, governance, QBR", ChannelCategory.STEERING_COMMITTEE),
        (
            "stand-up, standup, daily, retro, retrospective, sprint, scrum",
            ChannelCategory.EMBEDDED_TEAM,
        ),
        ("planning, roadmap, prioritisation, prioritization", ChannelCategory.JOINT_PLANNING),
        (
            "guild, community, chapter, meetup, lunch and learn, brown bag",
            ChannelCategory.COMMUNITY_OF_PRACTICE,
        ),
        ("service desk, help desk, helpdesk, incident", ChannelCategory.SERVICE_DESK),
    )
    for keyword in keywords.split(",")
)


def level_rules_for(workspace: Workspace) -> list[LevelRuleRow]:
    """The workspace's level table in order (one query), the defaults when it saved none."""
    saved = LevelRule.objects.filter(workspace=workspace).order_by("position")
    rows = [
        LevelRuleRow.of(rule.level, rule.title_keywords, rule.grades, rule.max_depth)
        for rule in saved
    ]
    return rows or list(DEFAULT_LEVEL_RULES)


def channel_keywords_for(workspace: Workspace) -> list[ChannelKeywordRow]:
    """The workspace's channel keywords in order (one query), the defaults when it saved none."""
    saved = ChannelKeyword.objects.filter(workspace=workspace).order_by("position")
    rows = [
        ChannelKeywordRow(words(row.keyword), row.channel_id, row.min_attendees, row.max_attendees)
        for row in saved
    ]
    if rows:
        return rows
    return [
        ChannelKeywordRow(words(keyword), channel)
        for keyword, channel in default_keywords(workspace)
    ]


def default_keywords(workspace: Workspace) -> list[tuple[str, int]]:
    """The default keywords with the workspace's channel of their category (the default channel
    of that name first); a keyword whose category has no channel is left out."""
    channels = default_channel_by_category(workspace)
    return [
        (keyword, channels[category])
        for keyword, category in DEFAULT_CHANNEL_KEYWORDS
        if category in channels
    ]


def default_channel_by_category(workspace: Workspace) -> dict[str, int]:
    default_names: dict[str, str] = {category: name for name, category, _ in DEFAULT_CHANNELS}
    found: dict[str, int] = {}
    for channel in Channel.objects.filter(workspace=workspace).order_by("name"):
        if channel.category not in found or channel.name == default_names[channel.category]:
            found[channel.category] = channel.pk
    return found
