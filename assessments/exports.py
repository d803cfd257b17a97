"""The downloads of a gap report: CSV, XLSX (both safe to open in a spreadsheet) and HTML."""

from __future__ import annotations

import base64
import datetime
import hashlib
from collections.abc import Collection, Iterable, Mapping, Sequence
from functools import cache
from itertools import islice

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.csp import CSP, build_policy

from assessments.assess import ScopeInput, UnitRow
from assessments.models import Action, Assessment, GapReport
from assessments.report_sheets import (
    GAP_HEADER,
    GLOSSARY_HEADER,
    SUMMARY_HEADER,
    TOUCHPOINT_HEADER,
    UNIT_HEADER,
    gap_rows,
    glossary_rows,
    rule_label,
    summary_rows,
    touchpoint_rows,
    unit_row,
)
from assessments.rows import GapRow, UnitScoreRow
from assessments.sheets import csv_bytes, workbook_bytes
from convergence.cells import Cell

# The printable report lists the first gaps and the weakest units; the CSV/XLSX hold them all.
HTML_GAPS = 1000
HTML_UNITS = 300

# By ReportFile.Format (and the plan's exports).
CONTENT_TYPES: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def gaps_csv(gaps: Iterable[GapRow], units: Mapping[int, UnitRow]) -> bytes:
    """The Gaps sheet's columns, one row per gap."""
    return csv_bytes(GAP_HEADER, gap_rows(gaps, units))


def gaps_xlsx(
    report: GapReport,
    assessment: Assessment,
    gaps: Iterable[GapRow],
    units: Sequence[UnitScoreRow],
    data: ScopeInput,
) -> bytes:
    """Summary, units, gaps, touch points and the glossary of their codes, a sheet each."""
    touchpoints = touchpoint_rows(data)
    return workbook_bytes(
        [
            ("Summary", SUMMARY_HEADER, summary_rows(report, assessment, len(touchpoints))),
            ("Units", UNIT_HEADER, (unit_row(unit) for unit in units)),
            ("Gaps", GAP_HEADER, gap_rows(gaps, data.units)),
            ("Touch points", TOUCHPOINT_HEADER, touchpoints),
            ("Glossary", GLOSSARY_HEADER, glossary_rows()),
        ]
    )


def report_html(
    report: GapReport,
    assessment: Assessment,
    gaps: Collection[GapRow],
    units: Sequence[UnitScoreRow],
) -> bytes:
    weakest = sorted(units, key=lambda unit: (unit.score, unit.name))[:HTML_UNITS]
    context = {
        "report": report,
        "assessment": assessment,
        "gaps": list(islice(gaps, HTML_GAPS)),
        "gaps_left_out": max(0, len(gaps) - HTML_GAPS),
        "units": weakest,
        "units_left_out": max(0, len(units) - HTML_UNITS),
        "rule_counts": sorted(report.gap_counts_by_rule.items()),
        "generated_at": timezone.now(),
    }
    return render_to_string("assessments/report_print.html", context).encode("utf-8")


@cache
def report_html_policy() -> str:
    """The Content-Security-Policy of the HTML report opened from the app: it runs and loads
    nothing, and its own <style> (kept in the file, which is also saved and read offline) is
    allowed by its hash."""
    # The element's text exactly as report_print.html writes it: a newline, then the file.
    style = "\n" + render_to_string("assessments/report_print.css")
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
    none = [CSP.NONE]
    return build_policy(
        {
            "default-src": none,
            "style-src": [f"'sha256-{digest}'"],
            "base-uri": none,
            "form-action": none,
            "frame-ancestors": none,
        }
    )


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
        f"{rule_label(action.gap_rule) if action.gap_rule else ''} {action.gap_subject}".strip(),
        "; ".join(str(tp) for tp in action.touch_points.all()),
        f"{realised}/{total}",
        action.description,
    ]


def actions_csv(actions: Iterable[Action], today: datetime.date) -> bytes:
    """The plan as CSV, every text cell neutralised as in the gap report."""
    return csv_bytes(ACTION_HEADER, (action_row(a, today) for a in actions))


def actions_xlsx(actions: Iterable[Action], today: datetime.date) -> bytes:
    rows = (action_row(action, today) for action in actions)
    return workbook_bytes([("Plan", ACTION_HEADER, rows)])
