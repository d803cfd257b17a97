"""Compare and the dashboard say why the gap count moved (issue 14), on real reports."""

from __future__ import annotations

import pytest
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

from assessments.dashboard.filters import Filters
from assessments.dashboard.gap_changes import report_deltas
from assessments.gap_deltas import Closed, Opened
from assessments.models import GapReport
from tests.assessments.test_dashboard_views import report_for
from tests.conftest import Org, People, client_for, htmx_client_for
from touchpoints.models import ChannelCategory, Level, State

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_board_pack")]


@pytest.fixture(autouse=True)
def no_dashboard_cache(settings: SettingsWrapper) -> None:
    settings.DASHBOARD_CACHE_SECONDS = 0


@pytest.fixture
def connected(org: Org) -> tuple[GapReport, GapReport]:
    """Finance and Infra start isolated; then Finance gets a service-desk touch point."""
    org.touchpoint(level=Level.STRATEGIC, channel=org.channel(ChannelCategory.STEERING_COMMITTEE))
    first = report_for(org)
    org.touchpoint(business_unit=org.finance, it_team=org.apps)
    return first, report_for(org)


def test_connecting_an_isolated_unit_opens_gaps_by_new_evidence(
    org: Org, connected: tuple[GapReport, GapReport]
) -> None:
    first, second = connected
    deltas = report_deltas(first, second, Filters())
    assert (deltas.before, deltas.after) == (first.total_gaps, second.total_gaps)
    closed = {(rule, label): why for rule, label, why in deltas.closed_gaps}
    assert closed[("GAP-02", "Finance")] == Closed.FIXED
    opened = {(rule, why) for rule, _, why in deltas.opened_gaps}
    # Finance now meets IT only operationally and through the service desk.
    assert ("GAP-03", Opened.WAS_ISOLATED) in opened
    assert ("GAP-04", Opened.WAS_ISOLATED) in opened
    assert all(why is not None and why.is_new_evidence for _, why in opened)


def test_a_new_desired_touch_point_explains_its_missing_interaction(org: Org) -> None:
    def desire(**fields: object) -> None:
        org.touchpoint(state=State.DESIRED, channel=None, frequency="", **fields)

    org.touchpoint(level=Level.STRATEGIC, channel=org.channel(ChannelCategory.STEERING_COMMITTEE))
    org.touchpoint(business_unit=org.finance, it_team=org.infra)
    desire(level=Level.STRATEGIC)  # only Sales-Apps is expected
    first = report_for(org)
    desire(business_unit=org.finance, it_team=org.apps)  # now Finance-Apps is expected too
    second = report_for(org)
    deltas = report_deltas(first, second, Filters())
    missing = [(label, why) for rule, label, why in deltas.opened_gaps if rule == "GAP-01"]
    assert missing == [("Finance-Apps", Opened.NEWLY_EXPECTED)]


def test_compare_says_why_the_gap_count_moved(
    org: Org, people: People, connected: tuple[GapReport, GapReport]
) -> None:
    first, second = connected
    response = client_for(people.manager).get(reverse("dashboard_compare", args=["acme"]))
    body = response.content.decode()
    assert response.context["comparison"].deltas is not None
    assert f"from {first.total_gaps} to {second.total_gaps}" in body
    assert "a unit that was isolated now has touch points" in body
    assert "Opened by new evidence" in body and "#term-gap-03" in body


def test_the_dashboard_explains_the_move_since_the_previous_report(
    org: Org, people: People, connected: tuple[GapReport, GapReport]
) -> None:
    first, second = connected
    body = client_for(people.manager).get(reverse("dashboard", args=["acme"])).content.decode()
    assert f"Since the report of {first.created_at:%-d %b %Y}" in body
    assert f"?a={first.assessment_id}&amp;b={second.assessment_id}" in body
    fragment = htmx_client_for(people.manager).get(reverse("dashboard", args=["acme"]))
    assert b"<html" not in fragment.content and b"gap-delta-summary" in fragment.content


def test_one_report_alone_explains_nothing(org: Org, people: People) -> None:
    report_for(org)
    response = client_for(people.manager).get(reverse("dashboard", args=["acme"]))
    assert response.context["gap_move"] is None
    assert b"gap-delta-summary" not in response.content


def test_a_report_keeps_its_stored_gaps_by_rule_one_per_subject(
    connected: tuple[GapReport, GapReport],
) -> None:
    for report in connected:
        report.refresh_from_db()
        subjects: dict[str, set[str]] = {}
        for rule, label in report.gaps.values_list("rule", "subject_label"):
            subjects.setdefault(rule, set()).add(label)
        assert report.subjects_by_rule == {rule: len(found) for rule, found in subjects.items()}
        assert report.subjects_by_rule


def test_reports_stored_before_they_kept_their_counts_explain_the_same_move(
    connected: tuple[GapReport, GapReport],
) -> None:
    first, second = connected
    kept = report_deltas(first, second, Filters())
    GapReport.objects.filter(pk__in=[first.pk, second.pk]).update(subjects_by_rule=None)
    for report in connected:
        report.refresh_from_db()
    counted = report_deltas(first, second, Filters())
    assert first.subjects_by_rule is None
    assert counted == kept
    assert kept.closed_gaps and kept.opened_gaps
