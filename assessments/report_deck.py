"""The board pack as a PowerPoint deck (python-pptx): one slide per part of the pack, every chart
a native shape or chart the board can restyle, in greys with the values written on them so that
the deck reads the same printed in black and white."""

from __future__ import annotations

import io
from collections.abc import Sequence

from pptx import Presentation
from pptx.chart.data import ChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide
from pptx.table import Table
from pptx.util import Emu, Inches, Pt

from assessments.board_pack import BoardPack
from assessments.board_svg import GREYS, heat_level
from assessments.dashboard.charts import slope_chart

BLACK, WHITE = RGBColor(0, 0, 0), RGBColor(0xFF, 0xFF, 0xFF)
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
LEFT = Inches(0.6)
TABLE_GAPS = 8


def grey(index: int) -> RGBColor:
    return RGBColor.from_string(GREYS[index].lstrip("#"))


def new_slide(deck: Deck, title: str) -> Slide:
    slide = deck.slides.add_slide(deck.slide_layouts[5])  # "Title Only"
    assert slide.shapes.title is not None
    slide.shapes.title.text = title
    slide.shapes.title.text_frame.paragraphs[0].font.size = Pt(30)
    return slide


def text_box(slide: Slide, left: int, top: int, width: int, words: str, size: int = 14) -> None:
    box = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Inches(0.4))
    box.text_frame.word_wrap = True
    box.text_frame.text = words
    for paragraph in box.text_frame.paragraphs:
        paragraph.font.size = Pt(size)
        paragraph.font.color.rgb = BLACK


def rectangle(slide: Slide, box: tuple[int, int, int, int], fill: RGBColor | None) -> None:
    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, *(Emu(v) for v in box))
    if fill is None:
        shape.fill.background()
    else:
        shape.fill.solid()
        shape.fill.fore_color.rgb = fill
    shape.line.color.rgb = BLACK


def title_slide(deck: Deck, pack: BoardPack) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[0])
    assert slide.shapes.title is not None
    slide.shapes.title.text = f"{pack.workspace}: where business and IT stand"
    a = pack.assessment
    slide.placeholders[1].text = (
        f"Score {a.score:.1f} · {a.band} · {pack.scope} · view: {pack.view} · "
        f"{pack.generated:%Y-%m-%d}"
    )


def slope_slide(deck: Deck, pack: BoardPack) -> None:
    slide = new_slide(deck, "Where we stand on the slope")
    chart = slope_chart(pack.assessment.score)
    scale = (WIDTH - 2 * LEFT) / chart.width
    top = Inches(2.0)

    def at(x: float, y: float) -> tuple[int, int]:
        return int(LEFT + x * scale), int(top + y * scale)

    for i, shape in enumerate(chart.bands):
        points = [tuple(float(v) for v in pair.split(",")) for pair in shape.points.split()]
        builder = slide.shapes.build_freeform(*at(*points[0]), scale=1.0)
        builder.add_line_segments([at(x, y) for x, y in points[1:]], close=True)
        band = builder.convert_to_shape()
        band.fill.solid()
        band.fill.fore_color.rgb = grey(i)
        band.line.color.rgb = BLACK
        x, y = at(shape.label_x, chart.base + 4)
        text_box(
            slide,
            x - Inches(0.9),
            y,
            Inches(1.8),
            f"{shape.band.name} {shape.band.lower:.0f}–{shape.band.upper:.0f}",
            12,
        )
    if chart.marker_x is not None and chart.marker_y is not None:
        x, y = at(chart.marker_x, chart.marker_y)
        marker = slide.shapes.add_shape(
            MSO_SHAPE.DOWN_ARROW,
            Emu(x - Inches(0.2)),
            Emu(y - Inches(0.6)),
            Inches(0.4),
            Inches(0.6),
        )
        marker.fill.solid()
        marker.fill.fore_color.rgb = BLACK
        text_box(
            slide, x - Inches(0.8), y - Inches(1.1), Inches(1.6), f"{pack.assessment.score:.1f}", 24
        )
    a = pack.assessment
    lines = f"Band {a.band}: {pack.band_meaning}."
    if a.capped_by:
        lines += f" {a.cap_reason()}"
    if pack.filtered_units is not None:
        mean = "—" if pack.filtered_mean is None else f"{pack.filtered_mean:.1f}"
        lines += f" In this view ({pack.view}): {pack.filtered_units} business units, mean {mean}."
    text_box(slide, LEFT, Inches(5.9), WIDTH - 2 * LEFT, lines, 16)


def dimensions_slide(deck: Deck, pack: BoardPack) -> None:
    slide = new_slide(deck, "The six dimensions")
    bar_left, bar_width, row = Inches(3.4), Inches(4.2), Inches(0.85)
    for i, bar in enumerate(pack.bars):
        top = Inches(1.6) + i * row
        text_box(slide, LEFT, top, Inches(2.8), f"{bar.letter} {bar.name}", 16)
        rectangle(slide, (bar_left, top + Inches(0.05), bar_width, Inches(0.35)), None)
        if bar.value is not None and bar.value > 0:
            width = int(bar_width * min(100.0, bar.value) / 100)
            rectangle(
                slide,
                (bar_left, top + Inches(0.05), width, Inches(0.35)),
                grey(4 if bar.caps_band else 2),
            )
        value = "does not apply" if bar.value is None else f"{bar.value:.1f}"
        note = value + (" · caps the band" if bar.caps_band else "")
        text_box(slide, bar_left + bar_width + Inches(0.15), top, Inches(1.6), note, 14)
        text_box(slide, Inches(9.3), top, Inches(3.6), bar.why, 11)


def trend_slide(deck: Deck, pack: BoardPack) -> None:
    slide = new_slide(deck, "Trend")
    data = ChartData()
    data.categories = [point.label for point in pack.trend]
    data.add_series("Score", [round(point.score, 1) for point in pack.trend])
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.LINE_MARKERS, LEFT, Inches(1.5), Emu(WIDTH - 2 * LEFT), Inches(5.4), data
    )
    chart = frame.chart  # type: ignore[attr-defined]  # add_chart returns the chart's frame

    chart.has_legend = False
    chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = 0, 100
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format, plot.data_labels.number_format_is_linked = "0.0", False
    series = plot.series[0]
    series.format.line.color.rgb = BLACK
    series.marker.format.fill.solid()
    series.marker.format.fill.fore_color.rgb = BLACK


def table_slide(
    deck: Deck,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
) -> Table:
    slide = new_slide(deck, title)
    frame = slide.shapes.add_table(
        len(rows) + 1,
        len(header),
        LEFT,
        Inches(1.5),
        Emu(WIDTH - 2 * LEFT),
        Emu(Inches(0.4) * (len(rows) + 1)),
    )
    table = frame.table
    for i, width in enumerate(widths):
        table.columns[i].width = Inches(width)
    for r, values in enumerate([header, *rows]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = value
            for paragraph in cell.text_frame.paragraphs:
                paragraph.font.size = Pt(12 if r == 0 else 10)
                paragraph.font.bold = r == 0
                paragraph.font.color.rgb = BLACK
            cell.fill.solid()
            cell.fill.fore_color.rgb = grey(1) if r == 0 else WHITE
    return table


def gaps_slide(deck: Deck, pack: BoardPack) -> None:
    rows = [[g.rule, g.severity, g.subject, g.recommendation] for g in pack.gaps[:TABLE_GAPS]]
    title = f"Top gaps and what to do ({pack.total_gaps} found)"
    table_slide(
        deck,
        title,
        ["Rule", "Severity", "Subject", "Recommendation"],
        rows or [["No gaps in this view", "", "", ""]],
        [2.6, 1.1, 3.0, 5.4],
    )


def heatmap_slide(deck: Deck, pack: BoardPack) -> None:
    heat = pack.heatmap
    if heat is None:
        table_slide(
            deck,
            "Heatmap: business units × levels",
            ["Business unit"],
            [["No business units with touch points in this view"]],
            [12.1],
        )
        return
    header = ["Business unit", *(column.label for column in heat.columns)]
    rows = [
        [
            f"{row.name} ({row.units} units)",
            *(f"{cell.coverage:.0%} · {cell.touchpoints} tp" for cell in row.cells),
        ]
        for row in heat.rows[:12]
    ]
    table = table_slide(
        deck,
        "Heatmap: business units × levels (share of units met)",
        header,
        rows,
        [4.6, 2.5, 2.5, 2.5],
    )
    for r, row in enumerate(heat.rows[:12], start=1):
        for c, cell in enumerate(row.cells, start=1):
            level = heat_level(cell)
            table.cell(r, c).fill.fore_color.rgb = WHITE if level == 0 else grey(level - 1)
            for paragraph in table.cell(r, c).text_frame.paragraphs:
                paragraph.font.color.rgb = WHITE if level >= 4 else BLACK


def board_pack_deck(pack: BoardPack) -> bytes:
    deck = Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    title_slide(deck, pack)
    slope_slide(deck, pack)
    dimensions_slide(deck, pack)
    trend_slide(deck, pack)
    gaps_slide(deck, pack)
    heatmap_slide(deck, pack)
    if pack.actions:
        rows = [[a.title, a.owner or "—", a.due or "—", a.status, a.gap] for a in pack.actions]
        table_slide(
            deck,
            "The plan's open actions",
            ["Action", "Owner", "Due", "Status", "Gap"],
            rows,
            [4.4, 2.0, 1.4, 1.8, 2.5],
        )
    if p := pack.perception:
        score = "—" if p.score is None else f"{p.score:.1f}" + (f" ({p.band})" if p.band else "")
        rows = [
            ["Everyone", score],
            ["Business", "—" if p.business is None else f"{p.business:.1f}"],
            ["IT", "—" if p.it is None else f"{p.it:.1f}"],
        ]
        closed = f"{p.respondents} respondents, closed {p.closed_at:%Y-%m-%d}"
        title = f"Perception survey: {p.title} ({closed})"
        table_slide(deck, title, ["Who", "Perception score"], rows, [6.0, 6.1])
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()
