"""The level and channel tables: hand-made examples for the defaults, edits, and loading."""

import pytest
from pytest_django import DjangoAssertNumQueries

from tests.conftest import Org
from touchpoints.meetings.rules import (
    DEFAULT_LEVEL_RULES,
    UNKNOWN_DEPTH,
    ChannelKeywordRow,
    LevelRuleRow,
    channel_keywords_for,
    classify_channel,
    classify_level,
    level_rules_for,
    words,
)
from touchpoints.models import Channel, ChannelCategory, ChannelKeyword, Level, LevelRule


@pytest.mark.parametrize(
    ("title", "grade", "depth", "level"),
    [
        ("Chief Financial Officer", "", 3, Level.STRATEGIC),
        ("CIO", "", UNKNOWN_DEPTH, Level.STRATEGIC),
        ("Vice-President, Sales", "", 4, Level.STRATEGIC),
        ("Head of Finance", "", 1, Level.STRATEGIC),
        ("Head of Accounts Payable", "", 3, Level.TACTICAL),
        ("Director of Procurement", "", 0, Level.STRATEGIC),
        ("Regional director", "", 2, Level.TACTICAL),
        ("Head of Payroll", "", UNKNOWN_DEPTH, Level.TACTICAL),
        ("Service Desk Manager", "", 2, Level.TACTICAL),
        ("team LEAD", "", 5, Level.TACTICAL),
        ("Software Engineer", "", 0, Level.OPERATIONAL),
        ("Social media officer", "", 4, Level.OPERATIONAL),  # "cio" is inside a word only
        ("", "", 0, Level.OPERATIONAL),
    ],
)
def test_the_default_levels(title: str, grade: str, depth: int, level: Level) -> None:
    assert classify_level(title, grade, depth, DEFAULT_LEVEL_RULES) == level


def test_the_first_matching_rule_wins_and_every_condition_must_hold() -> None:
    rules = [
        LevelRuleRow.of("strategic", grades="E1, e2"),
        LevelRuleRow.of("tactical", "architect", "M3", max_depth=2),
        LevelRuleRow.of("strategic", "architect"),
    ]
    assert classify_level("Clerk", " E2 ", 9, rules) == Level.STRATEGIC
    assert classify_level("Enterprise Architect", "m3", 2, rules) == Level.TACTICAL
    assert classify_level("Enterprise Architect", "m3", 3, rules) == Level.STRATEGIC
    assert classify_level("Enterprise Architect", "m3", UNKNOWN_DEPTH, rules) == Level.STRATEGIC
    assert classify_level("Clerk", "M3", 0, rules) == Level.OPERATIONAL


def test_no_rule_at_all_is_operational() -> None:
    assert classify_level("CEO", "", 0, []) == Level.OPERATIONAL


def test_keywords_match_whole_words_whatever_the_punctuation() -> None:
    assert words("Daily Stand-Up (IT/Finance)") == " daily stand up it finance "
    rows = [ChannelKeywordRow(words("stand-up"), 7), ChannelKeywordRow(words("SLA"), 8)]
    assert classify_channel("Finance daily stand up", 6, rows) == 7
    assert classify_channel("SLAs and more", 6, rows) is None
    assert classify_channel("Monthly SLA review", 6, rows) == 8


def test_a_size_range_limits_a_keyword() -> None:
    rows = [
        ChannelKeywordRow(words("review"), 1, max_attendees=4),
        ChannelKeywordRow(words("review"), 2, min_attendees=5, max_attendees=30),
    ]
    assert classify_channel("Review", 4, rows) == 1
    assert classify_channel("Review", 5, rows) == 2
    assert classify_channel("Review", 31, rows) is None


@pytest.fixture
def defaults(org: Org) -> dict[str, int]:
    channels = {channel.category: channel.pk for channel in org.workspace.channels.all()}
    return channels


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("title", "category"),
    [
        ("Finance systems steering committee", ChannelCategory.STEERING_COMMITTEE),
        ("Quarterly board", ChannelCategory.STEERING_COMMITTEE),
        ("CAB (change advisory board)", ChannelCategory.SLA_REVIEW),
        ("Monthly service review", ChannelCategory.SLA_REVIEW),
        ("SLA check-in", ChannelCategory.SLA_REVIEW),
        ("2027 roadmap", ChannelCategory.JOINT_PLANNING),
        ("Budget planning", ChannelCategory.JOINT_PLANNING),
        ("Sprint planning", ChannelCategory.EMBEDDED_TEAM),
        ("Payments stand-up", ChannelCategory.EMBEDDED_TEAM),
        ("Sprint retro", ChannelCategory.EMBEDDED_TEAM),
        ("Data guild", ChannelCategory.COMMUNITY_OF_PRACTICE),
        ("Excel community of practice", ChannelCategory.COMMUNITY_OF_PRACTICE),
        ("Major incident call", ChannelCategory.SERVICE_DESK),
    ],
)
def test_the_default_keywords_map_to_the_default_channels(
    org: Org, defaults: dict[str, int], title: str, category: str
) -> None:
    keywords = channel_keywords_for(org.workspace)
    assert classify_channel(title, 8, keywords) == defaults[category]


@pytest.mark.django_db
def test_a_meeting_without_a_keyword_has_no_channel(org: Org) -> None:
    assert classify_channel("Lunch", 3, channel_keywords_for(org.workspace)) is None


@pytest.mark.django_db
def test_defaults_follow_a_renamed_channel_and_skip_a_deleted_category(org: Org) -> None:
    planning = org.channel(ChannelCategory.JOINT_PLANNING)
    planning.name = "Business planning"
    planning.save()
    org.channel(ChannelCategory.COMMUNITY_OF_PRACTICE).delete()
    keywords = channel_keywords_for(org.workspace)
    assert classify_channel("Roadmap", 5, keywords) == planning.pk
    assert classify_channel("Guild", 5, keywords) is None


@pytest.mark.django_db
def test_defaults_prefer_the_default_channel_of_a_category(org: Org) -> None:
    steering = org.channel(ChannelCategory.STEERING_COMMITTEE)
    Channel.objects.create(
        workspace=org.workspace, name="Architecture board", category="steering_committee"
    )
    assert classify_channel("Steering", 5, channel_keywords_for(org.workspace)) == steering.pk


@pytest.mark.django_db
def test_a_saved_table_replaces_the_defaults(org: Org, other_org: Org) -> None:
    LevelRule.objects.create(workspace=org.workspace, position=2, level="tactical")
    LevelRule.objects.create(
        workspace=org.workspace, position=1, title_keywords="analyst", level="strategic"
    )
    rules = level_rules_for(org.workspace)
    assert classify_level("Business Analyst", "", 5, rules) == Level.STRATEGIC
    assert classify_level("CEO", "", 0, rules) == Level.TACTICAL
    assert level_rules_for(other_org.workspace) == list(DEFAULT_LEVEL_RULES)


@pytest.mark.django_db
def test_saved_keywords_replace_the_defaults(org: Org, other_org: Org) -> None:
    desk = org.channel(ChannelCategory.SERVICE_DESK)
    ChannelKeyword.objects.create(
        workspace=org.workspace, position=1, keyword="Stand-up", channel=desk, min_attendees=3
    )
    keywords = channel_keywords_for(org.workspace)
    assert keywords == [ChannelKeywordRow(" stand up ", desk.pk, 3, None)]
    assert classify_channel("Steering", 5, keywords) is None
    other_steering = other_org.channel(ChannelCategory.STEERING_COMMITTEE)
    assert classify_channel("Steering", 5, channel_keywords_for(other_org.workspace)) == (
        other_steering.pk
    )


@pytest.mark.django_db
def test_loading_a_table_is_one_query(
    org: Org, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(1):
        level_rules_for(org.workspace)
    with django_assert_num_queries(2):  # none saved, then the channels for the defaults
        channel_keywords_for(org.workspace)
