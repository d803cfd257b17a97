"""Heatmaps: business units (rolled up to a depth of the org chart) against levels or IT teams.

A row is a business unit at the chosen depth; every touch point recorded on it or on any of its
descendants (``OrgUnit.path`` prefix) counts in its row. Columns are the three levels, or IT
teams rolled up to their own chosen depth. Each cell holds:

- touch points: current touch points in the cell;
- coverage: the share of the row's business units (the row unit and its descendants that match
  the filters, counting those with no unit below them and those with touch points of their own)
  with at least one current touch point in the cell;
- effectiveness: the mean 1-5 rating of the cell's rated touch points (None when none is rated).

Rows and columns are capped so that a 10,000-unit organisation stays readable; the panel says
how many it left out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Avg, Count, Max, Q, QuerySet, Sum

from assessments.dashboard.filters import Filters
from assessments.dashboard.tree_sql import ancestor_at, ancestor_id_at
from touchpoints.models import Level, OrgUnit, Side, State, TouchPoint

ROW_CAP = 40
COLUMN_CAP = 24
COLOURINGS = ("coverage", "effectiveness")


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class Cell:
    column: Column
    units: int
    touchpoints: int = 0
    covered_units: int = 0
    effectiveness: float | None = None

    @property
    def coverage(self) -> float:
        return self.covered_units / self.units if self.units else 0.0

    def heat(self, colouring: str) -> str:
        """A CSS class: heat-0 (nothing) to heat-5, or heat-none for an unrated cell."""
        if colouring == "effectiveness":
            if self.effectiveness is None:
                return "heat-none"
            return f"heat-{min(5, max(1, round(self.effectiveness)))}"
        return f"heat-{min(5, math.ceil(self.coverage * 5))}"


@dataclass(frozen=True, slots=True)
class Row:
    id: int
    name: str
    units: int
    cells: list[Cell] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Heatmap:
    depth: int
    max_depth: int
    columns: list[Column]
    rows: list[Row]
    total_rows: int
    total_columns: int
    team_depth: int | None = None
    max_team_depth: int | None = None

    @property
    def rows_left_out(self) -> int:
        return self.total_rows - len(self.rows)

    @property
    def columns_left_out(self) -> int:
        return self.total_columns - len(self.columns)


@dataclass(frozen=True, slots=True)
class TreeDepths:
    business: int
    it: int


def tree_depths(workspace_id: int) -> TreeDepths:
    """The deepest level of each side of the org chart (one query)."""
    found = OrgUnit.objects.filter(workspace_id=workspace_id, is_active=True).aggregate(
        business=Max("depth", filter=Q(side=Side.BUSINESS)), it=Max("depth", filter=Q(side=Side.IT))
    )
    return TreeDepths(found["business"] or 0, found["it"] or 0)


def business_rows(workspace_id: int, filters: Filters, depth: int) -> tuple[list[Row], int]:
    """The first ROW_CAP business units at ``depth`` (org chart order) holding any unit that
    matches the filters, each with that count, and how many such units there are (two queries)."""
    units = filters.business_units(
        OrgUnit.objects.filter(
            workspace_id=workspace_id, side=Side.BUSINESS, is_active=True, depth__gte=depth
        )
    ).filter(counted_for_coverage(workspace_id))
    counts = {
        row["ancestor"]: row["n"]
        for row in units.annotate(ancestor=ancestor_at("path", depth))
        .values("ancestor")
        .annotate(n=Count("id"))
        .order_by()
    }
    candidates = OrgUnit.objects.filter(
        workspace_id=workspace_id, side=Side.BUSINESS, is_active=True, depth=depth
    )
    if filters.division:
        candidates = candidates.filter(path__startswith=filters.division.path)
    rows: list[Row] = []
    for unit in candidates.order_by("path").values("id", "name").iterator():
        units_below = counts.get(str(unit["id"]), 0)
        if units_below and len(rows) < ROW_CAP:
            rows.append(Row(unit["id"], unit["name"], units_below))
    return rows, len(counts)


def counted_for_coverage(workspace_id: int) -> Q:
    """The units coverage is a share of: those with no active unit below them, and any unit with
    current touch points of its own (as the assessment's every-unit scope counts them). A
    department whose teams all meet IT is then fully covered, not held back by itself."""
    parents = OrgUnit.objects.filter(
        workspace_id=workspace_id, is_active=True, parent__isnull=False
    ).values("parent_id")
    connected = TouchPoint.objects.filter(workspace_id=workspace_id, state=State.CURRENT).values(
        "business_unit_id"
    )
    return ~Q(pk__in=parents) | Q(pk__in=connected)


def current_touchpoints(workspace_id: int, filters: Filters) -> QuerySet[TouchPoint]:
    return filters.touchpoints(
        TouchPoint.objects.filter(
            workspace_id=workspace_id,
            state=State.CURRENT,
            business_unit__is_active=True,
            it_team__is_active=True,
        )
    )


CELL_AGGREGATES = {
    "n": Count("id"),
    "covered": Count("business_unit", distinct=True),
    "eff": Avg("effectiveness"),
}


@dataclass(frozen=True, slots=True)
class Rows:
    """The rows both heatmaps share, read once per request."""

    depth: int
    depths: TreeDepths
    rows: list[Row]
    total: int


def heatmap_rows(workspace_id: int, filters: Filters, depth: int) -> Rows:
    """Three queries: the tree's depths and the rows at ``depth``."""
    rows, total = business_rows(workspace_id, filters, depth)
    return Rows(depth, tree_depths(workspace_id), rows, total)


def level_heatmap(workspace_id: int, filters: Filters, rows: Rows) -> Heatmap:
    """Business units at ``rows.depth`` × the three levels (one query)."""
    found = _level_cells(workspace_id, filters, rows.depth, [str(row.id) for row in rows.rows])
    return level_heatmap_of(rows, found)


def level_heatmap_of(rows: Rows, found: Mapping[tuple[str, str], Mapping[str, Any]]) -> Heatmap:
    """The level heatmap of ``rows`` from its cells, live or rolled up."""
    columns = [Column(value, str(label)) for value, label in Level.choices]
    filled = [_fill(row, columns, found) for row in rows.rows]
    return Heatmap(
        rows.depth,
        rows.depths.business,
        columns,
        filled,
        rows.total,
        len(columns),
        max_team_depth=rows.depths.it,
    )


def _level_cells(
    workspace_id: int, filters: Filters, depth: int, keys: list[str]
) -> dict[tuple[str, str], dict[str, Any]]:
    """Cells of the level heatmap, grouped twice: first by (unit, level) on the touch point table
    alone, then by ancestor. Counting covered units is then a plain COUNT instead of a
    COUNT(DISTINCT) over every touch point, which halves the time on 100,000 of them."""
    if not keys:
        return {}
    per_unit = (
        current_touchpoints(workspace_id, filters)
        .values("business_unit_id", "level")
        .annotate(n=Count("id"), eff_sum=Sum("effectiveness"), rated=Count("effectiveness"))
        .order_by()
    )
    inner, params = per_unit.query.sql_with_params()
    marks = ", ".join(["%s"] * len(keys))
    sql = (
        "SELECT split_part(u.path, '/', %s) AS row, t.level, SUM(t.n), COUNT(*),"
        " SUM(t.eff_sum), SUM(t.rated)"
        f" FROM ({inner}) t JOIN {OrgUnit._meta.db_table} u ON u.id = t.business_unit_id"
        f" WHERE u.depth >= %s AND split_part(u.path, '/', %s) IN ({marks}) GROUP BY 1, 2"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [depth + 2, *params, depth, depth + 2, *keys])
        found = cursor.fetchall()
    return {
        (row, level): {
            "n": n,
            "covered": covered,
            "eff": float(eff_sum) / float(rated) if rated else None,
        }
        for row, level, n, covered, eff_sum, rated in found
    }


def team_heatmap(workspace_id: int, filters: Filters, rows: Rows, team_depth: int) -> Heatmap:
    """Business units × IT teams at ``team_depth`` (two queries). The columns are the
    COLUMN_CAP teams with the most touch points with the rows shown, in org chart order; one
    grouped query over the shown rows' touch points yields both the ranking and the cells."""
    found: dict[tuple[str, str], Mapping[str, Any]] = {
        (str(r["row"]), str(r["column"])): r
        for r in current_touchpoints(workspace_id, filters)
        .filter(business_unit__depth__gte=rows.depth, it_team__depth__gte=team_depth)
        .annotate(
            row=ancestor_id_at("business_unit__path", rows.depth),
            column=ancestor_id_at("it_team__path", team_depth),
        )
        .filter(row__in=[row.id for row in rows.rows])
        .values("row", "column")
        .annotate(**CELL_AGGREGATES)
        .order_by()
    }
    return team_heatmap_of(workspace_id, rows, team_depth, found)


def team_heatmap_of(
    workspace_id: int,
    rows: Rows,
    team_depth: int,
    found: Mapping[tuple[str, str], Mapping[str, Any]],
) -> Heatmap:
    """The team heatmap of ``rows`` from its cells, live or rolled up (one query: the teams)."""
    teams = list(
        OrgUnit.objects.filter(
            workspace_id=workspace_id, side=Side.IT, is_active=True, depth=team_depth
        )
        .order_by("path")
        .values_list("id", "name")
    )
    totals: dict[str, int] = {}
    for (_, column), cell in found.items():
        totals[column] = totals.get(column, 0) + cell["n"]
    busiest = sorted(totals, key=lambda column: (-totals[column], column))[:COLUMN_CAP]
    chosen = set(busiest) | {str(pk) for pk, _ in teams[: COLUMN_CAP - len(busiest)]}
    columns = [Column(str(pk), name) for pk, name in teams if str(pk) in chosen][:COLUMN_CAP]
    filled = [_fill(row, columns, found) for row in rows.rows]
    return Heatmap(
        rows.depth,
        rows.depths.business,
        columns,
        filled,
        rows.total,
        len(teams),
        team_depth,
        rows.depths.it,
    )


def _fill(row: Row, columns: list[Column], found: Mapping[tuple[str, str], Any]) -> Row:
    cells = []
    for column in columns:
        hit = found.get((str(row.id), column.key))
        cells.append(
            Cell(column, row.units, hit["n"], hit["covered"], hit["eff"])
            if hit
            else Cell(column, row.units)
        )
    return Row(row.id, row.name, row.units, cells)
