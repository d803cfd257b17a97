"""Manager dashboards: the slope, the heatmaps, the roll-up, the network map and comparisons.

Every panel is one URL, one view and one template; the filters (location, division, level)
travel in the query string so that a view can be shared. Each view calls one read model from
assessments.dashboard, which runs a fixed number of queries whatever the workspace's size.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from assessments.dashboard import charts
from assessments.dashboard.compare import compare
from assessments.dashboard.drilldown import cell_detail
from assessments.dashboard.filters import (
    FilterChoices,
    Filters,
    filter_choices,
    parse_filters,
    parse_int,
)
from assessments.dashboard.heatmaps import COLOURINGS, tree_depths
from assessments.dashboard.network import (
    NODE_CAP,
    default_team_depth,
    it_depth_counts,
    network_grouping,
)
from assessments.dashboard.position import band_ranges, position
from assessments.dashboard.readmodel import panels
from assessments.dashboard.readmodel.freshness import Freshness, freshness
from assessments.dashboard.readmodel.gap_move import gap_move
from assessments.dashboard.rollup import rollup_rows
from assessments.dashboard.tree_sql import reporting_memory
from assessments.models import Assessment, GapReport
from assessments.plan_board import ClosedGap, actions_by_gap, closed_between
from assessments.planning import targets_by_unit, workspace_standings
from assessments.round_results import perception_trend
from convergence.access import get_membership
from convergence.htmx import HtmxHttpRequest, render_page
from convergence.models import Capability
from convergence.params import parse_id
from touchpoints.models import Level, OrgUnit, Side

MAX_DEPTH = 20


def panel_context(
    request: HtmxHttpRequest, slug: str, panel: str
) -> tuple[dict[str, object], FilterChoices, Filters, int]:
    """Context (REPORTS), filter choices, the filters read from the URL and the workspace's id:
    three queries."""
    membership = get_membership(request, slug, Capability.REPORTS)
    choices = filter_choices(membership.workspace_id)
    filters = parse_filters(request.GET, choices)
    context = membership.page_context(choices=choices, filters=filters, panel=panel)
    return context, choices, filters, membership.workspace_id


def default_depth(choices: FilterChoices, filters: Filters) -> int:
    """Divisions by default, their departments once a division is chosen."""
    top = choices.divisions[0].path.count("/") - 2 if choices.divisions else 0
    return top + 1 if filters.division else top


@login_required
@require_GET
def dashboard(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    context, _, filters, workspace_id = panel_context(request, slug, "overview")
    context["freshness"] = fresh = freshness(workspace_id)
    with reporting_memory():
        found = position(workspace_id, filters)
        context["activity"] = panels.activity(fresh, filters)
    score = found.assessment.score if found.assessment else None
    context |= {"position": found, "bands": band_ranges(), "levels": Level.choices}
    context |= {"slope": charts.slope_chart(score), "trend": charts.trend_chart(found.trend)}
    context["targets"] = workspace_standings(workspace_id, found.assessment)
    context["perception"] = perception_trend(workspace_id)
    context["gap_move"] = gap_move(fresh, found.report, filters) if found.report else None
    return render_page(request, "assessments/dashboard.html", context, partial="panel")


@login_required
@require_GET
def dashboard_heatmaps(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Business units × levels; the IT teams heatmap follows from dashboard_team_heatmap."""
    context, filters, at = heatmap_context(request, slug)
    with reporting_memory():
        levels_map = panels.levels_map(at.fresh, filters, at.depth)
    context |= {"levels_map": levels_map, "maps": [(levels_map, "Business units × levels")]}
    query = filters.querystring(depth=at.depth, team_depth=at.team_depth)
    context["teams_url"] = f"{reverse('dashboard_team_heatmap', args=[slug])}?{query}"
    context["depth_choices"] = range(levels_map.max_depth + 1)
    context["team_depth_choices"] = range((levels_map.max_team_depth or 0) + 1)
    return render_page(request, "assessments/dashboard_heatmaps.html", context, partial="panel")


@login_required
@require_GET
def dashboard_team_heatmap(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    context, filters, at = heatmap_context(request, slug)
    with reporting_memory():
        teams_map = panels.teams_map(at.fresh, filters, at.depth, at.team_depth)
    context |= {"teams_map": teams_map, "maps": [(teams_map, "Business units × IT teams")]}
    context["depth_choices"] = range(teams_map.max_depth + 1)
    context["team_depth_choices"] = range((teams_map.max_team_depth or 0) + 1)
    template = "assessments/dashboard_heatmaps.html"
    return render_page(request, template, context, partial="maps")


@dataclass(frozen=True)
class HeatmapAt:
    fresh: Freshness
    depth: int
    team_depth: int


def heatmap_context(
    request: HtmxHttpRequest, slug: str
) -> tuple[dict[str, object], Filters, HeatmapAt]:
    context, choices, filters, workspace_id = panel_context(request, slug, "heatmaps")
    context["freshness"] = fresh = freshness(workspace_id)
    at = HeatmapAt(
        fresh,
        parse_int(request.GET, "depth", default_depth(choices, filters), 0, MAX_DEPTH),
        parse_int(request.GET, "team_depth", 1, 0, MAX_DEPTH),
    )
    colouring = request.GET.get("colour", "coverage")
    context["colouring"] = colouring if colouring in COLOURINGS else "coverage"
    query = filters.querystring()
    context["cell_url"] = f"{reverse('dashboard_cell', args=[slug])}?{query}{'&' if query else ''}"
    return context, filters, at


@login_required
@require_GET
def dashboard_cell(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    context, _, filters, workspace_id = panel_context(request, slug, "heatmaps")
    row = unit_or_404(workspace_id, request.GET.get("row"), Side.BUSINESS)
    team_id = request.GET.get("team")
    team = unit_or_404(workspace_id, team_id, Side.IT) if team_id else None
    level = request.GET.get("level", "") if request.GET.get("level") in Level.values else ""
    context["cell"] = cell_detail(workspace_id, filters, row, team, level)
    return render_page(request, "assessments/dashboard_cell.html", context, partial="panel")


def unit_or_404(workspace_id: int, raw: str | None, side: str) -> OrgUnit:
    if (pk := parse_id(raw)) is None:
        raise Http404("No such unit")
    unit = OrgUnit.objects.filter(workspace_id=workspace_id, side=side, pk=pk).first()
    if unit is None:
        raise Http404("No such unit")
    return unit


@login_required
@require_GET
def dashboard_rollup(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    context, _, filters, workspace_id = panel_context(request, slug, "rollup")
    parent_id = request.GET.get("parent")
    parent = unit_or_404(workspace_id, parent_id, Side.BUSINESS) if parent_id else None
    assessment = Assessment.objects.filter(workspace_id=workspace_id).first()
    context |= {"assessment": assessment, "parent": parent, "bands": band_ranges()}
    if assessment is not None:
        with reporting_memory():
            context["rows"] = rows = rollup_rows(workspace_id, assessment, filters, parent)
        context["row_targets"] = targets_by_unit(workspace_id, [row.id for row in rows])
    if parent is not None and request.htmx:
        return render(request, "assessments/dashboard_rollup.html#children", context)
    return render_page(request, "assessments/dashboard_rollup.html", context, partial="panel")


def network_depths(
    request: HtmxHttpRequest, choices: FilterChoices, filters: Filters, it_counts: dict[int, int]
) -> tuple[int, int]:
    """The business and IT depths the network rolls up to, read from the URL; by default the
    divisions and the shallowest depth holding IT teams, so both sides are drawn."""
    depth = parse_int(request.GET, "depth", default_depth(choices, filters), 0, MAX_DEPTH)
    team_default = default_team_depth(it_counts)
    return depth, parse_int(request.GET, "team_depth", team_default, 0, MAX_DEPTH)


@login_required
@require_GET
def dashboard_network(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    context, choices, filters, workspace_id = panel_context(request, slug, "network")
    depths = tree_depths(workspace_id)
    depth, team_depth = network_depths(request, choices, filters, it_depth_counts(workspace_id))
    context["freshness"] = freshness(workspace_id)
    context |= {"depth": depth, "team_depth": team_depth, "depths": depths, "node_cap": NODE_CAP}
    context["depth_range"] = range(depths.business + 1)
    context["team_depth_range"] = range(depths.it + 1)
    return render_page(request, "assessments/dashboard_network.html", context, partial="panel")


@login_required
@require_GET
def dashboard_network_data(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """The network as JSON; ``X-Read-Model`` says "behind" while it shows older rows."""
    _, choices, filters, workspace_id = panel_context(request, slug, "network")
    fresh = freshness(workspace_id)
    it_counts = it_depth_counts(workspace_id)
    depth, team_depth = network_depths(request, choices, filters, it_counts)
    grouping = network_grouping(choices, it_counts, depth, team_depth)
    with reporting_memory():
        body = panels.network_json(fresh, filters, depth, team_depth, grouping)
    response = HttpResponse(body, content_type="application/json")
    if fresh.is_behind and fresh.as_of is not None:
        response["X-Read-Model"] = f"behind; as of {fresh.as_of.isoformat()}"
    return response


@login_required
@require_GET
def dashboard_compare(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    context, _, filters, workspace_id = panel_context(request, slug, "compare")
    history = list(Assessment.objects.filter(workspace_id=workspace_id)[:50])
    by_id = {str(a.pk): a for a in history}
    after = by_id.get(request.GET.get("b", ""), history[0] if history else None)
    before = by_id.get(request.GET.get("a", ""), history[1] if len(history) > 1 else None)
    context |= {"history": history, "before": before, "after": after}
    if before is not None and after is not None and before.pk != after.pk:
        fresh = freshness(workspace_id)
        with reporting_memory():
            context["comparison"] = compare(before, after, filters, fresh)
        context["closed_gaps"] = plan_closed(workspace_id, before, after)
    return render_page(request, "assessments/dashboard_compare.html", context, partial="panel")


def plan_closed(workspace_id: int, before: Assessment, after: Assessment) -> list[ClosedGap]:
    """The gaps actions closed between the reports the two assessments were made for."""
    reports = {r.assessment_id: r for r in GapReport.objects.filter(assessment__in=[before, after])}
    actions = actions_by_gap(workspace_id)
    return closed_between(reports.get(before.pk), reports.get(after.pk), actions)
