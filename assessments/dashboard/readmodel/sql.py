"""The statements that roll a workspace's touch points up into the read model (PostgreSQL).

Each reads the live tables once, in the rebuild's snapshot, and writes one table's rows for
every depth at once: ``generate_series(0, depth)`` pairs each unit with its ancestors, whose ids
are the fields of its materialised path (see assessments.dashboard.tree_sql). The rules are the
live panels' own (assessments.dashboard.heatmaps, activity, network): current touch points
whose two ends are active; coverage is a share of the leaves and of the units with current
touch points of their own.
"""

from __future__ import annotations

from touchpoints.models import Level

# Current touch points whose ends are both active, with what every statement below reads.
CURRENT = """
    SELECT t.business_unit_id AS unit, b.path, b.depth, b.location_id, t.level,
           t.effectiveness, c.category, i.path AS team_path, i.depth AS team_depth
    FROM touchpoints_touchpoint t
    JOIN touchpoints_orgunit b ON b.id = t.business_unit_id
    JOIN touchpoints_orgunit i ON i.id = t.it_team_id
    LEFT JOIN touchpoints_channel c ON c.id = t.channel_id
    WHERE t.workspace_id = %(workspace)s AND t.state = 'current' AND b.is_active AND i.is_active
"""

COVERAGE = f"""
INSERT INTO assessments_coveragerollup (workspace_id, depth, row_id, location_id, level,
    touchpoints, covered, eff_sum, rated, transactional_only, connected_parents, units, leaves)
WITH tp AS (
    SELECT unit, COALESCE(level, '') AS level, count(*) AS n,
           COALESCE(sum(effectiveness), 0) AS eff_sum, count(effectiveness) AS rated,
           count(*) FILTER (WHERE category = ANY(%(transactional)s)) AS transactional
    FROM ({CURRENT}) current
    GROUP BY GROUPING SETS ((unit, level), (unit))
),
units AS (
    SELECT u.id, u.path, u.depth, u.location_id, u.side = 'business' AS is_business,
           EXISTS (SELECT 1 FROM touchpoints_orgunit k
                   WHERE k.parent_id = u.id AND k.is_active) AS has_children,
           EXISTS (SELECT 1 FROM touchpoints_touchpoint o
                   WHERE o.business_unit_id = u.id AND o.state = 'current') AS own_current
    FROM touchpoints_orgunit u
    WHERE u.workspace_id = %(workspace)s AND u.is_active
      AND (u.side = 'business' OR u.id IN (SELECT unit FROM tp))
),
facts AS (
    SELECT u.*, COALESCE(tp.level, '') AS level, tp.unit IS NOT NULL AS connected,
           COALESCE(tp.n, 0) AS n, COALESCE(tp.eff_sum, 0) AS eff_sum,
           COALESCE(tp.rated, 0) AS rated, tp.transactional
    FROM units u LEFT JOIN tp ON tp.unit = u.id
)
SELECT %(workspace)s, d, split_part(f.path, '/', d + 2)::bigint, f.location_id, f.level,
       sum(f.n), count(*) FILTER (WHERE f.connected), sum(f.eff_sum), sum(f.rated),
       count(*) FILTER (WHERE f.connected AND f.transactional = f.n),
       count(*) FILTER (WHERE f.connected AND f.has_children),
       count(*) FILTER (WHERE f.level = '' AND f.is_business
                        AND (NOT f.has_children OR f.own_current)),
       count(*) FILTER (WHERE f.level = '' AND f.is_business AND NOT f.has_children)
FROM facts f CROSS JOIN LATERAL generate_series(0, f.depth) AS d
GROUP BY d, 3, f.location_id, f.level
"""

# The overview's activity filters by a division (depth 0 or 1) or none (the roots).
CHANNELS = f"""
INSERT INTO assessments_channelrollup (workspace_id, depth, row_id, location_id, level,
    category, touchpoints)
SELECT %(workspace)s, d, split_part(current.path, '/', d + 2)::bigint, current.location_id,
       current.level, COALESCE(current.category, ''), count(*)
FROM ({CURRENT}) current CROSS JOIN LATERAL generate_series(0, LEAST(current.depth, 1)) AS d
GROUP BY 2, 3, 4, 5, 6
"""


def _per_level(level: str) -> str:
    return (
        f"COALESCE(sum(n) FILTER (WHERE level = '{level}'), 0),"
        f" count(*) FILTER (WHERE level = '{level}'),"
        f" COALESCE(sum(eff_sum) FILTER (WHERE level = '{level}'), 0),"
        f" COALESCE(sum(rated) FILTER (WHERE level = '{level}'), 0)"
    )


LEVELS = tuple(Level.values)
LEVEL_COLUMNS = ", ".join(
    f"{level}_touchpoints, {level}_covered, {level}_eff_sum, {level}_rated" for level in LEVELS
)

# Per (unit, IT ancestor, level) first, with a row for every level of the pair (level NULL):
# covered units are then plain counts, not COUNT(DISTINCT) over every touch point.
PAIRS = f"""
INSERT INTO assessments_pairrollup (workspace_id, depth, row_id, team_depth, column_id,
    location_id, touchpoints, covered, eff_sum, rated, {LEVEL_COLUMNS})
WITH per_unit AS (
    SELECT unit, path, depth, location_id, td, split_part(team_path, '/', td + 2)::bigint AS col,
           level, count(*) AS n, COALESCE(sum(effectiveness), 0) AS eff_sum,
           count(effectiveness) AS rated
    FROM ({CURRENT}) current CROSS JOIN LATERAL generate_series(0, current.team_depth) AS td
    GROUP BY GROUPING SETS ((unit, path, depth, location_id, td, col, level),
                            (unit, path, depth, location_id, td, col))
)
SELECT %(workspace)s, d, split_part(path, '/', d + 2)::bigint, td, col, location_id,
       sum(n) FILTER (WHERE level IS NULL), count(*) FILTER (WHERE level IS NULL),
       sum(eff_sum) FILTER (WHERE level IS NULL), sum(rated) FILTER (WHERE level IS NULL),
       {", ".join(_per_level(level) for level in LEVELS)}
FROM per_unit CROSS JOIN LATERAL generate_series(0, per_unit.depth) AS d
GROUP BY d, 3, td, col, location_id
"""

CURRENT_COUNT = """
SELECT count(*) FROM touchpoints_touchpoint t
WHERE t.workspace_id = %(workspace)s AND t.state = 'current'
"""
