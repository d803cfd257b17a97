"""Meetings into the database and the suggestions they make, on a generated organisation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.conftest import Org
from tests.meetings.organisation import Staff, occurrence, series, simple_classifiers, staff_of
from touchpoints.meetings.importing import import_occurrences
from touchpoints.meetings.occurrence import Occurrence, SkipReport
from touchpoints.meetings.store import UNKNOWN
from touchpoints.models import (
    ChannelCategory,
    Meeting,
    MeetingAttendee,
    Suggestion,
    TitlePolicy,
)

pytestmark = pytest.mark.django_db
JUNE = datetime(2026, 6, 1, 8, tzinfo=UTC)
DAY, WEEK = timedelta(days=1), timedelta(weeks=1)


@pytest.fixture
def staff(org: Org) -> Staff:
    return staff_of(org)


def calendar(staff: Staff) -> list[Occurrence]:
    steering = series(
        staff,
        "steer",
        "IT steering",
        JUNE,
        ["cfo", "fin_head", "cio", "apps_manager"],
        every=WEEK,
        count=10,
        rule="FREQ=WEEKLY;BYDAY=MO",
    )
    standup = series(
        staff,
        "stand",
        "Sales stand-up",
        JUNE,
        ["sales_rep", "sales_rep2", "apps_dev"],
        every=DAY,
        count=20,
        rule="FREQ=DAILY",
        unknown=["contractor@vendor.example"],
    )
    monthly = [
        occurrence(
            staff, f"m{n}", "Capacity review", JUNE + n * 30 * DAY, ["fin_manager", "infra_lead"]
        )
        for n in range(4)
    ]
    one_off = occurrence(staff, "once", "Laptop question", JUNE, ["fin_analyst", "infra_eng"])
    business_only = occurrence(
        staff, "sales", "Sales kick-off", JUNE, ["sales_director", "sales_rep"]
    )
    return [*steering, *standup, *monthly, one_off, business_only]


def run(staff: Staff, occurrences: list[Occurrence], policy: str = TitlePolicy.KEEP) -> SkipReport:
    report = SkipReport()
    import_occurrences(
        staff.org.workspace.pk,
        occurrences,
        title_policy=policy,
        classifiers=simple_classifiers(staff.org),
        report=report,
    )
    return report


def suggestions(org: Org) -> dict[tuple[str, str, str], Suggestion]:
    rows = Suggestion.objects.filter(workspace=org.workspace).select_related(
        "business_unit", "it_team", "channel"
    )
    return {(s.business_unit.name, s.it_team.name, s.level): s for s in rows}


def test_the_right_pairs_levels_channels_and_frequencies_are_suggested(
    staff: Staff, org: Org
) -> None:
    run(staff, calendar(staff))
    found = suggestions(org)
    assert set(found) == {
        ("Finance", "IT", "strategic"),
        ("Finance", "Apps", "tactical"),
        ("Sales", "Apps", "operational"),
        ("Finance", "Infra", "tactical"),
        ("Finance", "Infra", "operational"),
    }
    steering = found[("Finance", "IT", "strategic")]
    assert (steering.frequency, steering.meeting_count) == ("weekly", 10)
    assert steering.channel == org.channel(ChannelCategory.STEERING_COMMITTEE)
    assert (steering.business_people, steering.it_people) == (2, 1)
    assert steering.example_titles == ["IT steering"]
    standup = found[("Sales", "Apps", "operational")]
    assert (standup.frequency, standup.meeting_count) == ("daily", 20)
    assert standup.channel == org.channel(ChannelCategory.EMBEDDED_TEAM)
    assert (standup.business_people, standup.it_people) == (2, 1)
    monthly = found[("Finance", "Infra", "tactical")]
    assert (monthly.frequency, monthly.recurring, monthly.cadence_days) == ("monthly", False, 30)
    assert monthly.channel is None
    one_off = found[("Finance", "Infra", "operational")]
    assert (one_off.frequency, one_off.meeting_count, one_off.first_seen) == ("ad_hoc", 1, JUNE)
    assert all(s.status == "pending" for s in found.values())


def test_only_meetings_with_a_business_it_pair_are_kept_and_unknown_people_are_counted(
    staff: Staff, org: Org
) -> None:
    report = run(staff, calendar(staff))
    assert Meeting.objects.filter(workspace=org.workspace).count() == 10 + 20 + 4 + 1
    assert not Meeting.objects.filter(uid="sales").exists()
    assert report.as_dict() == {UNKNOWN: {"count": 1, "examples": ["contractor@vendor.example"]}}
    standup = Meeting.objects.filter(uid="stand").first()
    assert standup is not None
    assert standup.attendee_count == 4
    assert {p.email for p in standup.attendees.all()} == staff.emails(
        "sales_rep", "sales_rep2", "apps_dev"
    )
    assert standup.organizer == staff.people["sales_rep"]


def test_a_second_import_of_the_same_calendar_changes_nothing(staff: Staff, org: Org) -> None:
    run(staff, calendar(staff))
    meetings = list(Meeting.objects.values_list("pk", "uid", "start").order_by("pk"))
    attendance = MeetingAttendee.objects.count()
    before = {key: (s.pk, s.updated_at, s.meeting_count) for key, s in suggestions(org).items()}
    report = SkipReport()
    counts = import_occurrences(
        org.workspace.pk,
        calendar(staff),
        title_policy=TitlePolicy.KEEP,
        classifiers=simple_classifiers(org),
        report=report,
    )
    assert (counts["new"], counts["already_imported"], counts["no_pair"]) == (0, 35, 1)
    assert list(Meeting.objects.values_list("pk", "uid", "start").order_by("pk")) == meetings
    assert MeetingAttendee.objects.count() == attendance
    after = {key: (s.pk, s.updated_at, s.meeting_count) for key, s in suggestions(org).items()}
    assert after == before


def test_new_occurrences_of_a_series_add_to_its_evidence(staff: Staff, org: Org) -> None:
    first = series(staff, "w", "Budget", JUNE, ["fin_analyst", "apps_dev"], every=WEEK, count=3)
    run(staff, first)
    more = series(staff, "w", "Budget", JUNE, ["fin_analyst", "apps_dev"], every=WEEK, count=5)
    run(staff, more)
    (only,) = suggestions(org).values()
    assert (only.meeting_count, only.last_seen, only.frequency) == (5, JUNE + 4 * WEEK, "weekly")


@pytest.mark.parametrize(("policy", "titles"), [(TitlePolicy.HASH, []), (TitlePolicy.DROP, [])])
def test_hashed_and_dropped_titles_are_never_stored_or_shown(
    staff: Staff, org: Org, policy: str, titles: list[str]
) -> None:
    run(staff, calendar(staff), policy)
    assert not Meeting.objects.exclude(title="").exists()
    digests = set(Meeting.objects.values_list("title_digest", flat=True))
    assert (digests == {""}) is (policy == TitlePolicy.DROP)
    assert all(s.example_titles == titles for s in suggestions(org).values())
    # The channel was read from the title while it was still there.
    steering = suggestions(org)[("Finance", "IT", "strategic")]
    assert steering.channel == org.channel(ChannelCategory.STEERING_COMMITTEE)


def test_meetings_stay_in_their_workspace(staff: Staff, org: Org, other_org: Org) -> None:
    run(staff, calendar(staff))
    foreign = staff_of(other_org)
    report = SkipReport()
    import_occurrences(
        other_org.workspace.pk,
        calendar(staff),
        title_policy=TitlePolicy.KEEP,
        classifiers=simple_classifiers(other_org),
        report=report,
    )
    assert (
        not Meeting.objects.filter(workspace=other_org.workspace)
        .exclude(attendees__workspace=other_org.workspace)
        .exists()
    )
    assert foreign.people["cfo"].meetings.count() == 10
    assert (
        MeetingAttendee.objects.filter(
            meeting__workspace=org.workspace, person__workspace=other_org.workspace
        ).count()
        == 0
    )
