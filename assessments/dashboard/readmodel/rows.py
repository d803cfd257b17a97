"""The panels' figures read from the rolled-up rows, in the shapes the live queries return.

Each function answers exactly what its live counterpart in assessments.dashboard (heatmaps,
activity, network) answers for the same data, from a few hundred to a few thousand rows instead
of every touch point. ``None`` means the rows cannot answer these filters (a division below the
chosen depth): the caller computes live.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from assessments.dashboard.filters import Filters
from assessments.dashboard.heatmaps import COLUMN_CAP, Row
from assessments.dashboard.network import Tie
from touchpoints.models import Level

Cells = dict[tuple[str, str], dict[str, Any]]
ROWS = "assessments_coveragerollup"
PAIRS = "assessments_pairrollup"
CHANNELS = "assessments_channelrollup"


def division_depth(filters: Filters) -> int | None:
    return filters.division.path.count("/") - 2 if filters.division else None


def answerable(filters: Filters, depth: int) -> bool:
    """Rolled-up rows hold whole subtrees: a division filter is one of them, or a set of them,
    only at or below the division's depth."""
    found = division_depth(filters)
    return found is None or depth >= found


def _fetch(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found: list[tuple[Any, ...]] = cursor.fetchall()
        return found


def _where(filters: Filters, table: str, depth: int) -> tuple[str, list[Any]]:
    """The rows of one depth, of the filters' location and (by path) division."""
    sql, params = f" {table}.depth = %s", list[Any]([depth])
    if filters.location:
        sql, params = f"{sql} AND {table}.location_id = %s", [*params, filters.location.id]
    if filters.division:
        sql += f" AND {table}.row_id IN (SELECT id FROM touchpoints_orgunit WHERE path LIKE %s)"
        params.append(f"{filters.division.path}%")
    return sql, params


def rolled_business_rows(
    workspace_id: int, filters: Filters, depth: int, cap: int
) -> tuple[list[Row], int]:
    """The first ``cap`` active business units at ``depth`` holding units coverage counts, and
    how many units at that depth hold any (two queries)."""
    where, params = _where(filters, ROWS, depth)
    counts = (
        f"SELECT row_id, sum(units) AS n FROM {ROWS} WHERE workspace_id = %s AND level = ''"
        f" AND {where} GROUP BY row_id HAVING sum(units) > 0"
    )
    found = _fetch(
        f"SELECT u.id, u.name, c.n FROM ({counts}) c JOIN touchpoints_orgunit u ON u.id = c.row_id"
        " WHERE u.side = 'business' AND u.is_active ORDER BY u.path LIMIT %s",
        [workspace_id, *params, cap],
    )
    (total,) = _fetch(f"SELECT count(*) FROM ({counts}) c", [workspace_id, *params])[0]
    return [Row(pk, name, n) for pk, name, n in found], total


def rolled_level_cells(workspace_id: int, filters: Filters, depth: int, keys: list[str]) -> Cells:
    """The level heatmap's cells of the rows ``keys`` (one query)."""
    if not keys:
        return {}
    where, params = _where(filters, ROWS, depth)
    levels = [filters.level] if filters.level else Level.values
    found = _fetch(
        "SELECT row_id, level, sum(touchpoints), sum(covered), sum(eff_sum), sum(rated)"
        f" FROM {ROWS} WHERE workspace_id = %s AND {where}"
        " AND row_id = ANY(%s) AND level = ANY(%s) GROUP BY 1, 2",
        [workspace_id, *params, [int(key) for key in keys], levels],
    )
    return {
        (str(row), level): {
            "n": n,
            "covered": covered,
            "eff": float(eff_sum) / float(rated) if rated else None,
        }
        for row, level, n, covered, eff_sum, rated in found
    }


def _measures(filters: Filters) -> tuple[str, str, str, str]:
    prefix = f"{filters.level}_" if filters.level else ""
    return tuple(f"{prefix}{name}" for name in ("touchpoints", "covered", "eff_sum", "rated"))  # type: ignore[return-value]  # four names, always


def rolled_team_cells(
    workspace_id: int, filters: Filters, depth: int, team_depth: int, row_ids: list[int]
) -> Cells:
    """The team heatmap's cells of the rows ``row_ids`` in its COLUMN_CAP busiest columns (one
    query): the heatmap shows no other, and ranks them as team_heatmap_of does (most touch
    points first, then by id as text). The mean is the same numeric division as PostgreSQL's
    avg(), so it matches the live figure to the last bit."""
    if not row_ids:
        return {}
    n, covered, eff_sum, rated = _measures(filters)
    where, params = _where(filters, PAIRS, depth)
    found = _fetch(
        f"WITH cells AS (SELECT row_id, column_id, sum({n}) AS n, sum({covered}) AS covered,"
        f" sum({eff_sum})::numeric / NULLIF(sum({rated}), 0)::numeric AS eff"
        f" FROM {PAIRS} WHERE workspace_id = %s AND {where} AND team_depth = %s"
        f" AND row_id = ANY(%s) AND {n} > 0 GROUP BY 1, 2),"
        " busiest AS (SELECT column_id FROM cells GROUP BY column_id"
        ' ORDER BY sum(n) DESC, column_id::text COLLATE "C" LIMIT %s)'
        " SELECT row_id, column_id, n, covered, eff FROM cells"
        " WHERE column_id IN (SELECT column_id FROM busiest)",
        [workspace_id, *params, team_depth, row_ids, COLUMN_CAP],
    )
    return {
        (str(row), str(column)): {
            "n": count,
            "covered": units,
            "eff": float(mean) if mean is not None else None,
        }
        for row, column, count, units, mean in found
    }


def rolled_ties(workspace_id: int, filters: Filters, depth: int, team_depth: int) -> list[Tie]:
    """Every linked pair of nodes with its touch points, then per level (one query)."""
    n = _measures(filters)[0]
    per_level = ", ".join(
        f"sum({level}_touchpoints)" if not filters.level or filters.level == level else "0"
        for level in Level.values
    )
    where, params = _where(filters, PAIRS, depth)
    return _fetch(
        f"SELECT row_id, column_id, sum({n}), {per_level} FROM {PAIRS}"
        f" WHERE workspace_id = %s AND {where} AND team_depth = %s AND {n} > 0 GROUP BY 1, 2",
        [workspace_id, *params, team_depth],
    )


def rolled_channel_counts(workspace_id: int, filters: Filters) -> dict[tuple[str, str], int]:
    """Current touch points by (channel category, level) (one query)."""
    where, params = _activity_where(filters, CHANNELS)
    if filters.level:
        where, params = f"{where} AND level = %s", [*params, filters.level]
    found = _fetch(
        f"SELECT category, level, sum(touchpoints) FROM {CHANNELS}"
        f" WHERE workspace_id = %s AND {where} GROUP BY 1, 2",
        [workspace_id, *params],
    )
    return {(category, level): n for category, level, n in found}


def rolled_unit_counts(workspace_id: int, filters: Filters) -> dict[str, int]:
    """The connected units (those only transactional, those with units below them) and the
    leaves in scope (one query)."""
    where, params = _activity_where(filters, ROWS)
    level = filters.level
    (found,) = _fetch(
        "SELECT COALESCE(sum(covered) FILTER (WHERE level = %s), 0),"
        " COALESCE(sum(transactional_only) FILTER (WHERE level = %s), 0),"
        " COALESCE(sum(connected_parents) FILTER (WHERE level = %s), 0),"
        " COALESCE(sum(leaves) FILTER (WHERE level = ''), 0)"
        f" FROM {ROWS} WHERE workspace_id = %s AND {where}",
        [level, level, level, workspace_id, *params],
    )
    units, transactional_only, parents, leaves = found
    return {
        "units": units,
        "transactional_only": transactional_only,
        "parents": parents,
        "leaves": leaves,
    }


def _activity_where(filters: Filters, table: str) -> tuple[str, list[Any]]:
    """The roots' rows (every unit), or the division's own rows."""
    sql, params = f"{table}.depth = %s", [division_depth(filters) or 0]
    if filters.division:
        sql, params = f"{sql} AND {table}.row_id = %s", [*params, filters.division.id]
    if filters.location:
        sql, params = f"{sql} AND {table}.location_id = %s", [*params, filters.location.id]
    return sql, params
