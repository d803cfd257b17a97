"""What the board pack shows (the PDF and the deck draw the same): the slope with the marker, the
six dimensions with their one-line why, the trend, the top gaps with recommendations, the
heatmap, the plan's open actions and the latest perception survey.

Read in the report job, beside the other files, from what the job holds in memory (the new
assessment is not stored yet) and a fixed number of queries; a report asked for from the
dashboard carries its filters (location, division, level) and the pack shows that view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict
from django.utils import timezone

from assessments.assess import ScopeInput, UnitRow
from assessments.dashboard.filters import Filters, filter_choices, parse_filters
from assessments.dashboard.heatmaps import Heatmap, heatmap_rows, level_heatmap
from assessments.dashboard.position import (
    DimensionBar,
    TrendPoint,
    dimension_bars,
)
from assessments.glossary import BAND_MEANINGS
from assessments.models import Action, Assessment, GapReport
from assessments.report_sheets import rule_label
from assessments.round_results import RoundPoint, perception_trend
from assessments.rows import GapRow, UnitScoreRow

TOP_GAPS = 10
TREND_POINTS = 12
HEATMAP_ROWS = 15
PLAN_ACTIONS = 10


@dataclass(frozen=True, slots=True)
class PackGap:
    rule: str
    severity: str
    subject: str
    recommendation: str


@dataclass(frozen=True, slots=True)
class PackAction:
    title: str
    owner: str
    due: str
    status: str
    gap: str


@dataclass(frozen=True, slots=True)
class BoardPack:
    workspace: str
    scope: str
    view: str  # the dashboard filters it was asked with, in words
    generated: dt.datetime
    assessment: Assessment
    filtered_units: int | None
    filtered_mean: float | None
    bars: list[DimensionBar]
    trend: list[TrendPoint]
    gaps: list[PackGap]
    total_gaps: int
    severity_counts: list[tuple[str, int]]
    heatmap: Heatmap | None
    actions: list[PackAction] = field(default_factory=list)
    perception: RoundPoint | None = None

    @property
    def band_meaning(self) -> str:
        meaning = BAND_MEANINGS.get(self.assessment.band)
        return f"{meaning[0]} (≈ Luftman level {meaning[1]})" if meaning else ""

    @property
    def heatmap_rows(self) -> int:
        return len(self.heatmap.rows) if self.heatmap else 0


def report_filters(report: GapReport) -> Filters:
    """The report's stored dashboard filters, checked against the workspace as the dashboard
    checks its query string (unknown or foreign values are dropped)."""
    if not report.filters:
        return Filters()
    query = QueryDict(urlencode({k: str(v) for k, v in report.filters.items()}))
    return parse_filters(query, filter_choices(report.workspace_id))


def in_view(unit: UnitRow | None, filters: Filters) -> bool:
    if unit is None:
        return not (filters.location or filters.division)
    if filters.location and unit.location != filters.location.name:
        return False
    return not filters.division or unit.path.startswith(filters.division.path)


def top_gaps(
    gaps: Iterable[GapRow], units: Mapping[int, UnitRow], filters: Filters
) -> list[PackGap]:
    chosen = []
    for gap in gaps:
        if not in_view(units.get(gap.business_unit_id or 0), filters):
            continue
        if filters.level and gap.level not in (filters.level, ""):
            continue
        chosen.append(
            PackGap(rule_label(gap.rule), gap.severity, gap.subject_label, gap.recommendation)
        )
        if len(chosen) == TOP_GAPS:
            break
    return chosen


def trend(report: GapReport, assessment: Assessment) -> list[TrendPoint]:
    """The stored assessments before this one, oldest first, and this one (not stored yet)."""
    history = list(report.workspace.assessments.all()[: TREND_POINTS - 1])
    now = timezone.now()
    points = [
        TrendPoint(a.pk, f"{a.created_at:%Y-%m-%d}", a.score, a.band, a.scope_label)
        for a in reversed(history)
    ]
    return [*points, TrendPoint(0, f"{now:%Y-%m-%d}", assessment.score, assessment.band, "")]


def pack_actions(workspace_id: int, today: dt.date) -> list[PackAction]:
    open_actions = (
        Action.objects.open()
        .filter(workspace_id=workspace_id)
        .select_related("owner")
        .order_by("due", "pk")[:PLAN_ACTIONS]
    )
    return [
        PackAction(
            action.title,
            action.owner_name,
            f"{action.due:%Y-%m-%d}" if action.due else "",
            action.status_label + (" (overdue)" if action.is_overdue(today) else ""),
            rule_label(action.gap_rule) if action.gap_rule else "",
        )
        for action in open_actions
    ]


def heatmap(workspace_id: int, filters: Filters) -> Heatmap | None:
    """Business units × levels at the divisions (their departments once a division is chosen)."""
    choices = filter_choices(workspace_id)
    top = choices.divisions[0].path.count("/") - 2 if choices.divisions else 0
    depth = top + 1 if filters.division else top
    found = level_heatmap(workspace_id, filters, heatmap_rows(workspace_id, filters, depth))
    if not found.rows:
        return None
    rows = found.rows[:HEATMAP_ROWS]
    return Heatmap(found.depth, found.max_depth, found.columns, rows, found.total_rows, 3)


def filtered_mean(
    units: Sequence[UnitScoreRow], rows: Mapping[int, UnitRow], filters: Filters
) -> tuple[int | None, float | None]:
    if not (filters.location or filters.division):
        return None, None
    scores = [
        unit.score
        for unit in units
        if unit.side == "business" and in_view(rows[unit.unit_id], filters)
    ]
    return len(scores), (sum(scores) / len(scores) if scores else None)


def board_pack(
    report: GapReport,
    assessment: Assessment,
    gaps: Iterable[GapRow],
    units: Sequence[UnitScoreRow],
    data: ScopeInput,
) -> BoardPack:
    filters = report_filters(report)
    counts = report.gap_counts_by_severity
    count, mean = filtered_mean(units, data.units, filters)
    perception = perception_trend(report.workspace_id)
    return BoardPack(
        workspace=report.workspace.name,
        scope=assessment.scope_label,
        view=filters.describe(),
        generated=timezone.now(),
        assessment=assessment,
        filtered_units=count,
        filtered_mean=mean,
        bars=dimension_bars(assessment),
        trend=trend(report, assessment),
        gaps=top_gaps(gaps, data.units, filters),
        total_gaps=report.total_gaps,
        severity_counts=[
            (s, counts[s]) for s in ("critical", "high", "medium", "low", "info") if counts.get(s)
        ],
        heatmap=heatmap(report.workspace_id, filters),
        actions=pack_actions(report.workspace_id, timezone.localdate()),
        perception=perception[0] if perception else None,
    )
