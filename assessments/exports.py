"""The downloads of a gap report: CSV, XLSX (both safe to open in a spreadsheet) and HTML."""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterable, Sequence

from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from assessments.models import Action, Assessment, GapReport
from assessments.models.reports import GAP_RULE_NAMES
from assessments.rows import GapRow, UnitScoreRow
from assessments.slope import tables

# A spreadsheet treats a cell starting with one of these as a formula (CSV/formula injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GAP_HEADER = [
    "position",
    "rule",
    "rule name",
    "severity",
    "subject kind",
    "subject",
    "business unit code",
    "IT team code",
    "touch point id",
    "location",
    "level",
    "evidence",
    "recommendation",
]
UNIT_HEADER = ["side", "code", "name", "depth", "score", "band", "capped by", *tables.DIMENSIONS]
# The printable report lists the first gaps and the weakest units; the CSV/XLSX hold them all.
HTML_GAPS = 1000
HTML_UNITS = 300

Cell = str | int | float | None
# By ReportFile.Format (and the plan's exports).
CONTENT_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
}


def neutralise(value: Cell) -> Cell:
    """Prefix a text cell a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def gap_row(gap: GapRow, codes: dict[int, str]) -> list[Cell]:
    return [
        gap.position + 1,
        gap.rule,
        GAP_RULE_NAMES.get(gap.rule, ""),
        gap.severity,
        gap.subject_kind,
        gap.subject_label,
        codes.get(gap.business_unit_id or 0, ""),
        codes.get(gap.it_team_id or 0, ""),
        gap.touch_point_id,
        gap.location,
        gap.level,
        json.dumps(gap.evidence, sort_keys=True),
        gap.recommendation,
    ]


def unit_row(unit: UnitScoreRow) -> list[Cell]:
    dims = [unit.dimensions.get(letter) for letter in tables.DIMENSIONS]
    return [
        unit.side,
        unit.code,
        unit.name,
        unit.depth,
        unit.score,
        unit.band,
        unit.capped_by,
        *dims,
    ]


def gaps_csv(gaps: Iterable[GapRow], codes: dict[int, str]) -> bytes:
    """UTF-8 with a BOM, so that Excel reads names with accents right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(GAP_HEADER)
    writer.writerows([neutralise(cell) for cell in gap_row(gap, codes)] for gap in gaps)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def summary_rows(report: GapReport, assessment: Assessment) -> list[list[Cell]]:
    rows: list[list[Cell]] = [
        ["workspace", report.workspace.name],
        ["scope", assessment.scope_label],
        ["score", assessment.score],
        ["band", assessment.band],
        ["capped by", assessment.capped_by],
        ["explanation", assessment.explanation()],
        ["tables version", assessment.tables_version],
    ]
    rows += [[f"{tables.DIMENSION_NAMES[k]} ({k})", v] for k, v in assessment.dimensions.items()]
    rows += [[f"{rule} gaps", count] for rule, count in sorted(report.gap_counts_by_rule.items())]
    return rows


def xlsx_cell(value: Cell) -> Cell:
    """Neutralised, and without the control characters an XLSX file cannot hold (a name
    imported with one would otherwise fail the whole report)."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return neutralise(value)


def gaps_xlsx(
    report: GapReport,
    assessment: Assessment,
    gaps: Sequence[GapRow],
    units: Sequence[UnitScoreRow],
    codes: dict[int, str],
) -> bytes:
    """Summary, gaps and unit scores."""
    return workbook_bytes(
        [
            ("Summary", ["item", "value"], summary_rows(report, assessment)),
            ("Gaps", list(GAP_HEADER), (gap_row(gap, codes) for gap in gaps)),
            ("Units", list(UNIT_HEADER), (unit_row(unit) for unit in units)),
        ]
    )


Sheet = tuple[str, Sequence[str], Iterable[Sequence[Cell]]]


def workbook_bytes(sheets: Iterable[Sheet]) -> bytes:
    """A write-only workbook (streamed rows, small memory), one sheet per (title, header, rows),
    every cell neutralised."""
    workbook = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title)
        sheet.append(list(header))
        for row in rows:
            sheet.append([xlsx_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_html(
    report: GapReport, assessment: Assessment, gaps: Sequence[GapRow], units: Sequence[UnitScoreRow]
) -> bytes:
    weakest = sorted(units, key=lambda unit: (unit.score, unit.name))[:HTML_UNITS]
    context = {
        "report": report,
        "assessment": assessment,
        "gaps": gaps[:HTML_GAPS],
        "gaps_left_out": max(0, len(gaps) - HTML_GAPS),
        "units": weakest,
        "units_left_out": max(0, len(units) - HTML_UNITS),
        "rule_counts": sorted(report.gap_counts_by_rule.items()),
        "generated_at": timezone.now(),
    }
    return render_to_string("assessments/report_print.html", context).encode("utf-8")


ACTION_HEADER = [
    "id",
    "title",
    "status",
    "overdue",
    "owner",
    "due",
    "unit",
    "target",
    "gap",
    "touch points",
    "realised",
    "description",
]


def action_row(action: Action, today: datetime.date) -> list[Cell]:
    total, realised = action.progress
    return [
        action.pk,
        action.title,
        action.status_label,
        "yes" if action.is_overdue(today) else "",
        action.owner_name,
        action.due.isoformat() if action.due else "",
        action.unit.name if action.unit else "",
        str(action.target) if action.target else "",
        f"{action.gap_rule} {action.gap_subject}".strip(),
        "; ".join(str(tp) for tp in action.touch_points.all()),
        f"{realised}/{total}",
        action.description,
    ]


def actions_csv(actions: Iterable[Action], today: datetime.date) -> bytes:
    """The plan as CSV (UTF-8 with a BOM), every text cell neutralised as in the gap report."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ACTION_HEADER)
    writer.writerows([neutralise(cell) for cell in action_row(a, today)] for a in actions)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def actions_xlsx(actions: Iterable[Action], today: datetime.date) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Plan")
    sheet.append(list(ACTION_HEADER))
    for action in actions:
        sheet.append([xlsx_cell(cell) for cell in action_row(action, today)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
