"""What a revision bump changed, logged per workshop, and what a poll has missed since.

Every change a board shows bumps the workshop's revision (facilitation.claim,
locking.refresh_open_boards) and logs one BoardChange at the new revision, in the same
transaction: the touch points' units it moved, whether the pending proposals changed, or
"whole". A poll that saw revision r then needs the union of the rows above r. A bump that logs
nothing, a row pruned, a poll too far behind or from the future: the page redraws whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import F

from touchpoints.models import BoardChange, TouchPoint, Workshop

# A poll further behind than this redraws whole (a facilitator's edits bump once each).
MAX_BEHIND = 40
# Rows kept per workshop; older ones go every PRUNE_EVERY revisions.
KEPT = 2 * MAX_BEHIND
PRUNE_EVERY = 20

Pair = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Change:
    """What one bump changed: touch points on these unit pairs, the proposals, or everything."""

    pairs: frozenset[Pair] = frozenset()
    recount: bool = False
    proposals: bool = False
    whole: bool = False

    def __or__(self, other: Change) -> Change:
        return Change(
            self.pairs | other.pairs,
            self.recount or other.recount,
            self.proposals or other.proposals,
            self.whole or other.whole,
        )


WHOLE = Change(whole=True)
# The status line and the counters only (a participant joined), or nothing beyond what the
# same transaction's other bumps log (a touch point's own save logs its cells).
STATUS = Change()
PROPOSALS = Change(proposals=True)


def touching(*touch_points: TouchPoint, recount: bool = False) -> Change:
    """The cells of these touch points; `recount` if one came or went (an edit: edited_cells)."""
    pairs = frozenset((tp.business_unit_id, tp.it_team_id) for tp in touch_points)
    return Change(pairs=pairs, recount=recount)


def edited_cells(edited: Sequence[TouchPoint], stored: Sequence[TouchPoint]) -> Change:
    """The cells of edited touch points as stored and as edited; recounted if one moved."""
    before = {touch_point.pk: touch_point for touch_point in stored}
    moved = any(
        (tp.business_unit_id, tp.it_team_id)
        != (before[tp.pk].business_unit_id, before[tp.pk].it_team_id)
        for tp in edited
        if tp.pk in before
    )
    return touching(*edited, *stored, recount=moved)


def log_change(workshop_ids: Iterable[int], change: Change) -> None:
    """Log `change` at the current revision of each workshop (just bumped, under its row lock)."""
    revisions = list(Workshop.objects.filter(pk__in=workshop_ids).values_list("pk", "revision"))
    pairs = sorted([list(pair) for pair in change.pairs])
    BoardChange.objects.bulk_create(
        BoardChange(
            workshop_id=pk,
            revision=revision,
            pairs=pairs,
            recount=change.recount,
            proposals=change.proposals,
            whole=change.whole,
        )
        for pk, revision in revisions
    )
    pruned = [pk for pk, revision in revisions if revision % PRUNE_EVERY == 0]
    if pruned:
        BoardChange.objects.filter(
            workshop_id__in=pruned, revision__lte=F("workshop__revision") - KEPT
        ).delete()
