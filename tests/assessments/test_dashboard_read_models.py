import pytest
from django.http import QueryDict

from assessments.dashboard.activity import touchpoint_activity
from assessments.dashboard.charts import slope_chart, trend_chart
from assessments.dashboard.drilldown import units_under
from assessments.dashboard.filters import Filters, filter_choices, parse_filters
from assessments.dashboard.heatmaps import heatmap_rows, level_heatmap, team_heatmap
from assessments.dashboard.network import network
from assessments.dashboard.position import TrendPoint, band_of, band_ranges
from assessments.dashboard.tree_sql import split_part
from tests.conftest import Org
from touchpoints.derived_tree import refresh_tree
from touchpoints.models import ChannelCategory, Level, OrgUnit

pytestmark = pytest.mark.django_db


def add_team_under(org: Org, parent: OrgUnit, code: str) -> OrgUnit:
    unit = OrgUnit.objects.create(workspace=org.workspace, code=code, name=code, parent=parent)
    refresh_tree(org.workspace.pk)
    unit.refresh_from_db()
    return unit


def test_filters_pick_the_divisions_below_a_single_group_root(org: Org) -> None:
    choices = filter_choices(org.workspace.pk)
    assert [d.name for d in choices.divisions] == ["Finance", "Sales"]
    filters = parse_filters(QueryDict(f"division={org.sales.pk}&level=bogus&location=999"), choices)
    assert filters.division and filters.division.name == "Sales"
    assert filters.level == "" and filters.location is None


def test_a_heatmap_rolls_descendants_up_to_their_ancestor_by_path(org: Org) -> None:
    north = add_team_under(org, org.sales, "North")
    add_team_under(org, org.sales, "South")
    org.touchpoint(business_unit=north, level=Level.STRATEGIC, effectiveness=4)
    org.touchpoint(business_unit=north, level=Level.STRATEGIC, effectiveness=2)
    org.touchpoint(business_unit=org.sales, level=Level.OPERATIONAL)
    heatmap = level_heatmap(
        org.workspace.pk, Filters(), heatmap_rows(org.workspace.pk, Filters(), 1)
    )
    rows = {row.name: row for row in heatmap.rows}
    assert set(rows) == {"Sales", "Finance"}
    sales = {cell.column.key: cell for cell in rows["Sales"].cells}
    # Sales, North and South: three units; only North meets IT strategically.
    assert rows["Sales"].units == 3
    assert (sales["strategic"].touchpoints, sales["strategic"].covered_units) == (2, 1)
    assert sales["strategic"].coverage == pytest.approx(1 / 3)
    assert sales["strategic"].effectiveness == pytest.approx(3.0)
    assert sales["operational"].coverage == pytest.approx(1 / 3)
    assert sales["tactical"].touchpoints == 0 and sales["tactical"].heat("coverage") == "heat-0"
    assert sales["strategic"].heat("coverage") == "heat-2"
    assert sales["operational"].heat("effectiveness") == "heat-none"


def test_a_unit_whose_teams_all_meet_it_is_fully_covered(org: Org) -> None:
    north = add_team_under(org, org.sales, "North")
    south = add_team_under(org, org.sales, "South")
    org.touchpoint(business_unit=north, level=Level.OPERATIONAL)
    org.touchpoint(business_unit=south, level=Level.OPERATIONAL)
    heatmap = level_heatmap(
        org.workspace.pk, Filters(), heatmap_rows(org.workspace.pk, Filters(), 1)
    )
    sales = next(row for row in heatmap.rows if row.name == "Sales")
    # Sales itself has no touch point of its own and units below it: its two teams count.
    assert sales.units == 2
    operational = next(cell for cell in sales.cells if cell.column.key == "operational")
    assert operational.coverage == 1.0


def test_the_team_heatmap_rolls_it_teams_up_too(org: Org) -> None:
    org.touchpoint(business_unit=org.sales, it_team=org.apps)
    org.touchpoint(business_unit=org.sales, it_team=org.infra)
    heatmap = team_heatmap(
        org.workspace.pk, Filters(), heatmap_rows(org.workspace.pk, Filters(), 1), team_depth=0
    )
    assert [column.label for column in heatmap.columns] == ["IT"]
    sales = next(row for row in heatmap.rows if row.name == "Sales")
    assert sales.cells[0].touchpoints == 2 and sales.cells[0].coverage == 1.0


def test_the_level_filter_and_location_filter_narrow_the_cells(org: Org) -> None:
    org.touchpoint(business_unit=org.sales, level=Level.STRATEGIC)
    org.touchpoint(business_unit=org.finance, level=Level.OPERATIONAL)
    OrgUnit.objects.filter(pk=org.finance.pk).update(location=org.manchester)
    choices = filter_choices(org.workspace.pk)
    only_manchester = parse_filters(QueryDict(f"location={org.manchester.pk}"), choices)
    heatmap = level_heatmap(
        org.workspace.pk, only_manchester, heatmap_rows(org.workspace.pk, only_manchester, 1)
    )
    assert [row.name for row in heatmap.rows] == ["Finance"]
    strategic = Filters(level="strategic")
    assert touchpoint_activity(org.workspace.pk, strategic).total == 1


def test_activity_counts_units_that_only_use_the_service_desk_and_sla_reviews(org: Org) -> None:
    org.touchpoint(business_unit=org.sales)  # service desk
    org.touchpoint(business_unit=org.sales, channel=org.channel(ChannelCategory.SLA_REVIEW))
    org.touchpoint(business_unit=org.finance)
    org.touchpoint(business_unit=org.finance, channel=org.channel(ChannelCategory.EMBEDDED_TEAM))
    add_team_under(org, org.sales.parent, "Lonely")  # type: ignore[arg-type]  # Sales has a parent: the group (build_org)
    activity = touchpoint_activity(org.workspace.pk, Filters())
    # Leaves Sales, Finance and Lonely count (the group root is neither a leaf nor connected);
    # only Sales is transactional only, and Lonely is isolated.
    assert (activity.business_units, activity.connected_units) == (3, 2)
    assert activity.transactional_only_units == 1 and activity.isolated_units == 1
    assert activity.transactional_touchpoints == 3 and activity.total == 4
    service_desk = next(row for row in activity.rows if row.category == "service_desk")
    assert service_desk.counts["operational"] == 2
    # A unit with units below it counts once it has touch points of its own.
    org.touchpoint(business_unit=org.sales.parent, channel=org.channel(ChannelCategory.SLA_REVIEW))
    activity = touchpoint_activity(org.workspace.pk, Filters())
    assert (activity.business_units, activity.connected_units) == (4, 3)
    assert activity.transactional_only_units == 2 and activity.isolated_units == 1


def test_the_network_finds_isolated_units_and_articulation_points(org: Org) -> None:
    # Sales-Apps-Finance-Infra is a path: Apps and Finance hold it together.
    org.touchpoint(business_unit=org.sales, it_team=org.apps)
    org.touchpoint(business_unit=org.finance, it_team=org.apps)
    org.touchpoint(business_unit=org.finance, it_team=org.infra)
    lonely = add_team_under(org, org.sales.parent, "Lonely")  # type: ignore[arg-type]  # Sales has a parent: the group (build_org)
    graph = network(org.workspace.pk, Filters(), depth=1, team_depth=1)
    nodes = {node.name: node for node in graph.nodes}
    assert {name for name, node in nodes.items() if node.is_bridge} == {"Apps", "Finance"}
    assert nodes[lonely.name].is_isolated and not nodes["Sales"].is_isolated
    assert (graph.total_edges, graph.isolated, graph.bridges) == (3, 1, 2)
    assert graph.as_json()["meta"]["shown_nodes"] == 5


def test_a_subtree_holds_its_root_and_descendants_not_a_sibling_sharing_digits(org: Org) -> None:
    add_team_under(org, org.sales, "North")
    OrgUnit.objects.filter(pk=org.finance.pk).update(path=f"{org.sales.path[:-1]}9/")
    found = units_under(org.workspace.pk, org.sales.path)
    assert set(found.values_list("name", flat=True)) == {"Sales", "North"}


def test_split_part_for_sqlite_matches_postgresql() -> None:
    assert split_part("/3/17/42/", "/", 3) == "17"
    assert split_part("/3/", "/", 4) == ""
    assert split_part(None, "/", 2) is None


def test_the_slope_chart_rises_and_places_the_marker_in_its_band() -> None:
    chart = slope_chart(63.81)
    assert [shape.band.name for shape in chart.bands] == [b.name for b in band_ranges()]
    assert chart.marker_x == pytest.approx(0.6381 * chart.width)
    assert band_of(63.81) == "Integration" and band_of(85.0) == "Fusion"
    assert [band.upper for band in band_ranges()][-1] == 100.0


def test_the_trend_chart_spreads_points_and_puts_higher_scores_higher() -> None:
    points = [TrendPoint(i, f"d{i}", score, "", "") for i, score in enumerate([20.0, 55.0])]
    chart = trend_chart(points)
    assert chart.dots[0].x < chart.dots[1].x and chart.dots[0].y > chart.dots[1].y


def test_compare_counts_band_moves_only_for_units_scored_in_both(org: Org) -> None:
    from assessments.assess import Scope, assess_workspace
    from assessments.dashboard.compare import compare
    from assessments.models import Granularity

    org.touchpoint(business_unit=org.sales, it_team=org.apps, level=Level.STRATEGIC)
    # Before: the two roots; after: the leaves. No unit is scored in both assessments, so none
    # moved a band and none has a change.
    before = assess_workspace(org.workspace.pk, Scope(Granularity.DEPTH, 0, 0))
    after = assess_workspace(org.workspace.pk, Scope())
    comparison = compare(before, after, Filters())
    both = {m.name for m in comparison.movements if m.before is not None and m.after is not None}
    assert comparison.units_compared == len(both)
    assert comparison.bands_up + comparison.bands_down <= len(both)
    one_sided = [m for m in comparison.movements if m.before is None or m.after is None]
    assert one_sided and all(m.change is None for m in one_sided)


def test_touch_points_with_a_retired_it_team_are_left_out_of_every_panel(org: Org) -> None:
    legacy = add_team_under(org, org.infra, "Legacy")
    org.touchpoint(business_unit=org.sales, it_team=legacy, level=Level.STRATEGIC)
    OrgUnit.objects.filter(pk=legacy.pk).update(is_active=False)
    rows = heatmap_rows(org.workspace.pk, Filters(), 1)
    levels = {row.name: row for row in level_heatmap(org.workspace.pk, Filters(), rows).rows}
    assert {c.column.key: c.touchpoints for c in levels["Sales"].cells}["strategic"] == 0
    teams = team_heatmap(org.workspace.pk, Filters(), rows, team_depth=1)
    assert all(cell.touchpoints == 0 for row in teams.rows for cell in row.cells)
    assert network(org.workspace.pk, Filters(), 1, 1).as_json()["meta"]["total_edges"] == 0
    activity = touchpoint_activity(org.workspace.pk, Filters())
    assert activity.total == 0 and activity.connected_units == 0
