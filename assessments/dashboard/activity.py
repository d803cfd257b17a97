"""Touch points by level and channel, and how much still runs through transactional channels."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Count, Exists, F, OuterRef, Q

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
    def transactional_share(self) -> float:
        """Share of the business units whose only channels are the service desk and SLA reviews."""
        return self.transactional_only_units / self.business_units if self.business_units else 0.0

    @property
    def transactional_touchpoints(self) -> int:
        return sum(row.total for row in self.rows if row.is_transactional)

    @property
    def max_count(self) -> int:
        return max((row.total for row in self.rows), default=0)


def touchpoint_activity(workspace_id: int, filters: Filters) -> Activity:
    """Four queries: counts by (channel category, level), then units connected, transactional
    only, and in scope."""
    current = filters.touchpoints(
        TouchPoint.objects.filter(workspace_id=workspace_id, state=State.CURRENT)
    )
    counts = {
        (row["channel__category"], row["level"]): row["n"]
        for row in current.values("channel__category", "level").annotate(n=Count("id")).order_by()
    }
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
    per_unit = (
        current.filter(business_unit__is_active=True)
        .values("business_unit")
        .annotate(
            total=Count("id"),
            transactional=Count("id", filter=Q(channel__category__in=TRANSACTIONAL)),
        )
        .order_by()
    )
    # As the assessment's "every unit" scope: leaves, and units with touch points of their own
    # (a division whose teams meet IT is not itself an isolated unit).
    units = filters.business_units(
        OrgUnit.objects.filter(workspace_id=workspace_id, side=Side.BUSINESS, is_active=True)
    ).filter(
        ~Exists(OrgUnit.objects.filter(parent=OuterRef("pk"), is_active=True))
        | Exists(current.filter(business_unit=OuterRef("pk")))
    )
    return Activity(
        rows=rows,
        level_totals={level: sum(row.counts[level] for row in rows) for level in Level.values},
        total=sum(counts.values()),
        business_units=units.count(),
        connected_units=per_unit.count(),
        transactional_only_units=per_unit.filter(transactional=F("total")).count(),
    )
