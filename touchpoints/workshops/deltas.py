"""What a board poll that missed some revisions redraws: the changed cells and the counts.

A delta needs no whole board: the changed cells are built alone (build_board's `only`), the
row, column and board totals come from one grouped count, and the adoptable count from one
aggregate of the votes. See touchpoints.workshops.changes for how the missed changes are known.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Sum

from touchpoints.models import EffectivenessRating, OrgUnit, State, Workshop
from touchpoints.workshops.board import (
    Board,
    Cell,
    Scope,
    build_board,
    owner,
    rounded_mean,
    scope_touchpoints,
)
from touchpoints.workshops.changes import Pair


@dataclass(slots=True)
class Totals:
    """Touch points per row and per column unit id, and on the whole board."""

    rows: Counter[int] = field(default_factory=Counter)
    columns: Counter[int] = field(default_factory=Counter)
    current: int = 0

    @property
    def total(self) -> int:
        return sum(self.rows.values())


@dataclass(slots=True)
class BoardDelta:
    """The changed cells (in board order) on a board holding only them, and the totals."""

    board: Board
    cells: list[Cell]
    # None when no touch point came, went or moved: the totals stay as they are.
    totals: Totals | None

    @property
    def rows(self) -> list[OrgUnit]:
        return list({cell.business_unit.pk: cell.business_unit for cell in self.cells}.values())

    @property
    def columns(self) -> list[OrgUnit]:
        seen = {cell.it_team.pk for cell in self.cells}
        return [unit for unit in self.board.columns if unit.pk in seen]


def board_cells_of(pairs: frozenset[Pair], scope: Scope) -> set[Pair]:
    """The board cells (row, column unit ids) that touch points on these unit pairs fall in."""
    unit_ids = {unit_id for pair in pairs for unit_id in pair}
    if not unit_ids:
        return set()
    paths = dict(OrgUnit.objects.filter(pk__in=unit_ids).values_list("pk", "path"))
    row_ids = {unit.pk for unit in scope[0]}
    column_ids = {unit.pk for unit in scope[1]}
    cells = set()
    for business, it in pairs:
        row = owner(paths.get(business, ""), row_ids)
        column = owner(paths.get(it, ""), column_ids)
        if row is not None and column is not None:
            cells.add((row, column))
    return cells


def board_totals(workshop: Workshop, scope: Scope) -> Totals:
    """Every row's and column's count (and the current ones'), in one grouped query."""
    rows, columns = scope
    row_ids, column_ids = {unit.pk for unit in rows}, {unit.pk for unit in columns}
    groups = (
        scope_touchpoints(workshop, rows, columns)
        .values("business_unit__path", "it_team__path", "state")
        .annotate(count=Count("id"))
        .order_by()
    )
    totals = Totals()
    for group in groups:
        row = owner(group["business_unit__path"], row_ids)
        column = owner(group["it_team__path"], column_ids)
        if row is None or column is None:
            continue
        totals.rows[row] += group["count"]
        totals.columns[column] += group["count"]
        if group["state"] != State.DESIRED:
            totals.current += group["count"]
    return totals


def adoptable_count(workshop: Workshop, scope: Scope) -> int:
    """How many touch points on the board the bulk adoption would change (as Badge.adoptable)."""
    votes = (
        EffectivenessRating.objects.filter(
            participant__workshop_id=workshop.pk,
            touch_point__in=scope_touchpoints(workshop, *scope),
        )
        .values("touch_point_id", "touch_point__effectiveness")
        .annotate(total=Sum("score"), count=Count("id"))
        .order_by()
    )
    return sum(
        1
        for vote in votes
        if rounded_mean(vote["total"], vote["count"]) != vote["touch_point__effectiveness"]
    )


def board_delta(
    workshop: Workshop, changed: set[Pair], scope: Scope, extra: set[Pair], recount: bool
) -> BoardDelta:
    """The `changed` cells, on a board built with them and the `extra` cells (say, the pending
    proposals' pairs, for their merge candidates)."""
    board = build_board(workshop, only=changed | extra, scope=scope)
    cells = [
        cell
        for row in board.rows
        for cell in row.cells
        if (cell.business_unit.pk, cell.it_team.pk) in changed
    ]
    return BoardDelta(board, cells, board_totals(workshop, scope) if recount else None)
