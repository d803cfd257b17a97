"""Geometry of the server-rendered SVG charts; the templates only draw what is computed here."""

from __future__ import annotations

from dataclasses import dataclass

from assessments.dashboard.position import BandRange, TrendPoint, band_ranges

SLOPE_WIDTH, SLOPE_HEIGHT, SLOPE_BASE = 640, 220, 190
TREND_WIDTH, TREND_HEIGHT, TREND_PAD = 640, 200, 32


@dataclass(frozen=True, slots=True)
class BandShape:
    band: BandRange
    points: str
    label_x: float
    css: str


@dataclass(frozen=True, slots=True)
class SlopeChart:
    width: int
    height: int
    base: int
    bands: list[BandShape]
    marker_x: float | None
    marker_y: float | None
    score: float | None


def _rise(x: float) -> float:
    """Height of the slope at x: it climbs from a sliver at 0 to nearly the top at 100."""
    return 12 + (SLOPE_BASE - 24) * x / SLOPE_WIDTH


def slope_chart(score: float | None) -> SlopeChart:
    shapes = []
    for band in band_ranges():
        x0, x1 = band.lower / 100 * SLOPE_WIDTH, band.upper / 100 * SLOPE_WIDTH
        points = (
            f"{x0:.1f},{SLOPE_BASE} {x1:.1f},{SLOPE_BASE} "
            f"{x1:.1f},{SLOPE_BASE - _rise(x1):.1f} {x0:.1f},{SLOPE_BASE - _rise(x0):.1f}"
        )
        shapes.append(BandShape(band, points, (x0 + x1) / 2, f"band-{band.name.lower()}"))
    if score is None:
        return SlopeChart(SLOPE_WIDTH, SLOPE_HEIGHT, SLOPE_BASE, shapes, None, None, None)
    x = max(0.0, min(100.0, score)) / 100 * SLOPE_WIDTH
    return SlopeChart(
        SLOPE_WIDTH, SLOPE_HEIGHT, SLOPE_BASE, shapes, x, SLOPE_BASE - _rise(x) - 10, score
    )


@dataclass(frozen=True, slots=True)
class TrendDot:
    x: float
    y: float
    point: TrendPoint


@dataclass(frozen=True, slots=True)
class TrendChart:
    width: int
    height: int
    dots: list[TrendDot]
    polyline: str
    guides: list[tuple[float, str]]  # (y, band name) at each band's lower edge


def _y(score: float) -> float:
    return TREND_HEIGHT - TREND_PAD - score / 100 * (TREND_HEIGHT - 2 * TREND_PAD)


def trend_chart(points: list[TrendPoint]) -> TrendChart:
    span = TREND_WIDTH - 2 * TREND_PAD
    step = span / (len(points) - 1) if len(points) > 1 else 0
    dots = [
        TrendDot(TREND_PAD + i * step if len(points) > 1 else TREND_WIDTH / 2, _y(p.score), p)
        for i, p in enumerate(points)
    ]
    polyline = " ".join(f"{dot.x:.1f},{dot.y:.1f}" for dot in dots)
    guides = [(_y(band.lower), band.name) for band in band_ranges()]
    return TrendChart(TREND_WIDTH, TREND_HEIGHT, dots, polyline, guides)
