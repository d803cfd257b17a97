"""Every download of a gap report, built in its job: the CSV and XLSX (spreadsheets), the
printable HTML, and the board pack as PDF and slides."""

from __future__ import annotations

from assessments.assess import ScopeInput
from assessments.board_pack import board_pack
from assessments.exports import gaps_csv, gaps_xlsx, report_html
from assessments.models import Assessment, GapReport, ReportFile
from assessments.report_deck import board_pack_deck
from assessments.report_pdf import board_pack_pdf
from assessments.rows import GapRow, UnitScoreRow


def build_files(
    report: GapReport,
    assessment: Assessment,
    gaps: list[GapRow],
    units: list[UnitScoreRow],
    data: ScopeInput,
) -> list[ReportFile]:
    pack = board_pack(report, assessment, gaps, units, data)
    contents = {
        ReportFile.Format.CSV: gaps_csv(gaps, data.units),
        ReportFile.Format.XLSX: gaps_xlsx(report, assessment, gaps, units, data),
        ReportFile.Format.HTML: report_html(report, assessment, gaps, units),
        ReportFile.Format.PDF: board_pack_pdf(pack),
        ReportFile.Format.PPTX: board_pack_deck(pack),
    }
    return [
        ReportFile(report=report, format=fmt, content=content, size=len(content))
        for fmt, content in contents.items()
    ]
