"""The database side of assessments.gap_deltas: read two finished gap reports' gaps and what
changed on the map between their assessments, and explain the move in the gap count."""

from __future__ import annotations

from assessments.dashboard.filters import Filters
from assessments.gap_deltas import GapDeltas, GapRecord, MapChanges, explain
from assessments.models import Assessment, Gap, GapReport, ReportStatus, UnitScore
from touchpoints.models import State, TouchPoint

GAP_FIELDS = (
    "report_id",
    "rule",
    "subject_label",
    "business_unit_id",
    "it_team_id",
    "touch_point_id",
    "business_unit__path",
    "it_team__path",
)


def report_deltas(old: GapReport, new: GapReport, filters: Filters) -> GapDeltas:
    """Three queries: both reports' gaps, both assessments' units, the touch points added."""
    records: dict[int, list[GapRecord]] = {old.pk: [], new.pk: []}
    gaps = Gap.objects.filter(report_id__in=[old.pk, new.pk]).filter(
        filters.unit_condition("business_unit__")
    )
    for report_id, rule, subject, unit, team, tp, unit_path, team_path in gaps.values_list(
        *GAP_FIELDS
    ):
        records[report_id].append(
            GapRecord(rule, subject, unit, team, tp, unit_path or "", team_path or "")
        )
    if old.assessment is None or new.assessment is None:
        raise ValueError("Both reports need an assessment to compare their gaps")
    changes = map_changes(old.assessment, new.assessment)
    truncated = truncated_rules(old) | truncated_rules(new)
    if filters.is_active:  # the reports' totals are the whole workspace's: count what matches
        return explain(records[old.pk], records[new.pk], changes, truncated=truncated)
    return explain(
        records[old.pk],
        records[new.pk],
        changes,
        old.gap_counts_by_rule,
        new.gap_counts_by_rule,
        truncated,
    )


def truncated_rules(report: GapReport) -> frozenset[str]:
    limit = report.stored_gap_limit
    counts: dict[str, int] = report.gap_counts_by_rule or {}
    return frozenset(rule for rule, n in counts.items() if limit is not None and n > limit)


def map_changes(before: Assessment, after: Assessment) -> MapChanges:
    units: dict[int, set[int]] = {before.pk: set(), after.pk: set()}
    scores = UnitScore.objects.filter(assessment_id__in=[before.pk, after.pk], unit__isnull=False)
    for assessment_id, unit_id in scores.values_list("assessment_id", "unit_id"):
        units[assessment_id].add(unit_id)
    added = TouchPoint.objects.filter(
        workspace_id=after.workspace_id,
        created_at__gt=before.created_at,
        created_at__lte=after.created_at,
    ).values_list("id", "state", "business_unit__path", "it_team__path")
    new_current: set[int] = set()
    pairs: dict[bool, set[tuple[str, str]]] = {True: set(), False: set()}
    for pk, state, unit_path, team_path in added:
        pairs[state == State.DESIRED].add((unit_path, team_path))
        if state != State.DESIRED:
            new_current.add(pk)
    return MapChanges(
        frozenset(units[before.pk]),
        frozenset(units[after.pk]),
        frozenset(new_current),
        new_current_pairs=frozenset(pairs[False]),
        new_desired_pairs=frozenset(pairs[True]),
        desired_before=before.desired_touchpoint_count > 0,
    )


def since_previous(report: GapReport, filters: Filters) -> tuple[GapReport, GapDeltas] | None:
    """The newest report's move since the finished report before it (of any kind)."""
    previous = (
        GapReport.objects.filter(
            workspace_id=report.workspace_id,
            status=ReportStatus.DONE,
            created_at__lt=report.created_at,
        )
        .exclude(assessment=None)
        .select_related("assessment")
        .first()
    )
    if previous is None or report.assessment is None:
        return None
    return previous, report_deltas(previous, report, filters)
