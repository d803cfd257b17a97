"""The overview's gap move since the previous report is kept per map state (GapMoveRollup) and
read back only under the stamp it was worked out under; otherwise it is worked out live."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django.fixtures import DjangoAssertNumQueries

from assessments.dashboard.filters import Choice, Filters, filter_choices
from assessments.dashboard.gap_changes import report_deltas, report_move, since_previous
from assessments.dashboard.readmodel.build import rebuild
from assessments.dashboard.readmodel.freshness import freshness
from assessments.dashboard.readmodel.gap_move import gap_move
from assessments.gap_deltas import Closed, GapDeltas, MovedGaps, Opened
from assessments.models import GapMoveRollup, GapReport, UnitScore
from tests.assessments.test_dashboard_views import report_for
from tests.assessments.test_gap_delta_views import connected, no_dashboard_cache
from tests.conftest import Org, People, client_for
from touchpoints.derived_tree import refresh_tree
from touchpoints.models import ChannelCategory, Level, OrgUnit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_board_pack")]
__all__ = ["connected", "no_dashboard_cache"]  # fixtures of the same two reports, cache off


@pytest.fixture
def reports(connected: tuple[GapReport, GapReport], org: Org) -> tuple[GapReport, GapReport]:
    """Two reports, Finance connected between them (test_gap_delta_views), then the read
    model built."""
    rebuild(org.workspace.pk)
    return connected


def overview_move(people: People) -> GapDeltas:
    response = client_for(people.manager).get(reverse("dashboard", args=["acme"]))
    _, deltas = response.context["gap_move"]
    assert isinstance(deltas, GapDeltas)
    return deltas


def mark_kept_move() -> None:
    """Make the kept move tell itself apart from any worked out live."""
    kept = GapMoveRollup.objects.get()
    kept.deltas = {**kept.deltas, "before": 999}
    kept.save()


def test_deltas_read_back_from_json_equal_what_was_kept(
    reports: tuple[GapReport, GapReport],
) -> None:
    deltas = report_deltas(*reports, Filters())
    assert deltas.opened_gaps and deltas.closed_gaps
    assert any(why is not None for _, _, why in deltas.opened_gaps)
    read_back = GapDeltas.from_json(json.loads(json.dumps(deltas.as_json())))
    assert read_back == deltas
    assert isinstance(read_back.opened_gaps[0][2], Opened | None)
    assert read_back.summary() == deltas.summary()


def test_no_reason_reads_back_as_none() -> None:
    deltas = GapDeltas(3, 1, [], [("GAP-05", "Sales", None)], [("GAP-02", "HR", Closed.FIXED)])
    assert GapDeltas.from_json(deltas.as_json()) == deltas


def test_a_rebuild_keeps_the_newest_move_and_the_overview_reads_it_with_fewer_queries(
    org: Org,
    reports: tuple[GapReport, GapReport],
    people: People,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    first, second = reports
    kept = GapMoveRollup.objects.get()
    assert (kept.before_report_id, kept.after_report_id) == (first.pk, second.pk)
    fresh = freshness(org.workspace.pk)
    assert (kept.as_of, kept.pending_change) == (fresh.as_of, None)
    read = gap_move(fresh, second, Filters())
    assert read is not None and read[0] == first
    live = since_previous(second, Filters())
    assert live is not None and read[1] == live[1]
    client = client_for(people.manager)
    target = reverse("dashboard", args=["acme"])
    client.get(target)  # the session's first request writes it
    # One query for the kept move in place of seven: the previous report, both reports' gaps
    # by rule, the gaps only one of them has (two), the isolated units and the map's changes.
    with django_assert_num_queries(17):
        client.get(target)
    kept.delete()
    with django_assert_num_queries(23):
        client.get(target)


def test_the_kept_move_is_read_only_under_its_own_stamp(
    org: Org, reports: tuple[GapReport, GapReport], people: People
) -> None:
    mark_kept_move()
    assert overview_move(people).before == 999
    org.touchpoint(business_unit=org.sales, it_team=org.infra)  # the map changed since
    assert overview_move(people).before == reports[0].total_gaps


def test_a_filter_takes_its_move_from_the_kept_moved_gaps_about_its_units(
    org: Org, reports: tuple[GapReport, GapReport]
) -> None:
    fresh = freshness(org.workspace.pk)
    choices = filter_choices(org.workspace.pk)
    manchester = next(c for c in choices.locations if c.id == org.manchester.pk)
    for filters in (
        Filters(level=Level.STRATEGIC),
        Filters(division=choices.divisions[0]),
        Filters(location=london(org)),
        Filters(location=manchester, level=Level.TACTICAL),  # no business unit: nothing moved
    ):
        move = gap_move(fresh, reports[1], filters)
        assert move is not None and move[1] == report_deltas(*reports, filters)
    kept = GapMoveRollup.objects.get()
    assert kept.moved is not None and kept.moved["opened"]
    kept.moved = {**kept.moved, "opened": []}  # tell the kept moved gaps apart
    kept.save()
    in_london = Filters(location=london(org))
    move = gap_move(fresh, reports[1], in_london)
    assert move is not None and move[1].opened_gaps == []
    assert report_deltas(*reports, in_london).opened_gaps  # Finance's, worked out live


def test_under_a_filter_the_kept_move_costs_its_row_the_units_and_their_stored_gaps(
    org: Org,
    reports: tuple[GapReport, GapReport],
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    fresh, in_london = freshness(org.workspace.pk), london(org)
    with django_assert_num_queries(3):
        kept = gap_move(fresh, reports[1], Filters(location=in_london))
    GapMoveRollup.objects.update(moved=None)  # kept before the moved gaps were
    # The kept row, the previous report, this one's assessment and report_deltas' seven.
    with django_assert_num_queries(10):
        live = gap_move(fresh, reports[1], Filters(location=in_london))
    assert kept is not None and live is not None and kept[1] == live[1]


def test_a_finishing_report_keeps_its_own_move_in_place_of_the_last(
    org: Org, reports: tuple[GapReport, GapReport], people: People
) -> None:
    _, second = reports
    mark_kept_move()
    org.touchpoint(business_unit=org.sales, it_team=org.apps, level=Level.TACTICAL)
    rebuild(org.workspace.pk)
    third = report_for(org)
    kept = GapMoveRollup.objects.get()
    assert (kept.before_report_id, kept.after_report_id) == (second.pk, third.pk)
    assert overview_move(people) == report_deltas(second, third, Filters())
    moved, deltas = report_move(second, third, Filters())
    assert (kept.deltas, kept.moved) == (deltas.as_json(), moved.as_json())


def test_a_deleted_report_takes_its_kept_move_with_it(
    org: Org, reports: tuple[GapReport, GapReport], people: People
) -> None:
    reports[0].delete()
    assert not GapMoveRollup.objects.exists()
    assert client_for(people.manager).get(reverse("dashboard", args=["acme"])).status_code == 200


def test_compare_reads_the_kept_move_of_the_newest_two_reports_only(
    org: Org, reports: tuple[GapReport, GapReport], people: People
) -> None:
    first, second = reports
    mark_kept_move()
    client = client_for(people.manager)
    newest_two = client.get(reverse("dashboard_compare", args=["acme"])).context["comparison"]
    assert newest_two.deltas.before == 999
    third = report_for(org)  # its own move is kept; compare the older two
    pair = f"a={first.assessment_id}&b={second.assessment_id}"
    older = f"{reverse('dashboard_compare', args=['acme'])}?{pair}"
    worked_out = client.get(older).context["comparison"].deltas
    assert worked_out == report_deltas(first, second, Filters())
    assert GapMoveRollup.objects.get().after_report_id == third.pk


def test_a_filtered_overview_asks_for_the_kept_units_once(
    org: Org, reports: tuple[GapReport, GapReport], people: People
) -> None:
    """The top gaps, the gap move and the filtered position all read by the London units' ids,
    asked for once; the position is the mean of those units' business scores."""
    client = client_for(people.manager)
    target = reverse("dashboard", args=["acme"]) + f"?location={org.london.pk}"
    client.get(target)  # the session's first request writes it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(target)
    units_asked = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith('SELECT "touchpoints_orgunit"."id" AS "id" FROM')
    ]
    assert len(units_asked) == 1 and f'"location_id" = {org.london.pk}' in units_asked[0]
    position = response.context["position"]
    scores = UnitScore.objects.filter(
        assessment=position.assessment, unit__in=[org.sales, org.finance]
    ).values_list("score", flat=True)
    assert position.filtered.units == len(scores) == 2
    assert position.filtered.mean == pytest.approx(sum(scores) / 2)
    _, deltas = response.context["gap_move"]
    assert deltas == report_deltas(*reports, Filters(location=london(org)))


def london(org: Org) -> Choice:
    return next(c for c in filter_choices(org.workspace.pk).locations if c.id == org.london.pk)


def test_units_of_one_name_have_their_filtered_move_worked_out_live(
    org: Org, people: People
) -> None:
    """Two units named Finance swap being isolated: over every unit, GAP-02 "Finance" stays;
    in London one closed. The kept move names both units as sharing a subject, so a filter
    keeping either works its move out live; one keeping neither still reads the kept gaps."""
    group = OrgUnit.objects.get(workspace=org.workspace, code="G")
    other = OrgUnit.objects.create(
        workspace=org.workspace, code="F2", name="Finance", parent=group, location=org.manchester
    )
    refresh_tree(org.workspace.pk)
    org.touchpoint(level=Level.STRATEGIC, channel=org.channel(ChannelCategory.STEERING_COMMITTEE))
    connecting = org.touchpoint(business_unit=other, it_team=org.infra)
    first = report_for(org)
    connecting.delete()
    org.touchpoint(business_unit=org.finance, it_team=org.apps)
    rebuild(org.workspace.pk)
    second = report_for(org)
    kept = GapMoveRollup.objects.get()
    assert kept.moved is not None
    assert set(kept.moved["shared_units"]) >= {org.finance.pk, other.pk}
    fresh = freshness(org.workspace.pk)
    choices = filter_choices(org.workspace.pk)
    for location in choices.locations:
        filters = Filters(location=location)
        move = gap_move(fresh, second, filters)
        assert move is not None and move[1] == report_deltas(first, second, filters)
    in_london = gap_move(fresh, second, Filters(location=london(org)))
    assert in_london is not None and ("GAP-02", "Finance", Closed.FIXED) in in_london[1].closed_gaps
    moved = MovedGaps.from_json(kept.moved)
    assert moved.about({org.finance.pk}) is None and moved.about({org.sales.pk}) is not None


def test_a_pair_whose_it_team_was_isolated_says_so_under_a_filter_too(org: Org) -> None:
    """Infra (Manchester) is isolated until Sales meets it: Finance's pair with Infra is then
    checked and opens a gap because Infra was isolated, under the London filter too, where
    Infra's own isolation gap (about no business unit) is filtered out."""
    org.touchpoint(level=Level.STRATEGIC, channel=org.channel(ChannelCategory.STEERING_COMMITTEE))
    org.touchpoint(business_unit=org.finance, it_team=org.apps)
    first = report_for(org)
    org.touchpoint(business_unit=org.sales, it_team=org.infra)
    second = report_for(org)
    whole = report_deltas(first, second, Filters())
    reasons = {(rule, subject): why for rule, subject, why in whole.opened_gaps}
    live = report_deltas(first, second, Filters(location=london(org)))
    finance_infra = [gap for gap in live.opened_gaps if "Infra" in gap[1] and "Finance" in gap[1]]
    assert finance_infra and all(why == Opened.WAS_ISOLATED for _, _, why in finance_infra)
    for rule, subject, why in live.opened_gaps:
        assert why == reasons[(rule, subject)]


def test_compare_under_a_filter_reads_the_kept_moved_gaps_of_the_newest_two(
    org: Org, reports: tuple[GapReport, GapReport], people: People
) -> None:
    compare = reverse("dashboard_compare", args=["acme"])
    target = f"{compare}?location={org.london.pk}"
    client = client_for(people.manager)
    in_london = Filters(location=london(org))
    assert client.get(target).context["comparison"].deltas == report_deltas(*reports, in_london)
    strategic = client.get(f"{compare}?level={Level.STRATEGIC}").context["comparison"]
    assert strategic.deltas == report_deltas(*reports, Filters(level=Level.STRATEGIC))
    kept = GapMoveRollup.objects.get()
    assert kept.moved is not None and kept.moved["opened"]
    kept.moved = {**kept.moved, "opened": []}  # tell the kept moved gaps apart
    kept.save()
    comparison = client.get(target).context["comparison"]
    assert comparison.deltas.opened_gaps == [] and comparison.opened_count == 0
    org.touchpoint(business_unit=org.sales, it_team=org.infra)  # the map changed since
    assert client.get(target).context["comparison"].deltas.opened_gaps
