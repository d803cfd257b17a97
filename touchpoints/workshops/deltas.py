"""What a poll that missed some revisions redraws: the changed cells and the counts.

A delta needs no whole board, and what it reads is the same for every viewer of a revision, so
a full room's polls share it through the cache (keyed by revision: what a revision showed never
changes, so nothing is invalidated):
- per revision r, what r changed, its unit pairs mapped to the board's cells (one query for the
  revisions not cached yet, and one for their units' paths; see touchpoints.workshops.changes);
- per current revision, the BoardState: scope, totals, counts, pending proposals' cells, and
  the adoptable count (one grouped count, one vote aggregate...);
- per current revision and cell, the Cell with its badges (build_board's `only`, for the cells
  not cached yet).
A poll then reads the cache in two round trips and renders a few cells. The keys hold the
workshop's creation time too, so a database restored under a live cache cannot mix up two
workshops of one id.
"""

from __future__ import annotations

import functools
import operator
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Sum

from touchpoints.models import (
    BoardChange,
    EffectivenessRating,
    OrgUnit,
    ProposalStatus,
    State,
    Workshop,
)
from touchpoints.workshops.board import (
    Board,
    Cell,
    Row,
    Scope,
    build_board,
    owner,
    rounded_mean,
    scope_touchpoints,
    scope_units,
)
from touchpoints.workshops.changes import MAX_BEHIND, Change, Pair

# Long enough for a room's pollers to share what one revision shows.
CACHE_SECONDS = 120


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
class BoardState:
    """What the board shows at one revision, beyond its cells, for every viewer's delta."""

    scope: Scope
    totals: Totals
    participants: int
    proposals: int
    ratings: int
    # The cells of the pending proposals' pairs (their merge candidates sit there).
    pending: frozenset[Pair]
    # What the bulk adoption would change, while it is open (else 0).
    adoptable: int


@dataclass(slots=True)
class BoardDelta:
    """The changed cells (in board order) and, if touch points came, went or moved, the totals."""

    cells: list[Cell]
    totals: Totals | None
    scope: Scope

    @property
    def rows(self) -> list[OrgUnit]:
        changed = {cell.business_unit.pk for cell in self.cells}
        return [unit for unit in self.scope[0] if unit.pk in changed]

    @property
    def columns(self) -> list[OrgUnit]:
        changed = {cell.it_team.pk for cell in self.cells}
        return [unit for unit in self.scope[1] if unit.pk in changed]


def key(workshop: Workshop, *parts: object) -> str:
    created = int(workshop.created_at.timestamp() * 1_000_000)
    return ":".join(map(str, ["board", workshop.pk, created, *parts]))


def build_state(workshop: Workshop) -> BoardState:
    scope = scope_units(workshop)
    pending = workshop.proposals.filter(status=ProposalStatus.PENDING)
    pairs = set(pending.values_list("business_unit_id", "it_team_id"))
    ratings = EffectivenessRating.objects.filter(participant__workshop_id=workshop.pk)
    return BoardState(
        scope=scope,
        totals=board_totals(workshop, scope),
        participants=workshop.participants.count(),
        proposals=workshop.proposals.count(),
        ratings=ratings.count(),
        pending=frozenset(board_cells_of(pairs, scope)),
        adoptable=adoptable_count(workshop, scope) if workshop.accepts_adopted_ratings else 0,
    )


def missed_changes(workshop: Workshop, seen: int) -> tuple[BoardState, Change] | None:
    """The board's state now and what changed after revision `seen`, its pairs as board cells
    (in one cache round trip when the room has asked already); None when only the whole page
    will do (too far behind or ahead, a revision not logged or pruned, a whole change)."""
    if not 0 < workshop.revision - seen <= MAX_BEHIND:
        return None
    state_key = key(workshop, workshop.revision, "state")
    revisions = range(seen + 1, workshop.revision + 1)
    keys = {revision: key(workshop, revision, "change") for revision in revisions}
    found: dict[str, Any] = cache.get_many([state_key, *keys.values()])
    state: BoardState | None = found.pop(state_key, None)
    if state is None:
        state = build_state(workshop)
        cache.set(state_key, state, CACHE_SECONDS)
    missing = [revision for revision, name in keys.items() if name not in found]
    if missing:
        logged = logged_changes(workshop, missing, state.scope)
        if len(logged) != len(missing):
            return None
        fresh = {keys[revision]: change for revision, change in logged.items()}
        cache.set_many(fresh, CACHE_SECONDS)
        found |= fresh
    missed: Change = functools.reduce(operator.or_, found.values())
    return None if missed.whole else (state, missed)


def logged_changes(workshop: Workshop, revisions: list[int], scope: Scope) -> dict[int, Change]:
    """The logged changes of these revisions, their unit pairs mapped to board cells."""
    rows = list(
        BoardChange.objects.filter(workshop_id=workshop.pk, revision__in=revisions).values_list(
            "revision", "pairs", "recount", "proposals", "whole"
        )
    )
    units = {int(unit_id) for row in rows for pair in row[1] for unit_id in pair}
    paths = unit_paths(units)
    return {
        revision: Change(
            frozenset(cells_of({(int(b), int(i)) for b, i in pairs}, paths, scope)),
            recount,
            proposals,
            whole,
        )
        for revision, pairs, recount, proposals, whole in rows
    }


def unit_paths(unit_ids: set[int]) -> dict[int, str]:
    if not unit_ids:
        return {}
    return dict(OrgUnit.objects.filter(pk__in=unit_ids).values_list("pk", "path"))


def cells_of(pairs: set[Pair], paths: dict[int, str], scope: Scope) -> set[Pair]:
    """The board cells (row, column unit ids) that touch points on these unit pairs fall in."""
    row_ids = {unit.pk for unit in scope[0]}
    column_ids = {unit.pk for unit in scope[1]}
    cells = set()
    for business, it in pairs:
        row = owner(paths.get(business, ""), row_ids)
        column = owner(paths.get(it, ""), column_ids)
        if row is not None and column is not None:
            cells.add((row, column))
    return cells


def board_cells_of(pairs: set[Pair], scope: Scope) -> set[Pair]:
    return cells_of(pairs, unit_paths({unit_id for pair in pairs for unit_id in pair}), scope)


def cells_at(workshop: Workshop, scope: Scope, wanted: set[Pair]) -> dict[Pair, Cell]:
    """These cells with their badges at the workshop's revision, built once per revision."""
    keys = {cell: key(workshop, workshop.revision, "cell", *cell) for cell in wanted}
    found = cache.get_many(list(keys.values()))
    cells = {cell: found[name] for cell, name in keys.items() if name in found}
    missing = wanted - set(cells)
    if missing:
        board = build_board(workshop, only=missing, scope=scope)
        built = {
            (cell.business_unit.pk, cell.it_team.pk): cell
            for row in board.rows
            for cell in row.cells
            if (cell.business_unit.pk, cell.it_team.pk) in missing
        }
        cache.set_many({keys[pair]: cell for pair, cell in built.items()}, CACHE_SECONDS)
        cells |= built
    return cells


def in_board_order(cells: dict[Pair, Cell], scope: Scope) -> list[Cell]:
    rows = {unit.pk: index for index, unit in enumerate(scope[0])}
    columns = {unit.pk: index for index, unit in enumerate(scope[1])}
    return [cells[pair] for pair in sorted(cells, key=lambda p: (rows[p[0]], columns[p[1]]))]


def board_of(cells: dict[Pair, Cell], scope: Scope) -> Board:
    """A board holding only these cells (what duplicates.on_board reads), totals left at 0."""
    rows = [
        Row(unit, [cell for pair, cell in cells.items() if pair[0] == unit.pk]) for unit in scope[0]
    ]
    return Board(rows, scope[1], [0] * len(scope[1]))


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
