"""The database side of assessments.gap_deltas: read two finished gap reports' gaps and what
changed on the map between their assessments, and explain the move in the gap count."""

from __future__ import annotations

from collections import Counter

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import MD5, Coalesce

from assessments.dashboard.filters import Filters
from assessments.gap_deltas import (
    GapDeltas,
    GapMoves,
    GapRecord,
    MapChanges,
    MovedGaps,
    reasons_of,
    tally,
)
from assessments.models import Assessment, Gap, GapReport, ReportStatus, UnitScore
from assessments.models.reports import stored_subjects_by_rule
from touchpoints.models import OrgUnit, State, TouchPoint

GAP_FIELDS = ("rule", "subject_label", "business_unit_id", "it_team_id", "touch_point_id")


def report_deltas(old: GapReport, new: GapReport, filters: Filters) -> GapDeltas:
    """The move between the reports as far as ``filters`` go (see report_move)."""
    return report_move(old, new, filters)[1]


def report_move(old: GapReport, new: GapReport, filters: Filters) -> tuple[MovedGaps, GapDeltas]:
    """The gaps that moved between the reports, each with why, and the move they make.

    Up to seven queries, none of which reads every gap into Python: the filtered units' ids
    (under a location or division), each report's stored gaps by rule (unless both reports keep
    them), the gaps only one of them has (an anti-join each), the older one's isolated units
    among those, and what changed on the map for the units that moved."""
    if old.assessment is None or new.assessment is None:
        raise ValueError("Both reports need an assessment to compare their gaps")
    condition = filters.gap_condition(new.workspace_id)
    old_gaps = Gap.objects.filter(report_id=old.pk).filter(condition)
    new_gaps = Gap.objects.filter(report_id=new.pk).filter(condition)
    stored = stored_by_rule(old, new, condition)
    narrowed = bool(condition)  # a level filter alone keeps every gap
    opened, closed = only_in(new_gaps, old_gaps, narrowed), only_in(old_gaps, new_gaps, narrowed)
    moved_units = {unit for gap in (*opened, *closed) for unit in gap.units}
    moves = GapMoves(
        opened,
        closed,
        stored[old.pk],
        stored[new.pk],
        # Over all the older report's gaps: an IT team's isolation gap is about no business
        # unit, so a unit filter would hide that a pair's team was isolated.
        isolated_among(Gap.objects.filter(report_id=old.pk), {u for g in opened for u in g.units}),
    )
    moved = reasons_of(moves, map_changes(old.assessment, new.assessment, moved_units))
    return moved, tallied(old, new, moved, stored, filters)


def kept_move_among(
    old: GapReport, new: GapReport, moved: MovedGaps, filters: Filters
) -> GapDeltas | None:
    """The move as far as ``filters`` go, from the unfiltered move's gaps: those about the units
    the filters keep, against those units' stored gaps (one query, and the units' ids); None
    when a kept unit shares a gap's rule and subject with another unit (see MovedGaps)."""
    condition = filters.gap_condition(new.workspace_id)
    among = moved.about(set(filters.unit_ids(new.workspace_id))) if condition else moved
    if among is None:
        return None
    return tallied(old, new, among, stored_by_rule(old, new, condition), filters)


def shared_units(report_ids: list[int]) -> frozenset[int]:
    """The business units with a gap whose rule and subject label another business unit's gap
    (or one about no business unit) has, in these reports: one query."""
    # Distinct among the units, None counted too (Coalesce: a pk is never 0).
    unit = Coalesce("business_unit_id", 0)
    keys = (
        Gap.objects.filter(report_id__in=report_ids)
        .values("rule", "subject_label")
        .annotate(units=Count(unit, distinct=True), ids=ArrayAgg(unit, distinct=True))
        .filter(units__gt=1)
        .values_list("ids", flat=True)
        .order_by()
    )
    return frozenset(pk for ids in keys for pk in ids if pk)


def tallied(
    old: GapReport,
    new: GapReport,
    moved: MovedGaps,
    stored: dict[int, Counter[str]],
    filters: Filters,
) -> GapDeltas:
    truncated = truncated_rules(old) | truncated_rules(new)
    if filters.is_active:  # the reports' totals are the whole workspace's: count what matches
        return tally(moved, stored[old.pk], stored[new.pk], truncated=truncated)
    totals = (old.gap_counts_by_rule, new.gap_counts_by_rule)
    return tally(moved, stored[old.pk], stored[new.pk], *totals, truncated)


def stored_by_rule(old: GapReport, new: GapReport, condition: Q) -> dict[int, Counter[str]]:
    """Both reports' stored gaps by rule, one per subject: kept on each report since it was
    stored, counted here under a unit filter or for older reports."""
    if not condition and old.subjects_by_rule is not None and new.subjects_by_rule is not None:
        return {old.pk: Counter(old.subjects_by_rule), new.pk: Counter(new.subjects_by_rule)}
    return stored_subjects_by_rule([old.pk, new.pk], condition)


def only_in(gaps: QuerySet[Gap], others: QuerySet[Gap], narrowed: bool) -> list[GapRecord]:
    """The gaps of ``gaps`` whose rule and subject ``others`` lacks, one per subject."""
    same = others.filter(rule=OuterRef("rule"), subject_label=OuterRef("subject_label"))
    if narrowed:
        # Few gaps pass a unit filter, but the planner cannot tell (it guesses 8 for 450) and looks
        # each one up: through gap_subject_idx by the label's digest, not by scanning the rule's
        # gaps (80 ms). Unfiltered, it hashes both sides on the label, and computing 25,000
        # digests would cost it more than that saves.
        same = same.alias(digest=MD5("subject_label")).filter(digest=MD5(OuterRef("subject_label")))
    # Each gap's unit paths by a lookup per gap found, not a join: joined, the planner hashes
    # every unit of the workspace twice (9 ms of 16 at 11,000 units) for the few gaps that moved.
    paths = {
        "unit_path": Subquery(
            OrgUnit.objects.filter(pk=OuterRef("business_unit_id")).values("path")
        ),
        "team_path": Subquery(OrgUnit.objects.filter(pk=OuterRef("it_team_id")).values("path")),
    }
    found: dict[tuple[str, str], GapRecord] = {}
    for rule, subject, unit, team, tp, unit_path, team_path in (
        gaps.exclude(Exists(same))
        .annotate(**paths)
        .values_list(*GAP_FIELDS, "unit_path", "team_path")
        .order_by()
    ):
        record = GapRecord(rule, subject, unit, team, tp, unit_path or "", team_path or "")
        found[record.key] = record
    return list(found.values())


def isolated_among(old_gaps: QuerySet[Gap], units: set[int]) -> frozenset[int]:
    """Which of ``units`` the older report found isolated (GAP-02)."""
    if not units:
        return frozenset()
    isolated = old_gaps.filter(rule="GAP-02").filter(
        Q(business_unit_id__any_of=units) | Q(it_team_id__any_of=units)
    )
    pairs = isolated.values_list("business_unit_id", "it_team_id")
    return frozenset(unit for pair in pairs for unit in pair if unit in units)


def truncated_rules(report: GapReport) -> frozenset[str]:
    limit = report.stored_gap_limit
    counts: dict[str, int] = report.gap_counts_by_rule or {}
    return frozenset(rule for rule, n in counts.items() if limit is not None and n > limit)


def map_changes(before: Assessment, after: Assessment, units: set[int]) -> MapChanges:
    """What changed between the assessments, as far as ``units`` (the moved gaps') go."""
    assessed: dict[int, set[int]] = {before.pk: set(), after.pk: set()}
    scores = UnitScore.objects.filter(
        assessment_id__in=[before.pk, after.pk], unit_id__any_of=units
    )
    for assessment_id, unit_id in scores.values_list("assessment_id", "unit_id"):
        assessed[assessment_id].add(unit_id)
    added = (
        TouchPoint.objects.filter(
            workspace_id=after.workspace_id,
            created_at__gt=before.created_at,
            created_at__lte=after.created_at,
        )
        .values_list("id", "state", "business_unit__path", "it_team__path")
        .order_by()
    )
    new_current: set[int] = set()
    pairs: dict[bool, set[tuple[str, str]]] = {True: set(), False: set()}
    for pk, state, unit_path, team_path in added:
        pairs[state == State.DESIRED].add((unit_path, team_path))
        if state != State.DESIRED:
            new_current.add(pk)
    return MapChanges(
        frozenset(assessed[before.pk]),
        frozenset(assessed[after.pk]),
        frozenset(new_current),
        new_current_pairs=frozenset(pairs[False]),
        new_desired_pairs=frozenset(pairs[True]),
        desired_before=before.desired_touchpoint_count > 0,
    )


def since_previous(report: GapReport, filters: Filters) -> tuple[GapReport, GapDeltas] | None:
    """The newest report's move since the finished report before it (of any kind)."""
    previous = previous_report(report)
    if previous is None or report.assessment is None:
        return None
    return previous, report_deltas(previous, report, filters)


def previous_report(report: GapReport) -> GapReport | None:
    """The finished report before ``report`` (of any kind), with its assessment."""
    return (
        GapReport.objects.filter(
            workspace_id=report.workspace_id,
            status=ReportStatus.DONE,
            created_at__lt=report.created_at,
        )
        .exclude(assessment=None)
        .select_related("assessment")
        .first()
    )
