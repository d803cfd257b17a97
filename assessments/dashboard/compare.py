"""Compare two assessments: unit score and band movements, touch points gained and lost, and
gaps closed and opened.

Assessments store scores, not the touch points they read, so "gained and lost" comes from the
touch point history (TouchPointChange) between the two assessments' times, beside the change
in the stored input counts. Gaps are matched by (rule, subject) across the two assessments'
finished gap reports.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Count, Q

from assessments.dashboard.filters import Filters
from assessments.dashboard.gap_changes import report_deltas
from assessments.gap_deltas import GapDeltas
from assessments.models import Assessment, GapReport, ReportStatus, UnitScore
from assessments.slope import tables
from touchpoints.models import Side, TouchPointChange

LIST_CAP = 25


@dataclass(frozen=True, slots=True)
class Movement:
    name: str
    side: str
    before: float | None
    after: float | None
    band_before: str
    band_after: str

    @property
    def change(self) -> float | None:
        """None for a unit only one of the two assessments scored (a new or a vanished unit
        did not gain or lose its whole score)."""
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def in_both(self) -> bool:
        return self.before is not None and self.after is not None

    @property
    def band_moved(self) -> bool:
        return self.band_before != self.band_after


@dataclass(frozen=True, slots=True)
class Comparison:
    before: Assessment
    after: Assessment
    movements: list[Movement]
    units_compared: int
    bands_up: int
    bands_down: int
    created: int
    deleted: int
    updated: int
    recent_changes: list[TouchPointChange]
    gaps_known: bool
    opened_count: int = 0
    closed_count: int = 0
    deltas: GapDeltas | None = None

    @property
    def score_change(self) -> float:
        return self.after.score - self.before.score

    @property
    def touchpoint_change(self) -> int:
        return self.after.current_touchpoint_count - self.before.current_touchpoint_count


BAND_ORDER = [name for name, _ in tables.BANDS]


def compare(before: Assessment, after: Assessment, filters: Filters) -> Comparison:
    """Seven queries: both assessments' unit scores, the history counts and latest entries, the
    finished reports, and their gaps with what explains the deltas (gap_changes)."""
    if before.created_at > after.created_at:
        before, after = after, before
    paired: dict[object, dict[int, tuple[Any, ...]]] = {}
    for score in _unit_scores([before.pk, after.pk], filters):
        assessment_id, unit_id, code = score[:3]
        paired.setdefault(unit_id or code, {})[assessment_id] = score
    movements = []
    for by_assessment in paired.values():
        old, new = by_assessment.get(before.pk), by_assessment.get(after.pk)
        some = new or old
        if some is None:
            continue
        movements.append(
            Movement(
                some[3],
                some[4],
                old[5] if old else None,
                new[5] if new else None,
                old[6] if old else "",
                new[6] if new else "",
            )
        )
    both = [m for m in movements if m.in_both]
    up = sum(1 for m in both if _rank(m.band_after) > _rank(m.band_before))
    down = sum(1 for m in both if _rank(m.band_after) < _rank(m.band_before))
    movements.sort(key=lambda m: (m.change is None, -abs(m.change or 0.0), m.name))
    history = TouchPointChange.objects.filter(
        workspace_id=after.workspace_id,
        changed_at__gt=before.created_at,
        changed_at__lte=after.created_at,
    )
    counts = history.aggregate(
        created=Count("id", filter=Q(action="created")),
        deleted=Count("id", filter=Q(action="deleted")),
        updated=Count("id", filter=Q(action="updated")),
    )
    comparison = Comparison(
        before, after, movements[:LIST_CAP], len(both), up, down,
        counts["created"], counts["deleted"], counts["updated"], list(history[:LIST_CAP]),
        gaps_known=False,
    )  # fmt: skip
    return _with_gaps(comparison, filters)


def _rank(band: str) -> int:
    return BAND_ORDER.index(band) if band in BAND_ORDER else -1


def _unit_scores(assessment_ids: list[int], filters: Filters) -> list[tuple[Any, ...]]:
    """(assessment id, unit id, code, name, side, score, band) of both assessments' units."""
    scores = UnitScore.objects.filter(assessment_id__in=assessment_ids)
    if filters.division:
        scores = scores.filter(Q(side=Side.IT) | Q(path__startswith=filters.division.path))
    if filters.location:
        scores = scores.filter(unit__location_id=filters.location.id)
    fields = ("assessment_id", "unit_id", "code", "name", "side", "score", "band")
    return list(scores.values_list(*fields))


def _with_gaps(comparison: Comparison, filters: Filters) -> Comparison:
    reports = {
        report.assessment_id: report
        for report in GapReport.objects.filter(
            assessment_id__in=[comparison.before.pk, comparison.after.pk],
            status=ReportStatus.DONE,
        )
    }
    old, new = reports.get(comparison.before.pk), reports.get(comparison.after.pk)
    if old is None or new is None:
        return comparison
    old.assessment, new.assessment = comparison.before, comparison.after
    deltas = report_deltas(old, new, filters)
    return replace(
        comparison,
        gaps_known=True,
        opened_count=len(deltas.opened_gaps),
        closed_count=len(deltas.closed_gaps),
        deltas=deltas,
    )
