"""The gap report's spreadsheets, opened with a real reader (openpyxl, csv): frozen header,
filters, widths, rounded figures, names beside codes and evidence in words, never JSON."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from assessments.models import GapReport, ReportFile
from assessments.report_sheets import GAP_HEADER
from assessments.tasks import build_gap_report
from tests.assessments.conftest import WorkedOrg

pytestmark = pytest.mark.django_db


def built(worked: WorkedOrg) -> GapReport:
    report = GapReport.objects.create(workspace=worked.org.workspace)
    assert build_gap_report(report.pk) is True
    return report


def file_of(report: GapReport, fmt: str) -> bytes:
    return bytes(ReportFile.objects.get(report=report, format=fmt).content)


def rows_of(sheet: Worksheet) -> list[tuple[object, ...]]:
    return list(sheet.iter_rows(values_only=True))


def floats(values: list[object]) -> list[float]:
    found = [float(value) for value in values if isinstance(value, int | float)]
    assert len(found) == len(values), values
    return found


def text(value: object) -> str:
    assert isinstance(value, str), value
    return value


def column(sheet: Worksheet, title: str) -> list[object]:
    rows = rows_of(sheet)
    at = list(rows[0]).index(title)
    return [row[at] for row in rows[1:]]


@pytest.fixture
def workbook(worked: WorkedOrg) -> Workbook:
    return load_workbook(io.BytesIO(file_of(built(worked), "xlsx")))


def test_one_sheet_per_purpose_each_frozen_filtered_and_sized(workbook: Workbook) -> None:
    assert workbook.sheetnames == ["Summary", "Units", "Gaps", "Touch points", "Glossary"]
    for sheet in workbook.worksheets:
        assert isinstance(sheet, Worksheet)
        width = len(rows_of(sheet)[0])
        last = get_column_letter(width)
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}", sheet.title
        widths = [sheet.column_dimensions[get_column_letter(c)].width for c in range(1, width + 1)]
        assert all(6 <= w <= 60 for w in widths) and len(set(widths)) > 1, sheet.title


def test_figures_are_rounded_and_codes_have_names(workbook: Workbook) -> None:
    units = workbook["Units"]
    scores = floats(column(units, "score"))
    assert len(scores) == 5 and all(round(s, 1) == s for s in scores)
    assert 72.2 <= max(scores) <= 72.3  # Sales, 72.25 unrounded
    assert all(round(v, 1) == v for v in floats(column(units, "K channel depth")))
    assert "K channel depth" in column(units, "capped by")  # Sales is capped by K
    assert set(column(units, "side")) == {"Business unit", "IT team"}
    summary = {row[0]: row[1:] for row in rows_of(workbook["Summary"])}
    assert summary["score"][0] == 63.8
    assert text(summary["band"][1]).startswith("Integration: broad coverage")
    assert summary["E-I index"][0] == -0.5
    assert "B breadth" in summary and "X boundary spanning" in summary
    assert summary["GAP-08 fragile bridge gaps"][0] == 3


def test_gaps_carry_rule_names_unit_names_and_evidence_in_words(workbook: Workbook) -> None:
    gaps = workbook["Gaps"]
    rows = rows_of(gaps)
    assert list(rows[0]) == GAP_HEADER and len(rows) == 15
    by_rule = {row[1]: row for row in rows[1:]}
    assert by_rule["GAP-07"][2] == "under-cadence"
    assert by_rule["GAP-07"][13] == "cadence 0.67; frequency quarterly"
    assert text(by_rule["GAP-13"][13]).endswith(
        "weakest dimension K channel depth; weakest value 40"
    )
    assert by_rule["GAP-06"][4] == "Touch point" and by_rule["GAP-06"][7] == "Sales"
    assert by_rule["GAP-06"][9] == "Infra"
    texts = [cell for row in rows for cell in row if isinstance(cell, str)]
    assert not any(text.lstrip().startswith(("{", "[")) for text in texts)


def test_the_touch_points_sheet_lists_the_scope_with_its_figures(workbook: Workbook) -> None:
    rows = rows_of(workbook["Touch points"])
    assert len(rows) == 7
    header = list(rows[0])
    monthly_operational = next(
        row for row in rows[1:] if row[9] == "monthly" and row[6] == "operational"
    )
    assert monthly_operational[header.index("cadence")] == 0.75
    assert monthly_operational[header.index("channel depth")] == 0.2


def test_the_csv_has_the_gaps_sheets_columns_and_rows(worked: WorkedOrg) -> None:
    report = built(worked)
    rows = list(csv.reader(io.StringIO(file_of(report, "csv").decode("utf-8-sig"))))
    sheet = rows_of(load_workbook(io.BytesIO(file_of(report, "xlsx")))["Gaps"])
    assert rows[0] == GAP_HEADER
    assert [row[:4] for row in rows[1:]] == [[str(c) for c in row[:4]] for row in sheet[1:]]
    assert [row[13] for row in rows[1:]] == [row[13] for row in sheet[1:]]


def test_the_glossary_sheet_explains_every_code_the_sheets_use(workbook: Workbook) -> None:
    terms = {row[0]: row[1:] for row in rows_of(workbook["Glossary"])}
    used = set(column(workbook["Gaps"], "rule")) | {"B", "V", "K", "F", "E", "X", "Integration"}
    assert used <= terms.keys()
    assert terms["GAP-07"][0] == "under-cadence" and terms["GAP-07"][2]
