"""Reviewing suggestions: accept, edit and accept, merge, reject (remembered), bulk, lapse."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django import DjangoAssertNumQueries

from tests.conftest import Org, People, client_for, htmx_client_for
from tests.meetings.organisation import Staff, occurrence, series, simple_classifiers, staff_of
from touchpoints.meetings.importing import import_occurrences
from touchpoints.meetings.occurrence import Occurrence, SkipReport
from touchpoints.meetings.review import lapse_of
from touchpoints.models import (
    ChannelCategory,
    Frequency,
    Level,
    Suggestion,
    SuggestionStatus,
    TitlePolicy,
    TouchPoint,
    TouchPointChange,
)

pytestmark = pytest.mark.django_db
WEEK = timedelta(weeks=1)


@pytest.fixture
def staff(org: Org) -> Staff:
    return staff_of(org)


def recent(weeks_ago: int) -> datetime:
    return (timezone.now() - weeks_ago * WEEK).replace(microsecond=0)


def calendar(staff: Staff, first: datetime | None = None) -> list[Occurrence]:
    start = first or recent(12)
    return [
        *series(
            staff,
            "steer",
            "IT steering",
            start,
            ["cfo", "cio"],
            every=WEEK,
            count=10,
            rule="FREQ=WEEKLY",
        ),
        *series(staff, "sync", "Ops sync", start, ["sales_rep", "apps_dev"], every=WEEK, count=6),
        occurrence(staff, "q", "Question", start, ["fin_analyst", "infra_eng"]),
    ]


def run(staff: Staff, occurrences: list[Occurrence]) -> None:
    import_occurrences(
        staff.org.workspace.pk,
        occurrences,
        title_policy=TitlePolicy.KEEP,
        classifiers=simple_classifiers(staff.org),
        report=SkipReport(),
    )


def suggestion(org: Org, business: str, it: str) -> Suggestion:
    return Suggestion.objects.get(
        workspace=org.workspace, business_unit__name=business, it_team__name=it
    )


def post(client: Client, org: Org, name: str, *args: object, **data: object) -> Any:
    return client.post(reverse(name, args=[org.workspace.slug, *args]), data)


def test_accepting_creates_the_touch_point_with_history_from_meetings(
    staff: Staff, org: Org, people: People
) -> None:
    run(staff, calendar(staff))
    steering = suggestion(org, "Finance", "IT")
    response = post(client_for(people.facilitator), org, "suggestion_accept", steering.pk)
    assert response.status_code == 302
    steering.refresh_from_db()
    touch_point = steering.touch_point
    assert steering.status == SuggestionStatus.ACCEPTED and touch_point is not None
    assert steering.decided_by == people.facilitator
    assert (touch_point.business_unit, touch_point.it_team) == (org.finance, org.it)
    assert (touch_point.level, touch_point.frequency) == (Level.STRATEGIC, Frequency.WEEKLY)
    assert touch_point.channel == org.channel(ChannelCategory.STEERING_COMMITTEE)
    change = TouchPointChange.objects.get(touch_point=touch_point)
    assert change.action == "created"
    assert change.changes["origin"][1].startswith(f"From meetings (suggestion #{steering.pk}): 10")
    page = client_for(people.facilitator).get(
        reverse("touchpoint_edit", args=[org.workspace.slug, touch_point.pk])
    )
    assert "From meetings" in page.content.decode()
    # Said above the form, not only inside the collapsed history.
    origin = f'<p class="muted origin">From meetings (suggestion #{steering.pk}): 10'
    assert origin in page.content.decode()


def test_a_suggestion_without_a_channel_is_accepted_through_the_form(
    staff: Staff, org: Org, people: People
) -> None:
    run(staff, calendar(staff))
    sync = suggestion(org, "Sales", "Apps")
    assert sync.channel is None
    client = client_for(people.facilitator)
    response = post(client, org, "suggestion_accept", sync.pk)
    assert response["Location"] == reverse("suggestion_accept_edit", args=["acme", sync.pk])
    form = client.get(response["Location"])
    assert form.status_code == 200
    assert 'value="weekly" selected' in form.content.decode()
    desk = org.channel(ChannelCategory.SERVICE_DESK)
    data = {
        "business_unit": org.sales.pk,
        "it_team": org.apps.pk,
        "level": "tactical",
        "channel": desk.pk,
        "frequency": "monthly",
        "initiated_by": "it",
        "state": "current",
        "description": "Edited",
    }
    assert post(client, org, "suggestion_accept_edit", sync.pk, **data).status_code == 302
    sync.refresh_from_db()
    assert sync.status == SuggestionStatus.ACCEPTED and sync.touch_point is not None
    assert (sync.touch_point.level, sync.touch_point.channel) == ("tactical", desk)
    assert sync.touch_point.description == "Edited"


def test_merging_updates_the_frequency_of_a_touch_point_of_the_pair(
    staff: Staff, org: Org, people: People
) -> None:
    run(staff, calendar(staff))
    existing = org.touchpoint(business_unit=org.finance, it_team=org.it, frequency="monthly")
    steering = suggestion(org, "Finance", "IT")
    foreign = org.touchpoint()  # Sales and Apps: not this pair
    client = client_for(people.facilitator)
    post(client, org, "suggestion_merge", steering.pk, touch_point=foreign.pk)
    steering.refresh_from_db()
    assert steering.status == SuggestionStatus.PENDING
    post(client, org, "suggestion_merge", steering.pk, touch_point=existing.pk)
    steering.refresh_from_db()
    existing.refresh_from_db()
    assert (steering.status, steering.touch_point) == (SuggestionStatus.MERGED, existing)
    assert existing.frequency == Frequency.WEEKLY and existing.version == 2
    change = TouchPointChange.objects.get(touch_point=existing, action="updated")
    assert change.changes["frequency"] == ["Monthly", "Weekly"]
    assert "From meetings" in change.changes["origin"][1]


def test_a_rejection_is_remembered_across_imports(staff: Staff, org: Org, people: People) -> None:
    run(staff, calendar(staff))
    sync = suggestion(org, "Sales", "Apps")
    post(client_for(people.facilitator), org, "suggestion_reject", sync.pk)
    run(staff, calendar(staff, recent(4)))
    sync.refresh_from_db()
    assert sync.status == SuggestionStatus.REJECTED
    assert sync.meeting_count == 6 + 6  # the evidence grew, the answer stayed
    queue = client_for(people.facilitator).get(reverse("suggestion_list", args=["acme"]))
    assert f"suggestion-{sync.pk}" not in queue.content.decode()


def test_bulk_accept_takes_the_filtered_set_and_leaves_those_without_a_channel(
    staff: Staff, org: Org, people: People
) -> None:
    run(staff, calendar(staff))
    response = post(
        client_for(people.facilitator), org, "suggestion_bulk_accept", level="strategic"
    )
    assert response.status_code == 302 and "level=strategic" in response["Location"]
    assert set(Suggestion.objects.values_list("it_team__name", "status")) == {
        ("IT", "accepted"),
        ("Apps", "pending"),
        ("Infra", "pending"),
    }
    post(client_for(people.facilitator), org, "suggestion_bulk_accept")
    assert TouchPoint.objects.filter(suggestions__isnull=False).count() == 1
    assert Suggestion.objects.filter(status="pending").count() == 2  # no channel: left to edit


def test_a_touch_point_unseen_in_meetings_for_90_days_is_possibly_lapsed(
    staff: Staff, org: Org, people: People
) -> None:
    run(staff, calendar(staff, recent(40)))
    steering = suggestion(org, "Finance", "IT")
    post(client_for(people.facilitator), org, "suggestion_accept", steering.pk)
    steering.refresh_from_db()
    touch_point = steering.touch_point
    assert touch_point is not None and lapse_of(touch_point) == steering.last_seen
    listing = client_for(people.viewer).get(reverse("touchpoint_list", args=["acme"]))
    assert "possibly lapsed" in listing.content.decode()
    edit = reverse("touchpoint_edit", args=["acme", touch_point.pk])
    assert "Possibly lapsed" in client_for(people.facilitator).get(edit).content.decode()
    queue = client_for(people.facilitator).get(
        reverse("suggestion_list", args=["acme"]), {"status": "lapsed"}
    )
    assert f"suggestion-{steering.pk}" in queue.content.decode()
    # Seen again in a meeting: no longer lapsed.
    run(staff, calendar(staff, recent(2)))
    assert lapse_of(touch_point) is None
    listing = client_for(people.viewer).get(reverse("touchpoint_list", args=["acme"]))
    assert "possibly lapsed" not in listing.content.decode()


def test_the_queue_groups_by_pair_with_the_evidence_in_few_queries(
    staff: Staff, org: Org, people: People, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    run(staff, calendar(staff, datetime(2026, 6, 1, 9, tzinfo=UTC)))
    client = client_for(people.facilitator)
    url = reverse("suggestion_list", args=["acme"])
    with django_assert_max_num_queries(12) as few:
        page = client.get(url).content.decode()
    assert "Finance ↔ IT" in page and "Sales ↔ Apps" in page
    assert "10 meetings since June" in page and "titles like &#x27;IT steering&#x27;" in page
    run(
        staff,
        [
            *calendar(staff, datetime(2026, 6, 1, 9, tzinfo=UTC)),
            occurrence(staff, "x", "X", recent(1), ["sales_director", "infra_lead"]),
        ],
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)
    fragment = htmx_client_for(people.facilitator).get(url, {"level": "operational"})
    assert "<html" not in fragment.content.decode()
    assert "Sales ↔ Apps" in fragment.content.decode()
    assert "Finance ↔ IT" not in fragment.content.decode()


def test_decided_suggestions_are_not_decided_twice(staff: Staff, org: Org, people: People) -> None:
    run(staff, calendar(staff))
    steering = suggestion(org, "Finance", "IT")
    client = client_for(people.facilitator)
    post(client, org, "suggestion_accept", steering.pk)
    post(client, org, "suggestion_accept", steering.pk)
    post(client, org, "suggestion_reject", steering.pk)
    assert TouchPoint.objects.filter(suggestions=steering).count() == 1
    steering.refresh_from_db()
    assert steering.status == SuggestionStatus.ACCEPTED


def test_a_suggestion_is_never_merged_into_another_workspace_s_touch_point(
    staff: Staff, org: Org, other_org: Org, people: People
) -> None:
    run(staff, calendar(staff))
    steering = suggestion(org, "Finance", "IT")
    foreign = other_org.touchpoint(business_unit=other_org.finance, it_team=other_org.it)
    post(
        client_for(people.facilitator), org, "suggestion_merge", steering.pk, touch_point=foreign.pk
    )
    steering.refresh_from_db()
    foreign.refresh_from_db()
    assert (steering.status, foreign.frequency, foreign.version) == ("pending", "weekly", 1)


def test_a_pair_with_a_retired_unit_is_accepted_only_through_the_form(
    staff: Staff, org: Org, people: People
) -> None:
    run(staff, calendar(staff))
    steering = suggestion(org, "Finance", "IT")
    org.finance.__class__.objects.filter(pk=org.finance.pk).update(is_active=False)
    client = client_for(people.facilitator)
    response = post(client, org, "suggestion_accept", steering.pk)
    assert response["Location"] == reverse("suggestion_accept_edit", args=["acme", steering.pk])
    post(client, org, "suggestion_bulk_accept", level="strategic")
    steering.refresh_from_db()
    assert steering.status == SuggestionStatus.PENDING
    assert not TouchPoint.objects.filter(business_unit=org.finance).exists()


def test_edit_and_accept_returns_to_the_queue_as_the_reviewer_left_it(
    staff: Staff, org: Org, people: People
) -> None:
    """The touch point form's business unit, IT team and level are not the queue's filters:
    saving it once sent the reviewer to a queue filtered to the pair just accepted (empty)."""
    run(staff, calendar(staff))
    sync = suggestion(org, "Sales", "Apps")
    client = client_for(people.facilitator)
    queue = client.get(reverse("suggestion_list", args=["acme"]), {"min_meetings": "2"})
    edit = reverse("suggestion_accept_edit", args=["acme", sync.pk])
    assert f'href="{edit}?min_meetings=2"' in queue.content.decode()
    response = post(client, org, "suggestion_accept", sync.pk, min_meetings="2")
    assert response["Location"] == f"{edit}?min_meetings=2"
    form = client.get(response["Location"]).content.decode()
    assert f'action="{edit}?min_meetings=2"' in form
    data = {
        "business_unit": org.sales.pk,
        "it_team": org.apps.pk,
        "level": "tactical",
        "channel": org.channel(ChannelCategory.SERVICE_DESK).pk,
        "frequency": "monthly",
        "initiated_by": "it",
        "state": "current",
    }
    saved = client.post(f"{edit}?min_meetings=2", data)
    assert saved["Location"] == reverse("suggestion_list", args=["acme"]) + "?min_meetings=2"
    sync.refresh_from_db()
    assert sync.status == SuggestionStatus.ACCEPTED


def test_bulk_accept_says_what_it_did_and_what_is_left(
    staff: Staff, org: Org, people: People
) -> None:
    run(staff, calendar(staff))
    client = client_for(people.facilitator)
    response = client.post(reverse("suggestion_bulk_accept", args=["acme"]), follow=True)
    shown = response.content.decode()
    assert "Accepted 1 suggestion." in shown
    assert "2 without a channel (or with a retired unit) are left to edit" in shown


def test_the_bulk_message_counts_in_the_singular() -> None:
    from touchpoints.meetings.review import BulkOutcome

    assert BulkOutcome(2, 1).message() == (
        "Accepted 2 suggestions. 1 without a channel (or with a retired unit) is left to edit: "
        "Edit and accept each."
    )
