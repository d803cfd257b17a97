"""Board locking: every change that touches open workshop boards takes their rows in one order."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from touchpoints.models import Workshop, WorkshopStatus
from touchpoints.workshops.changes import WHOLE, Change, log_change


def lock_open_boards(workspace_id: int) -> list[int]:
    """Lock the workspace's open workshop rows in id order, and return their ids.

    Whoever changes several of them takes them in this same order, so two such changes (say
    captures in two workshops of one workspace) wait for each other instead of deadlocking.
    """
    boards = Workshop.objects.filter(workspace_id=workspace_id).exclude(
        status=WorkshopStatus.CLOSED
    )
    return list(boards.select_for_update().order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def refresh_open_boards(workspace_id: int, change: Change = WHOLE) -> None:
    """Tell every open workshop board of the workspace to redraw `change` on its next poll.

    A touch point edited on the list (or by another workshop) may sit on any board's scope;
    bumping every open board's revision and logging the change costs four queries, and a board
    whose scope the touch point is not on finds no cell to redraw.
    """
    ids = lock_open_boards(workspace_id)
    Workshop.objects.filter(pk__in=ids).update(revision=F("revision") + 1)
    log_change(ids, change)
