"""The workshop board: business units as rows, IT teams as columns, touch points in the cells.

A touch point recorded on a unit below a scope unit rolls up into that unit's row or column
(a unit's descendants have paths starting with its path). The board is built in four queries
whatever the number of touch points: rows, columns, touch points, rating averages.
"""

from __future__ import annotations

import functools
import operator
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Q, QuerySet

from touchpoints.models import (
    EffectivenessRating,
    Frequency,
    Level,
    OrgUnit,
    Side,
    State,
    TouchPoint,
    Workshop,
)

LEVEL_LETTERS = {"strategic": "S", "tactical": "T", "operational": "O"}
# The choices' labels, looked up once: get_FOO_display() per badge was a tenth of the board's cost.
LEVEL_LABELS: dict[str, str] = dict(Level.choices)
FREQUENCY_LABELS: dict[str, str] = dict(Frequency.choices)
# Two sides whose averages differ by more than this see the same touch point differently.
PERCEPTION_GAP = 1.0
# In an anonymous workshop a side's mean shows only once this many of its people rated.
MIN_ANONYMOUS_RATERS = 3


def rounded_mean(total: int, count: int) -> int:
    """The mean of `count` integer votes summing to `total`, halves rounded up (2.5 → 3)."""
    return (2 * total + count) // (2 * count)


@dataclass(slots=True)
class Badge:
    """One touch point in a cell, with the participants' votes by side."""

    touch_point: TouchPoint
    business_avg: float | None = None
    business_votes: int = 0
    it_avg: float | None = None
    it_votes: int = 0
    # Filled by build_board (the colour, given the workshop's reveal) and by the participant
    # page (that participant's own vote).
    shown_colour: int | None = None
    mine: int | None = None
    # An anonymous workshop's badge hides a side's mean until enough of that side rated.
    anonymous: bool = False

    @property
    def letter(self) -> str:
        return LEVEL_LETTERS[self.touch_point.level]

    @property
    def is_desired(self) -> bool:
        return self.touch_point.state == State.DESIRED

    @property
    def votes(self) -> int:
        return self.business_votes + self.it_votes

    @property
    def rated_effectiveness(self) -> int | None:
        """The rounded mean of all votes, both sides together: what adopting them sets."""
        if not self.votes:
            return None
        business = (self.business_avg or 0) * self.business_votes
        return rounded_mean(round(business + (self.it_avg or 0) * self.it_votes), self.votes)

    @property
    def adoptable(self) -> bool:
        """The votes say something other than the touch point's recorded effectiveness."""
        rated = self.rated_effectiveness
        return rated is not None and rated != self.touch_point.effectiveness

    @property
    def business_mean(self) -> float | None:
        """The business side's mean as shown: hidden in an anonymous workshop with few raters."""
        return self.shown_mean(self.business_avg, self.business_votes)

    @property
    def it_mean(self) -> float | None:
        return self.shown_mean(self.it_avg, self.it_votes)

    def shown_mean(self, mean: float | None, votes: int) -> float | None:
        return None if self.anonymous and votes < MIN_ANONYMOUS_RATERS else mean

    @property
    def has_perception_gap(self) -> bool:
        """The shown means differ by more than PERCEPTION_GAP (never from a hidden mean)."""
        business, it = self.business_mean, self.it_mean
        if business is None or it is None:
            return False
        return abs(business - it) > PERCEPTION_GAP

    @property
    def css(self) -> str:
        """The badge's classes after `tp`: its colour and whether it is a desired one."""
        colour = f" eff-{self.shown_colour}" if self.shown_colour else ""
        return colour + (" desired" if self.is_desired else "")

    @property
    def title(self) -> str:
        """The badge's tooltip: everything a compact letter leaves out."""
        tp = self.touch_point
        level = LEVEL_LABELS.get(tp.level, tp.level)
        parts = [
            f"{level}{' (desired)' if self.is_desired else ''}: {tp.business_name} ↔ {tp.it_name}"  # type: ignore[attr-defined]  # .annotate()d by the board query; django-stubs cannot see it
        ]
        if tp.channel_id:
            parts.append(tp.channel.name)  # type: ignore[union-attr]  # channel_id is set, so the channel exists
        if tp.frequency:
            parts.append(FREQUENCY_LABELS.get(tp.frequency, tp.frequency).lower())
        if tp.effectiveness:
            parts.append(f"effectiveness {tp.effectiveness}/5")
        if self.votes:
            parts.append(f"{self.votes} vote{'s' if self.votes != 1 else ''}")
        title = ", ".join(parts)
        return f"{title} — {tp.description[:80]}" if tp.description else title

    def colour(self, revealed: bool) -> int | None:
        """The 1-5 effectiveness that colours the badge: the recorded one, else the votes."""
        if self.touch_point.effectiveness:
            return self.touch_point.effectiveness
        return self.rated_effectiveness if revealed else None


@dataclass(slots=True)
class Cell:
    business_unit: OrgUnit
    it_team: OrgUnit
    badges: list[Badge] = field(default_factory=list)


@dataclass(slots=True)
class Row:
    unit: OrgUnit
    cells: list[Cell]

    @property
    def total(self) -> int:
        return sum(len(cell.badges) for cell in self.cells)


@dataclass(slots=True)
class Board:
    rows: list[Row]
    columns: list[OrgUnit]
    column_totals: list[int]

    @property
    def total(self) -> int:
        return sum(self.column_totals)

    @property
    def columns_with_totals(self) -> list[tuple[OrgUnit, int]]:
        return list(zip(self.columns, self.column_totals, strict=True))

    @property
    def badges(self) -> list[Badge]:
        return [badge for row in self.rows for cell in row.cells for badge in cell.badges]

    @property
    def empty_cells(self) -> list[Cell]:
        """The pairs that do not meet, row by row (a template loop over every cell is slow)."""
        return [cell for row in self.rows for cell in row.cells if not cell.badges]


def subtree_filter(units: list[OrgUnit], prefix: str = "") -> Q:
    """Rows whose unit (or `prefix` unit) lies under one of `units`; matches nothing if none."""
    if not units:
        return Q(pk__in=[])
    lookup = f"{prefix}__path__startswith" if prefix else "path__startswith"
    conditions = [Q(**{lookup: unit.path}) for unit in units]
    return functools.reduce(operator.or_, conditions)


def scope_touchpoints(
    workshop: Workshop, rows: list[OrgUnit], columns: list[OrgUnit]
) -> QuerySet[TouchPoint]:
    return TouchPoint.objects.filter(
        subtree_filter(rows, "business_unit"),
        subtree_filter(columns, "it_team"),
        workspace_id=workshop.workspace_id,
    )


def scope_units(workshop: Workshop) -> tuple[list[OrgUnit], list[OrgUnit]]:
    rows = list(workshop.business_units.filter(side=Side.BUSINESS).order_by("path"))
    columns = list(workshop.it_teams.filter(side=Side.IT).order_by("path"))
    return rows, columns


def board_touchpoint(workshop: Workshop, pk: int) -> TouchPoint | None:
    """The touch point if the board shows it (under one of its rows and one of its columns)."""
    rows, columns = scope_units(workshop)
    return scope_touchpoints(workshop, rows, columns).filter(pk=pk).first()


def owner(path: str, scope_ids: set[int]) -> int | None:
    """The deepest scope unit on `path` (a nested scope unit takes its own touch points)."""
    for unit_id in reversed(path.strip("/").split("/")):
        if unit_id and int(unit_id) in scope_ids:
            return int(unit_id)
    return None


def rating_averages(
    workshop: Workshop, touch_point_ids: list[int] | None = None
) -> dict[int, dict[str, tuple[float, int]]]:
    """{touch point id: {side: (average, votes)}} over this workshop's participants (of the
    given touch points only, if given)."""
    averages: dict[int, dict[str, tuple[float, int]]] = defaultdict(dict)
    ratings = EffectivenessRating.objects.filter(participant__workshop_id=workshop.pk)
    if touch_point_ids is not None:
        ratings = ratings.filter(touch_point_id__in=touch_point_ids)
    rows = (
        ratings.values("touch_point_id", "side")
        .annotate(average=Avg("score"), votes=Count("id"))
        .order_by()
    )
    for row in rows:
        averages[row["touch_point_id"]][row["side"]] = (float(row["average"]), row["votes"])
    return averages


def badge_for(touch_point: TouchPoint, votes: dict[str, tuple[float, int]]) -> Badge:
    badge = Badge(touch_point)
    if Side.BUSINESS in votes:
        badge.business_avg, badge.business_votes = votes[Side.BUSINESS]
    if Side.IT in votes:
        badge.it_avg, badge.it_votes = votes[Side.IT]
    return badge


Scope = tuple[list[OrgUnit], list[OrgUnit]]


def build_board(
    workshop: Workshop, only: set[tuple[int, int]] | None = None, scope: Scope | None = None
) -> Board:
    """The board; with `only` (row and column unit ids), only those cells are filled, the
    rest left empty (a poll's delta redraws just them: see touchpoints.workshops.deltas).
    `scope` is scope_units(workshop), if the caller has it already."""
    rows, columns = scope or scope_units(workshop)
    queried_rows, queried_columns = rows, columns
    if only is not None:
        queried_rows = [unit for unit in rows if any(unit.pk == b for b, _ in only)]
        queried_columns = [unit for unit in columns if any(unit.pk == i for _, i in only)]
    touchpoints = list(
        scope_touchpoints(workshop, queried_rows, queried_columns)
        .select_related("channel")
        .annotate(
            business_path=F("business_unit__path"),
            business_name=F("business_unit__name"),
            it_path=F("it_team__path"),
            it_name=F("it_team__name"),
        )
        .order_by("level", "pk")
    )
    column_index = {unit.pk: index for index, unit in enumerate(columns)}
    board_rows = {unit.pk: Row(unit, [Cell(unit, team) for team in columns]) for unit in rows}
    row_ids, column_ids = set(board_rows), set(column_index)
    votes = rating_averages(workshop, None if only is None else [tp.pk for tp in touchpoints])
    column_totals = [0] * len(columns)
    for touch_point in touchpoints:
        row_id = owner(touch_point.business_path, row_ids)
        column_id = owner(touch_point.it_path, column_ids)
        if row_id is None or column_id is None:
            continue
        if only is not None and (row_id, column_id) not in only:
            continue
        index = column_index[column_id]
        badge = badge_for(touch_point, votes[touch_point.pk])
        badge.anonymous = workshop.anonymous
        badge.shown_colour = badge.colour(workshop.ratings_revealed)
        board_rows[row_id].cells[index].badges.append(badge)
        column_totals[index] += 1
    return Board(list(board_rows.values()), columns, column_totals)
