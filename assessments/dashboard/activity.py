"""Touch points by level and channel, and how much still runs through transactional channels."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from assessments.dashboard.filters import Filters
from assessments.slope import tables
from touchpoints.models import ChannelCategory, Level, OrgUnit, Side, State, TouchPoint

# The channels of the order taker and the service provider (depth ≤ 0.4 on the slope).
TRANSACTIONAL = tuple(
    category
    for category, depth in tables.CHANNEL_DEPTH.items()
    if depth <= tables.TRANSACTIONAL_DEPTH_MAX
)


@dataclass(frozen=True, slots=True)
class ChannelRow:
    category: str
    label: str
    depth: Fraction
    counts: dict[str, int]  # by level
    total: int

    @property
    def depth_shown(self) -> float:
        return float(self.depth)

    @property
    def is_transactional(self) -> bool:
        return self.category in TRANSACTIONAL


@dataclass(frozen=True, slots=True)
class Activity:
    rows: list[ChannelRow]
    level_totals: dict[str, int]
    total: int
    business_units: int
    connected_units: int
    transactional_only_units: int

    @property
    def isolated_units(self) -> int:
        return self.business_units - self.connected_units

    @property
    def transactional_touchpoints(self) -> int:
        return sum(row.total for row in self.rows if row.is_transactional)

    @property
    def max_count(self) -> int:
        return max((row.total for row in self.rows), default=0)


def touchpoint_activity(workspace_id: int, filters: Filters) -> Activity:
    """Three queries: counts by (channel category, level), the connected units (and which of
    them are transactional only or have units below them), and the leaves in scope."""
    current = filters.touchpoints(
        TouchPoint.objects.filter(
            workspace_id=workspace_id,
            state=State.CURRENT,
            business_unit__is_active=True,
            it_team__is_active=True,
        )
    )
    counts = {
        (row["channel__category"], row["level"]): row["n"]
        for row in current.values("channel__category", "level").annotate(n=Count("id")).order_by()
    }
    connected = _connected_units(current)
    # As the assessment's "every unit" scope: leaves, and units with touch points of their own
    # (a division whose teams meet IT is not itself an isolated unit). Connected units are in
    # scope already, so the units with units below them add to the leaves.
    leaves = filters.business_units(
        OrgUnit.objects.filter(workspace_id=workspace_id, side=Side.BUSINESS, is_active=True)
    ).filter(~Exists(OrgUnit.objects.filter(parent=OuterRef("pk"), is_active=True)))
    return activity_of(counts, connected, leaves.count())


def activity_of(
    counts: dict[tuple[str, str], int], connected: dict[str, int], leaves: int
) -> Activity:
    """The activity panel from touch point counts by (channel category, level), the connected
    units' counts and the leaves in scope, live or rolled up."""
    rows = [
        ChannelRow(
            category=category,
            label=label,
            depth=tables.CHANNEL_DEPTH[category],
            counts={level: counts.get((category, level), 0) for level in Level.values},
            total=sum(counts.get((category, level), 0) for level in Level.values),
        )
        for category, label in ChannelCategory.choices
    ]
    return Activity(
        rows=rows,
        level_totals={level: sum(row.counts[level] for row in rows) for level in Level.values},
        total=sum(counts.values()),
        business_units=leaves + connected["parents"],
        connected_units=connected["units"],
        transactional_only_units=connected["transactional_only"],
    )


def _connected_units(current: QuerySet[TouchPoint]) -> dict[str, int]:
    """One pass over the touch points: the active business units they reach, those whose only
    channels are transactional, and those with active units below them."""
    per_unit = (
        current.filter(business_unit__is_active=True)
        .values("business_unit")
        .annotate(
            total=Count("id"),
            transactional=Count("id", filter=Q(channel__category__in=TRANSACTIONAL)),
        )
        .order_by()
    )
    inner, params = per_unit.query.sql_with_params()
    # The parent test runs once per connected unit, after grouping (not once per touch point).
    sql = (
        "SELECT COUNT(*), COUNT(*) FILTER (WHERE t.transactional = t.total),"
        f" COUNT(*) FILTER (WHERE EXISTS (SELECT 1 FROM {OrgUnit._meta.db_table} c"
        " WHERE c.parent_id = t.business_unit AND c.is_active))"
        f" FROM ({inner}) t"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        units, transactional_only, parents = cursor.fetchone()
    return {"units": units, "transactional_only": transactional_only, "parents": parents}
