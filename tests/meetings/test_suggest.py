"""The suggestion engine by hand-computed examples: pairs, levels, frequencies, evidence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from touchpoints.meetings.evidence import evidence_text
from touchpoints.meetings.suggest import (
    Attendee,
    MeetingFacts,
    frequency_of,
    has_pair,
    median_gap_days,
    nearest_frequency,
    pair_levels,
    rrule_period_days,
    suggest,
)

FIN, SALES, APPS, INFRA = 1, 2, 10, 11
CFO = Attendee(100, FIN, False, "strategic")
ANALYST = Attendee(101, FIN, False, "operational")
REP = Attendee(102, SALES, False, "operational")
CIO = Attendee(200, APPS, True, "strategic")
DEV = Attendee(201, APPS, True, "operational")
OPS_LEAD = Attendee(202, INFRA, True, "tactical")
MONDAY = datetime(2026, 6, 1, 9, tzinfo=UTC)


def meeting(
    *people: Attendee, start: datetime = MONDAY, rule: str = "", title: str = "", channel: int = 0
) -> MeetingFacts:
    return MeetingFacts(start, rule, title, channel or None, people)


def test_a_meeting_is_evidence_for_every_business_it_pair_at_the_level_both_reach() -> None:
    levels = pair_levels([CFO, ANALYST, REP, CIO, OPS_LEAD])
    assert levels == {
        (FIN, APPS): "strategic",
        (FIN, INFRA): "tactical",
        (SALES, APPS): "operational",
        (SALES, INFRA): "operational",
    }


def test_a_meeting_of_one_side_only_has_no_pair() -> None:
    assert pair_levels([CFO, ANALYST, REP]) == {}
    assert not has_pair([CIO, DEV])
    assert has_pair([DEV, REP])


@pytest.mark.parametrize(
    ("rule", "days"),
    [
        ("FREQ=WEEKLY", 7),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", 14),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR", 7 / 3),
        ("FREQ=DAILY;COUNT=20", 1),
        ("RRULE:FREQ=MONTHLY;INTERVAL=3", 91.2),
        ("FREQ=YEARLY", 365.25),
        ("COUNT=3", None),
        ("FREQ= WEEKLY ; INTERVAL = 2;BYDAY=MO, TH", 7),
    ],
)
def test_an_rrule_gives_the_days_between_occurrences(rule: str, days: float | None) -> None:
    assert rrule_period_days(rule) == (pytest.approx(days) if days is not None else None)


@pytest.mark.parametrize(
    ("days", "frequency"),
    [
        (1, "daily"),
        (2.3, "daily"),
        (3.5, "weekly"),
        (14, "weekly"),
        (15, "monthly"),
        (31, "monthly"),
        (60, "quarterly"),
        (91, "quarterly"),
        (200, "yearly"),
        (365, "yearly"),
        (800, "ad_hoc"),
    ],
)
def test_a_cadence_takes_the_nearest_frequency(days: float, frequency: str) -> None:
    assert nearest_frequency(days) == frequency


def test_the_rrule_wins_over_the_observed_cadence_and_one_meeting_is_ad_hoc() -> None:
    assert frequency_of(["FREQ=MONTHLY", "FREQ=WEEKLY"], 30.0) == "weekly"
    assert frequency_of([], 30.0) == "monthly"
    assert frequency_of([], None) == "ad_hoc"


def test_the_cadence_is_the_median_gap_between_distinct_meetings() -> None:
    starts = [MONDAY, MONDAY, MONDAY + timedelta(days=7), MONDAY + timedelta(days=21)]
    assert median_gap_days(starts) == 10.5
    assert median_gap_days([MONDAY]) is None


def test_evidence_is_gathered_per_pair_and_level() -> None:
    weekly = [
        meeting(
            CFO,
            ANALYST,
            CIO,
            DEV,
            start=MONDAY + timedelta(weeks=n),
            rule="FREQ=WEEKLY",
            title="Finance systems weekly",
            channel=7,
        )
        for n in range(4)
    ]
    monthly = [
        meeting(ANALYST, DEV, start=MONDAY + timedelta(days=30 * n), title="Ops sync")
        for n in range(3)
    ]
    found = {(s.business_unit, s.it_team, s.level): s for s in suggest([*weekly, *monthly])}
    assert set(found) == {(FIN, APPS, "strategic"), (FIN, APPS, "operational")}
    strategic = found[(FIN, APPS, "strategic")]
    assert (strategic.meeting_count, strategic.frequency, strategic.channel) == (4, "weekly", 7)
    assert (strategic.business_people, strategic.it_people, strategic.recurring) == (2, 2, True)
    assert strategic.first_seen == MONDAY
    assert strategic.last_seen == MONDAY + timedelta(weeks=3)
    assert strategic.example_titles == ["Finance systems weekly"]
    operational = found[(FIN, APPS, "operational")]
    assert (operational.frequency, operational.channel, operational.cadence_days) == (
        "monthly",
        None,
        30.0,
    )
    assert (operational.business_people, operational.it_people) == (1, 1)


def test_the_commonest_channel_and_titles_are_kept() -> None:
    meetings = [
        meeting(REP, DEV, start=MONDAY + timedelta(days=n), title=title, channel=channel)
        for n, (title, channel) in enumerate([("Stand-up", 3), ("Stand-up", 3), ("Retro", 4)])
    ]
    (only,) = suggest(meetings)
    assert (only.channel, only.frequency) == (3, "daily")
    assert only.example_titles == ["Stand-up", "Retro"]


def test_the_evidence_reads_as_a_sentence() -> None:
    text = evidence_text(
        meeting_count=11,
        first_seen=datetime(2026, 6, 3, tzinfo=UTC),
        frequency="weekly",
        business=("Finance", 3),
        it=("Apps", 2),
        titles=["Finance systems weekly", "Budget"],
        today=datetime(2026, 9, 1, tzinfo=UTC).date(),
    )
    assert text == (
        "11 meetings since June, weekly, 3 Finance and 2 Apps people, "
        "titles like 'Finance systems weekly', 'Budget'"
    )


def test_one_meeting_of_another_year_says_so() -> None:
    text = evidence_text(
        meeting_count=1,
        first_seen=datetime(2025, 12, 3, tzinfo=UTC),
        frequency="ad_hoc",
        business=("Sales", 1),
        it=("Infra", 1),
        titles=[],
        today=datetime(2026, 2, 1, tzinfo=UTC).date(),
    )
    assert text == "1 meeting in December 2025, ad hoc, 1 Sales and 1 Infra person"
