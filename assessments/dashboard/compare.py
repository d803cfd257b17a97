"""Compare two assessments: unit score and band movements, touch points gained and lost, and
gaps closed and opened.

Assessments store scores, not the touch points they read, so "gained and lost" comes from the
touch point history (TouchPointChange) between the two assessments' times, beside the change
in the stored input counts. Gaps are matched by (rule, subject) across the two assessments'
finished gap reports.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass, replace

from django.db import connection
from django.db.models import Count, Q, QuerySet

from assessments.dashboard.filters import Filters
from assessments.dashboard.gap_changes import report_deltas
from assessments.dashboard.readmodel.freshness import Freshness
from assessments.dashboard.readmodel.gap_move import kept_deltas
from assessments.gap_deltas import GapDeltas
from assessments.models import Assessment, GapReport, ReportStatus, ScoreMovements, UnitScore
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


def compare(
    before: Assessment, after: Assessment, filters: Filters, fresh: Freshness | None = None
) -> Comparison:
    """Seven queries: both assessments' movements (kept, or worked out and kept: two more), the
    history counts and latest entries, the finished reports, and their gaps with what explains
    the deltas: kept for the newest two reports under ``fresh``'s stamp (one query; two more
    under a location or division, readmodel.gap_move), else worked out (gap_changes)."""
    if before.created_at > after.created_at:
        before, after = after, before
    movements, both, up, down = _movements(before, after, filters)
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
        before, after, movements, both, up, down,
        counts["created"], counts["deleted"], counts["updated"], list(history[:LIST_CAP]),
        gaps_known=False,
    )  # fmt: skip
    return _with_gaps(comparison, filters, fresh)


MOVEMENTS_SQL = """
WITH scores AS ({scores}),
keyed AS (
    SELECT CASE WHEN unit_id IS NOT NULL THEN 'u' || unit_id ELSE 'c' || code END AS k,
           id, assessment_id, name, side, score, band
    FROM scores
),
old AS (SELECT * FROM keyed WHERE assessment_id = %s),
new AS (SELECT * FROM keyed WHERE assessment_id = %s),
paired AS (
    SELECT CASE WHEN new.k IS NULL THEN old.name ELSE new.name END AS name,
           CASE WHEN new.k IS NULL THEN old.side ELSE new.side END AS side,
           old.score AS before, new.score AS after,
           COALESCE(old.band, '') AS band_before, COALESCE(new.band, '') AS band_after,
           new.score - old.score AS change,
           CASE WHEN {first}.k IS NULL THEN 1 ELSE 0 END AS first_in,
           CASE WHEN {first}.k IS NULL THEN {second}.side ELSE {first}.side END AS first_side,
           CASE WHEN {first}.k IS NULL THEN {second}.score ELSE {first}.score END AS first_score,
           CASE WHEN {first}.k IS NULL THEN {second}.id ELSE {first}.id END AS first_id,
           {band_rank_before} AS rank_before, {band_rank_after} AS rank_after
    FROM old FULL JOIN new ON old.k = new.k
)
SELECT name, side, before, after, band_before, band_after,
       count(*) FILTER (WHERE change IS NOT NULL) OVER (),
       count(*) FILTER (WHERE change IS NOT NULL AND rank_after > rank_before) OVER (),
       count(*) FILTER (WHERE change IS NOT NULL AND rank_after < rank_before) OVER ()
FROM paired
ORDER BY change IS NULL, abs(change) DESC, name COLLATE {bytewise},
         first_in, first_side COLLATE {bytewise}, first_score, first_id
LIMIT %s
"""


def _band_rank(column: str) -> str:
    cases = " ".join(f"WHEN '{band}' THEN {rank}" for rank, band in enumerate(BAND_ORDER))
    return f"CASE {column} {cases} ELSE -1 END"


Moved = tuple[list[Movement], int, int, int]


def _movements(before: Assessment, after: Assessment, filters: Filters) -> Moved:
    """The whole workspace's movements are kept (ScoreMovements) the first time they are worked
    out; a division or location narrows the unit scores, and is worked out each time."""
    if filters.unit_condition():
        return _worked_out(before, after, filters)
    kept = ScoreMovements.objects.filter(before=before, after=after, cap=LIST_CAP).first()
    if kept is not None:
        movements = [Movement(*row) for row in kept.movements]
        return movements, kept.units_compared, kept.bands_up, kept.bands_down
    moved = _worked_out(before, after, filters)
    movements, both, up, down = moved
    # Two first views at once work the same answer out: either may keep it.
    ScoreMovements.objects.bulk_create(
        [
            ScoreMovements(
                workspace_id=after.workspace_id, before=before, after=after, cap=LIST_CAP,
                movements=[astuple(movement) for movement in movements],
                units_compared=both, bands_up=up, bands_down=down,
            )
        ],
        ignore_conflicts=True,
    )  # fmt: skip
    return moved


def _worked_out(before: Assessment, after: Assessment, filters: Filters) -> Moved:
    """The LIST_CAP largest movements (units scored once last), then how many units both
    assessments scored and how many of those moved a band up and down, in one query over both
    assessments' unit scores (paired by unit, or by code once the unit is gone). Equal
    movements of one name keep UnitScore's order (newest assessment first, side, score), as
    sorting the units in Python did, then the order the scores were stored in (where the
    database's order used to decide at random); names compare by code point."""
    scores, params = _unit_scores([before.pk, after.pk], filters).query.sql_with_params()
    newest_is_after = (after.created_at, after.pk) > (before.created_at, before.pk)
    sql = MOVEMENTS_SQL.format(
        scores=scores,
        first="new" if newest_is_after else "old",
        second="old" if newest_is_after else "new",
        band_rank_before=_band_rank("old.band"),
        band_rank_after=_band_rank("new.band"),
        bytewise='"C"' if connection.vendor == "postgresql" else "BINARY",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, before.pk, after.pk, LIST_CAP])
        found = cursor.fetchall()
    movements = [Movement(*row[:6]) for row in found]
    both, up, down = found[0][6:9] if found else (0, 0, 0)
    return movements, both, up, down


def _unit_scores(assessment_ids: list[int], filters: Filters) -> QuerySet[UnitScore]:
    """Both assessments' unit scores, under the filters."""
    scores = UnitScore.objects.filter(assessment_id__in=assessment_ids)
    if filters.division:
        scores = scores.filter(Q(side=Side.IT) | Q(path__startswith=filters.division.path))
    if filters.location:
        scores = scores.filter(unit__location_id=filters.location.id)
    fields = ("id", "assessment_id", "unit_id", "code", "name", "side", "score", "band")
    return scores.values_list(*fields).order_by()


def _with_gaps(comparison: Comparison, filters: Filters, fresh: Freshness | None) -> Comparison:
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
    kept = kept_deltas(fresh, old, new, filters) if fresh is not None else None
    deltas = kept if kept is not None else report_deltas(old, new, filters)
    return replace(
        comparison,
        gaps_known=True,
        opened_count=len(deltas.opened_gaps),
        closed_count=len(deltas.closed_gaps),
        deltas=deltas,
    )
