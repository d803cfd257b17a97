"""Saving and deleting touch points with a record of who changed what, when."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.text import Truncator

from touchpoints.models import TouchPoint, TouchPointChange
from touchpoints.workshops.changes import edited_cells, touching
from touchpoints.workshops.locking import refresh_open_boards

# The fields people edit on a touch point (TouchPointForm shows exactly these).
TRACKED_FIELDS = [
    "business_unit",
    "it_team",
    "level",
    "channel",
    "frequency",
    "effectiveness",
    "initiated_by",
    "state",
    "description",
]


class StaleEdit(Exception):
    """The touch point changed since the editor loaded it."""


def display_value(row: Model, field: str) -> str:
    """A field as history shows it: its choice label, the related row's name, or "—"."""
    value: Any = getattr(row, field)
    if value is None or value == "":
        return "—"
    getter = getattr(row, f"get_{field}_display", None)
    return str(getter() if getter else value)


def snapshot(touch_point: TouchPoint) -> dict[str, str]:
    return {field: display_value(touch_point, field) for field in TRACKED_FIELDS}


def diff(before: dict[str, str], after: dict[str, str]) -> dict[str, list[str]]:
    return {
        field: [before[field], after[field]] for field in after if before[field] != after[field]
    }


def history_label(touch_point: TouchPoint) -> str:
    """The touch point's name cut to fit the history's label (units' names may be 300 long);
    the entry's touch_point id and its field values keep the rest."""
    width = TouchPointChange._meta.get_field("touch_point_label").max_length or 400
    return Truncator(str(touch_point)).chars(width)


def history_entry(
    touch_point: TouchPoint, action: str, changes: dict[str, list[str]], user: Any
) -> TouchPointChange:
    return TouchPointChange(
        workspace_id=touch_point.workspace_id,
        touch_point=touch_point,
        touch_point_label=history_label(touch_point),
        action=action,
        changes=changes,
        changed_by=user,
    )


def record(touch_point: TouchPoint, action: str, changes: dict[str, list[str]], user: Any) -> None:
    history_entry(touch_point, action, changes, user).save()


# The history entry's key saying where a change came from ("Suggested by 11 meetings ...").
ORIGIN = "origin"


@transaction.atomic
def create_touchpoint(touch_point: TouchPoint, user: Any, origin: str = "") -> TouchPoint:
    touch_point.created_by = touch_point.updated_by = user
    touch_point.save()
    added = {field: ["—", value] for field, value in snapshot(touch_point).items()}
    if origin:
        added[ORIGIN] = ["—", origin]
    record(touch_point, TouchPointChange.Action.CREATED, added, user)
    refresh_open_boards(touch_point.workspace_id, touching(touch_point, recount=True))
    return touch_point


@transaction.atomic
def update_touchpoint(
    touch_point: TouchPoint,
    before: dict[str, str],
    expected_version: int,
    user: Any,
    origin: str = "",
) -> TouchPoint:
    """Save an edit made against `expected_version`; raise StaleEdit if someone got there first."""
    # Open boards first, as every change takes them (see workshops.locking); then the touch
    # point: taken the other way round, an edit here and one on a board could deadlock. The
    # boards redraw the touch point's cell as stored and as edited (a move changes two).
    stored = TouchPoint.objects.filter(pk=touch_point.pk).only("business_unit", "it_team")
    refresh_open_boards(touch_point.workspace_id, edited_cells([touch_point], list(stored)))
    # The conditional UPDATE is the lock: of two concurrent edits only one matches the version.
    claimed = TouchPoint.objects.filter(pk=touch_point.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleEdit
    touch_point.version = expected_version + 1
    touch_point.updated_by = user
    touch_point.save()
    changes = diff(before, snapshot(touch_point))
    if origin:
        changes[ORIGIN] = ["—", origin]
    if changes:
        record(touch_point, TouchPointChange.Action.UPDATED, changes, user)
    return touch_point


# Rows a bulk edit writes per UPDATE or INSERT: a board holds a few hundred touch points.
BULK_BATCH = 500


@transaction.atomic
def update_touchpoints(
    edits: Sequence[tuple[TouchPoint, dict[str, str]]], fields: Sequence[str], user: Any
) -> None:
    """Save edits of one workspace's touch points (each with its snapshot from before the edit)
    made against the versions they were loaded at, as update_touchpoint does one by one but in
    a fixed number of queries: one board refresh, one lock, one UPDATE and one INSERT of history
    a BULK_BATCH. StaleEdit, and nothing saved, if any of them changed since (or is not the
    workspace's); ValueError if one was edited in a field ``fields`` leaves out.

    One by one, 325 adopted ratings took 3,939 queries (2.6 s holding every open board's lock)
    and bumped the boards' revision 325 times, past what a poll catches up on cell by cell.
    """
    if not edits:
        return
    touch_points = [touch_point for touch_point, _ in edits]
    workspaces = {touch_point.workspace_id for touch_point in touch_points}
    if len(workspaces) != 1:
        raise ValueError("The touch points of one bulk edit belong to one workspace")
    workspace_id, pks = workspaces.pop(), [touch_point.pk for touch_point in touch_points]
    mine = TouchPoint.objects.filter(workspace_id=workspace_id, pk__in=pks)
    stored = mine.only("business_unit", "it_team")
    # Boards first, then the touch points, in the order update_touchpoint takes them.
    refresh_open_boards(workspace_id, edited_cells(touch_points, list(stored)))
    locked = mine.select_for_update().order_by("pk")
    versions = dict(locked.values_list("pk", "version"))
    if any(versions.get(touch_point.pk) != touch_point.version for touch_point in touch_points):
        raise StaleEdit
    entries = [
        history_entry(touch_point, TouchPointChange.Action.UPDATED, changes, user)
        for touch_point, before in edits
        if (changes := diff(before, snapshot(touch_point)))
    ]
    if unsaved := {field for entry in entries for field in entry.changes} - set(fields):
        # History would tell of an edit that bulk_update did not write.
        raise ValueError(f"Edited but not saved: {', '.join(sorted(unsaved))}")
    now = timezone.now()
    for touch_point in touch_points:
        touch_point.version += 1
        touch_point.updated_by = user
        touch_point.updated_at = now
    saved = [*fields, "version", "updated_by", "updated_at"]
    TouchPoint.objects.bulk_update(touch_points, saved, batch_size=BULK_BATCH)
    TouchPointChange.objects.bulk_create(entries, batch_size=BULK_BATCH)


@transaction.atomic
def delete_touchpoint(touch_point: TouchPoint, user: Any) -> None:
    # Open boards first, as every change takes them (see workshops.locking). Of two concurrent
    # deletes the second then waits on the row lock, finds nothing to delete and records nothing.
    refresh_open_boards(touch_point.workspace_id, touching(touch_point, recount=True))
    if not TouchPoint.objects.select_for_update().filter(pk=touch_point.pk).exists():
        return
    removed = {field: [value, "—"] for field, value in snapshot(touch_point).items()}
    record(touch_point, TouchPointChange.Action.DELETED, removed, user)
    touch_point.delete()
