"""Every download of a gap report, built in its job: the CSV and XLSX (spreadsheets), the
printable HTML, and the board pack as PDF and slides."""

from __future__ import annotations

from collections.abc import Collection

from assessments.assess import ScopeInput
from assessments.board_pack import board_pack
from assessments.exports import gaps_csv, gaps_xlsx, report_html
from assessments.models import Assessment, GapReport, ReportFile
from assessments.rows import GapRow, UnitScoreRow


def build_files(
    report: GapReport,
    assessment: Assessment,
    gaps: Collection[GapRow],
    units: list[UnitScoreRow],
    data: ScopeInput,
) -> list[ReportFile]:
    # Imported here, in the worker: WeasyPrint loads pango and its fonts when imported (seconds
    # on a loaded machine), which a web process, whose URLs reach this module, never needs.
    from assessments import report_deck, report_pdf

    pack = board_pack(report, assessment, gaps, units, data)
    contents = {
        ReportFile.Format.CSV: gaps_csv(gaps, data.units),
        ReportFile.Format.XLSX: gaps_xlsx(report, assessment, gaps, units, data),
        ReportFile.Format.HTML: report_html(report, assessment, gaps, units),
        ReportFile.Format.PDF: report_pdf.board_pack_pdf(pack),
        ReportFile.Format.PPTX: report_deck.board_pack_deck(pack),
    }
    return [
        ReportFile(report=report, format=fmt, content=content, size=len(content))
        for fmt, content in contents.items()
    ]
