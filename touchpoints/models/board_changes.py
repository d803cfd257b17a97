"""What each revision of a workshop changed, so a poll gets only the changed cells."""

from __future__ import annotations

from django.db import models

from touchpoints.models.workshops import Workshop


class BoardChange(models.Model):
    """One bump of a workshop's revision: the cells it changed, or that the whole page did."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="board_changes")
    # The workshop's revision after the bump: a poll that saw revision r reads the rows above r.
    revision = models.PositiveIntegerField()
    # [[business unit id, IT team id], ...]: the units the changed touch points are recorded on
    # (before and after a move); the board maps them to its cells.
    pairs = models.JSONField(default=list, blank=True)
    # A touch point came, went or moved: the rows', columns' and board's totals change.
    recount = models.BooleanField(default=False)
    # The pending proposals changed (proposed, accepted, merged, rejected).
    proposals = models.BooleanField(default=False)
    # Anything else (phase, reveal, scope, a channel renamed, the tree): the whole page redraws.
    whole = models.BooleanField(default=False)

    class Meta:
        constraints = [
            # One row per bump; the delta reads a range of them by this index.
            models.UniqueConstraint(
                fields=["workshop", "revision"], name="board_change_revision_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workshop_id}@{self.revision}"
