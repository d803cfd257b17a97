"""The board pack as PDF: the pack's HTML with its charts as inline SVG, laid out by WeasyPrint
(HTML and CSS to PDF with pango; no browser). A4 landscape, one section a page."""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import CSS, HTML

from assessments.board_pack import BoardPack
from assessments.board_svg import bars_svg, slope_svg, trend_svg


def pack_html(pack: BoardPack) -> str:
    heat_rows = []
    if pack.heatmap is not None:
        heat_rows = [
            (row, [(cell, cell.heat("coverage")) for cell in row.cells])
            for row in pack.heatmap.rows
        ]
    context = {
        "pack": pack,
        "slope_svg": slope_svg(pack.assessment.score),
        "bars_svg": bars_svg(pack.bars),
        "trend_svg": trend_svg(pack.trend),
        "heat_rows": heat_rows,
    }
    return render_to_string("assessments/board_pack.html", context)


def board_pack_pdf(pack: BoardPack) -> bytes:
    # No base_url: the pack loads nothing from outside (its charts are inline, its fonts local).
    stylesheet = CSS(string=render_to_string("assessments/board_pack.css"))
    pdf = HTML(string=pack_html(pack)).write_pdf(stylesheets=[stylesheet])
    assert isinstance(pdf, bytes)  # write_pdf returns the bytes when given no target
    return pdf
