"""The board pack's charts as SVG, drawn on the server (WeasyPrint embeds them in the PDF).

Readable in black and white: bands are greys from light to dark with their names written on
them, values are printed beside every bar and dot, and the band that caps the score is marked
with a word, never with a colour alone. Geometry is shared with the dashboard's charts.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from assessments.dashboard.charts import slope_chart, trend_chart
from assessments.dashboard.heatmaps import Cell
from assessments.dashboard.position import DimensionBar, TrendPoint

# Five greys, light to dark, for the five bands (and the heatmap's five steps).
GREYS = ("#f2f2f2", "#d9d9d9", "#bfbfbf", "#8c8c8c", "#595959")
INK = "#000000"
FONT = 'font-family="DejaVu Sans, sans-serif"'


def _svg(width: float, height: float) -> str:
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%">'


def _line(x1: float, x2: float, y1: float, y2: float, stroke: str, extra: str = "") -> str:
    return (
        f'<line x1="{x1:.1f}" x2="{x2:.1f}" y1="{y1:.1f}" y2="{y2:.1f}" stroke="{stroke}"{extra}/>'
    )


def _rect(x: float, y: float, width: float, height: float, fill: str, extra: str = "") -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" '
        f'fill="{fill}"{extra}/>'
    )


def _text(
    x: float, y: float, words: str, size: int = 12, anchor: str = "middle", **extra: str
) -> str:
    attrs = "".join(f' {key.replace("_", "-")}="{value}"' for key, value in extra.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" {FONT}'
        f"{attrs}>{escape(words)}</text>"
    )


def slope_svg(score: float) -> str:
    """The five bands rising left to right, each named, and the marker at the score."""
    chart = slope_chart(score)
    parts = [_svg(chart.width, chart.height + 24)]
    for i, shape in enumerate(chart.bands):
        parts.append(
            f'<polygon points="{shape.points}" fill="{GREYS[i]}" stroke="{INK}" stroke-width="1"/>'
        )
        colour = "#ffffff" if i >= 3 else INK
        parts.append(_text(shape.label_x, chart.base - 6, shape.band.name, 11, fill=colour))
        parts.append(
            _text(
                shape.label_x, chart.base + 16, f"{shape.band.lower:.0f}–{shape.band.upper:.0f}", 10
            )
        )
    if chart.marker_x is not None and chart.marker_y is not None:
        x, y = chart.marker_x, chart.marker_y
        parts.append(_line(x, x, chart.base, y, INK, ' stroke-width="3"'))
        tip = f"{x - 9:.1f},{y - 16:.1f} {x + 9:.1f},{y - 16:.1f} {x:.1f},{y:.1f}"
        parts.append(f'<polygon points="{tip}" fill="{INK}"/>')
        parts.append(_text(x, y - 22, f"{score:.1f}", 16, font_weight="bold"))
    parts.append("</svg>")
    return "".join(parts)


def bars_svg(bars: Sequence[DimensionBar]) -> str:
    """One horizontal bar per dimension, 0 to 100, its value written at its end."""
    row, label_w, bar_w = 30, 190, 380
    height = row * len(bars) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 640 {height}" width="100%">']
    for i, bar in enumerate(bars):
        y = 5 + i * row
        parts.append(_text(0, y + 17, f"{bar.letter} {bar.name}", 12, "start"))
        parts.append(_rect(label_w, y + 4, bar_w, 18, "#ffffff", f' stroke="{INK}"'))
        if bar.value is None:
            parts.append(_text(label_w + 8, y + 17, "does not apply", 11, "start"))
            continue
        width = bar_w * max(0.0, min(100.0, bar.value)) / 100
        fill = GREYS[4] if bar.caps_band else GREYS[2]
        parts.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{width:.1f}" height="18" fill="{fill}"/>'
        )
        note = f"{bar.value:.1f}" + ("  caps the band" if bar.caps_band else "")
        parts.append(_text(label_w + bar_w + 6, y + 17, note, 12, "start"))
    parts.append("</svg>")
    return "".join(parts)


def trend_svg(points: Sequence[TrendPoint]) -> str:
    """The score at each assessment, with the bands' lower edges as dashed guides."""
    chart = trend_chart(list(points))
    parts = [_svg(chart.width, chart.height)]
    for y, name in chart.guides:
        parts.append(_line(32, chart.width - 32, y, y, GREYS[3], ' stroke-dasharray="4 4"'))
        parts.append(_text(34, y - 3, name, 9, "start", fill=GREYS[4]))
    if len(chart.dots) > 1:
        parts.append(
            f'<polyline points="{chart.polyline}" fill="none" stroke="{INK}" stroke-width="2"/>'
        )
    for dot in chart.dots:
        parts.append(f'<circle cx="{dot.x:.1f}" cy="{dot.y:.1f}" r="4" fill="{INK}"/>')
        parts.append(_text(dot.x, dot.y - 8, f"{dot.point.score:.1f}", 10))
        parts.append(_text(dot.x, chart.height - 8, dot.point.label, 9))
    parts.append("</svg>")
    return "".join(parts)


def heat_level(cell: Cell) -> int:
    """The cell's coverage in the dashboard's six steps: 0 (none) to 5 (every unit)."""
    return int(cell.heat("coverage").removeprefix("heat-"))
