"""Pending proposals grouped with their duplicates, for one merge action per group.

Two proposals, or a proposal and a touch point on the board, are duplicates when they name the
same pair of board units and the same level, and the same channel or no channel on one side
(a participant who does not know the channel means the same touch point). No query: the
pending proposals and the board are already loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from touchpoints.models import Proposal, TouchPoint
from touchpoints.workshops.board import Board


def compatible(channel: int | None, other: int | None) -> bool:
    return channel is None or other is None or channel == other


@dataclass
class ProposalGroup:
    """Proposals taken for one touch point, and the touch points on the board they match."""

    key: tuple[int, int, str]
    channel: int | None
    proposals: list[Proposal] = field(default_factory=list)
    touch_points: list[TouchPoint] = field(default_factory=list)

    @property
    def first(self) -> Proposal:
        return self.proposals[0]

    @property
    def has_duplicates(self) -> bool:
        return len(self.proposals) > 1 or bool(self.touch_points)

    @property
    def target(self) -> TouchPoint | None:
        """What one merge folds the group into: the touch point already on the board, if any."""
        return self.touch_points[0] if self.touch_points else None

    def takes(self, proposal: Proposal) -> bool:
        key = (proposal.business_unit_id, proposal.it_team_id, proposal.level)
        return key == self.key and compatible(self.channel, proposal.channel_id)


def on_board(board: Board) -> dict[tuple[int, int], list[TouchPoint]]:
    """The touch points of each cell, by (row unit id, column unit id)."""
    return {
        (cell.business_unit.pk, cell.it_team.pk): [badge.touch_point for badge in cell.badges]
        for row in board.rows
        for cell in row.cells
    }


def group_proposals(proposals: list[Proposal], board: Board) -> list[ProposalGroup]:
    """The pending proposals in groups of duplicates, in the order the first of each came in."""
    if not proposals:
        return []
    cells = on_board(board)
    groups: list[ProposalGroup] = []
    for proposal in proposals:
        group = next((group for group in groups if group.takes(proposal)), None)
        if group is None:
            key = (proposal.business_unit_id, proposal.it_team_id, proposal.level)
            group = ProposalGroup(key, proposal.channel_id)
            groups.append(group)
        group.proposals.append(proposal)
        group.channel = group.channel or proposal.channel_id
    for group in groups:
        pair = group.key[:2]
        group.touch_points = [
            tp
            for tp in cells.get(pair, [])
            if tp.level == group.key[2] and compatible(group.channel, tp.channel_id)
        ]
    return groups
