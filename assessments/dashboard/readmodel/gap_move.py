"""The overview's gap move since the previous report, kept per map state (GapMoveRollup).

Worked out where its inputs change, each time in one snapshot together with the read model's
stamp: when a gap report finishes (assessments.gap_reports) and when the read model is rebuilt.
The overview reads it while the stamp is still the one it was worked out under, under a filter
too (the moved gaps about the filtered units, kept with it), and works it out live otherwise (a
change to the map since, SQLite). A finishing report deletes the kept move in its own
transaction, so a new report never shows the move before it.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Max, QuerySet

from assessments.dashboard.filters import Filters
from assessments.dashboard.gap_changes import (
    kept_move_among,
    previous_report,
    report_move,
    shared_units,
    since_previous,
)
from assessments.dashboard.position import newest_report
from assessments.dashboard.readmodel.freshness import Freshness
from assessments.gap_deltas import GapDeltas, MovedGaps
from assessments.models import DashboardChange, DashboardState, GapMoveRollup, GapReport

logger = logging.getLogger(__name__)


def gap_move(
    fresh: Freshness, report: GapReport, filters: Filters
) -> tuple[GapReport, GapDeltas] | None:
    """The newest report's move since the finished report before it: when kept under the
    current stamp, one query (two more under a location or division: the kept units' ids and
    their stored gaps), else gap_changes.since_previous."""
    kept = kept_move(fresh).filter(after_report=report).select_related("before_report__assessment")
    found = kept.defer(unread(filters)).first()
    if found is None:
        return since_previous(report, filters)
    deltas = move_of(found, found.before_report, report, filters)
    return (found.before_report, deltas) if deltas is not None else since_previous(report, filters)


def kept_deltas(
    fresh: Freshness, before: GapReport, after: GapReport, filters: Filters
) -> GapDeltas | None:
    """The move between these two reports as far as ``filters`` go, if theirs is the move kept
    under the current stamp (one query; two more under a location or division); None
    otherwise."""
    kept = kept_move(fresh).filter(before_report=before, after_report=after)
    found = kept.defer(unread(filters)).first()
    return move_of(found, before, after, filters) if found is not None else None


def unread(filters: Filters) -> str:
    """The kept row's field the move under ``filters`` does not read (both may be large)."""
    return "deltas" if filters.is_active else "moved"


def move_of(
    kept: GapMoveRollup, before: GapReport, after: GapReport, filters: Filters
) -> GapDeltas | None:
    """The kept move as far as ``filters`` go; None when it has to be worked out live (kept
    before the moved gaps were, or a filtered unit shares a gap's subject with another)."""
    if not filters.is_active:
        return GapDeltas.from_json(kept.deltas)
    if kept.moved is None:
        return None
    return kept_move_among(before, after, MovedGaps.from_json(kept.moved), filters)


def kept_move(fresh: Freshness) -> QuerySet[GapMoveRollup]:
    """The workspace's kept move if it was worked out under ``fresh``'s stamp."""
    if not fresh.enabled or fresh.as_of is None:
        return GapMoveRollup.objects.none()
    return GapMoveRollup.objects.filter(
        workspace_id=fresh.workspace_id, as_of=fresh.as_of, pending_change=fresh.pending
    )


def keep_gap_move(workspace_id: int) -> None:
    """Work out the newest report's move and keep it under the stamp of the same snapshot.

    Only once the read model has been built: before that, change rows of a workspace nobody
    reads are dropped (readmodel.build.claim_behind), so the stamp would not tell map states
    apart."""
    if connection.vendor != "postgresql" or not settings.DASHBOARD_READ_MODEL:
        return
    try:
        keep_in_snapshot(workspace_id)
    except DatabaseError as error:  # the overview works it out live: never fail the caller
        logger.warning("Gap move of workspace %s not kept: %s", workspace_id, error)


def keep_in_snapshot(workspace_id: int) -> None:
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        as_of = (
            DashboardState.objects.filter(workspace_id=workspace_id)
            .values_list("as_of", flat=True)
            .first()
        )
        if as_of is not None:
            pending = DashboardChange.objects.filter(workspace_id=workspace_id).aggregate(
                newest=Max("id")
            )["newest"]
            keep_as_of(workspace_id, as_of, pending)


def keep_as_of(workspace_id: int, as_of: dt.datetime, pending: int | None) -> None:
    """Keep the move as the caller's snapshot shows it, under that snapshot's stamp."""
    report = newest_report(workspace_id)
    previous = previous_report(report) if report is not None else None
    if report is None or report.assessment is None or previous is None:
        forget_gap_move(workspace_id)
        return
    moved, deltas = report_move(previous, report, Filters())
    moved = replace(moved, shared_units=shared_units([previous.pk, report.pk]))
    row = GapMoveRollup(
        workspace_id=workspace_id,
        before_report=previous,
        after_report=report,
        as_of=as_of,
        pending_change=pending,
        deltas=deltas.as_json(),
        moved=moved.as_json(),
    )
    fields = ["before_report", "after_report", "as_of", "pending_change", "deltas", "moved"]
    # An upsert: a report finishing while the read model rebuilds may keep it at once.
    GapMoveRollup.objects.bulk_create(
        [row], update_conflicts=True, unique_fields=["workspace"], update_fields=fields
    )


def forget_gap_move(workspace_id: int) -> None:
    """The move kept so far no longer holds (a report is finishing, or there is no move)."""
    GapMoveRollup.objects.filter(workspace_id=workspace_id).delete()
