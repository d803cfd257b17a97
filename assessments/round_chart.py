"""Geometry of the results chart: one 0-100 axis per criterion with the business, IT and
evidence marks on it; the template only draws what is computed here."""

from __future__ import annotations

from dataclasses import dataclass

from assessments.round_results import RoundResults

WIDTH, LEFT, RIGHT, ROW, TOP = 640, 170, 20, 44, 30


@dataclass(frozen=True, slots=True)
class Mark:
    kind: str  # business | it | evidence | all
    label: str
    value: float
    x: float
    y: float

    @property
    def diamond(self) -> str:
        x, y = self.x, self.y
        return f"{x:.1f},{y - 8:.1f} {x + 8:.1f},{y:.1f} {x:.1f},{y + 8:.1f} {x - 8:.1f},{y:.1f}"

    @property
    def top(self) -> float:
        return self.y - 12

    @property
    def bottom(self) -> float:
        return self.y + 12


@dataclass(frozen=True, slots=True)
class ChartRow:
    criterion: str
    name: str
    y: float
    marks: list[Mark]


@dataclass(frozen=True, slots=True)
class RoundChart:
    width: int
    height: int
    left: int
    right: float
    rows: list[ChartRow]
    ticks: list[tuple[float, int]]  # (x, value) every 25


def x_of(value: float) -> float:
    return LEFT + max(0.0, min(100.0, value)) / 100 * (WIDTH - LEFT - RIGHT)


def round_chart(results: RoundResults) -> RoundChart:
    rows = []
    for i, (criterion, name, row) in enumerate(results.rows()):
        values = [
            ("all", "All", row.all),
            ("business", "Business", row.business),
            ("it", "IT", row.it),
            ("evidence", "Evidence", row.evidence),
        ]
        y = TOP + i * ROW + ROW / 2
        marks = [
            Mark(kind, label, float(value), x_of(float(value)), y)
            for kind, label, value in values
            if value is not None
        ]
        rows.append(ChartRow(criterion, name, y, marks))
    ticks = [(x_of(value), value) for value in (0, 25, 50, 75, 100)]
    height = TOP + len(rows) * ROW + 10
    return RoundChart(WIDTH, height, LEFT, WIDTH - RIGHT, rows, ticks)
