import datetime as dt
import io
import json
from typing import Any

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone
from openpyxl import load_workbook
from pytest_django import DjangoCaptureOnCommitCallbacks
from pytest_django.fixtures import Settings

from assessments import gap_reports, report_files
from assessments.assess import Scope
from assessments.models import (
    Assessment,
    Gap,
    GapReport,
    Granularity,
    RecommendationText,
    ReportFile,
    ReportKind,
    ReportSchedule,
    ReportStatus,
)
from assessments.tasks import build_gap_report, run_scheduled_reports, sweep_stuck_reports
from tests.assessments.conftest import WorkedOrg
from touchpoints.models import OrgUnit

pytestmark = pytest.mark.django_db

WORKED_GAPS = {
    ("GAP-01", "medium", "Finance-Infra"),
    ("GAP-01", "medium", "Operations-Apps"),
    ("GAP-03", "high", "Finance"),
    ("GAP-03", "high", "Operations"),
    ("GAP-04", "medium", "Sales-Infra"),
    ("GAP-04", "medium", "Finance-Apps"),
    ("GAP-05", "medium", "Sales"),
    ("GAP-08", "medium", "Apps"),
    ("GAP-08", "medium", "Infra"),
    ("GAP-08", "low", "Sales"),
    ("GAP-09", "medium", "Manchester"),
    ("GAP-13", "info", "Sales"),
}


def new_report(worked: WorkedOrg, **fields: object) -> GapReport:
    return GapReport.objects.create(workspace=worked.org.workspace, **fields)


def file_of(report: GapReport, fmt: str) -> bytes:
    return bytes(ReportFile.objects.get(report=report, format=fmt).content)


def test_the_task_stores_the_assessment_gaps_and_files(worked: WorkedOrg) -> None:
    report = new_report(worked)
    assert build_gap_report(report.pk) is True
    report.refresh_from_db()
    assert (report.status, report.progress, report.message) == (ReportStatus.DONE, 100, "")
    assert report.assessment is not None
    assert report.assessment.score == pytest.approx(63.81, abs=0.01)
    assert report.started_at and report.finished_at
    assert report.total_gaps == 14 and report.gap_counts_by_rule["GAP-08"] == 3
    assert report.gap_counts_by_severity == {"high": 2, "medium": 9, "low": 2, "info": 1}
    formats = set(report.files.values_list("format", flat=True))
    assert formats == {"csv", "xlsx", "html", "pdf", "pptx"}


def test_each_rule_stores_its_gaps_with_subject_links(worked: WorkedOrg) -> None:
    report = new_report(worked)
    build_gap_report(report.pk)
    gaps = list(Gap.objects.filter(report=report))
    assert [gap.position for gap in gaps] == list(range(14))
    by_subject = {(g.rule, g.severity, g.subject_label): g for g in gaps}
    assert set(by_subject) >= WORKED_GAPS
    tp3, tp4 = worked.touchpoints[2], worked.touchpoints[3]
    ineffective = next(g for g in gaps if g.rule == "GAP-06")
    assert (ineffective.touch_point_id, ineffective.level) == (tp3.pk, "operational")
    assert ineffective.evidence == {"effectiveness": 2}
    assert ineffective.subject_label == f"Sales-Infra (operational touch point {tp3.pk})"
    under_cadence = next(g for g in gaps if g.rule == "GAP-07")
    assert under_cadence.touch_point_id == tp4.pk
    assert under_cadence.evidence["cadence"] == pytest.approx(2 / 3)
    pair = by_subject[("GAP-01", "medium", "Finance-Infra")]
    assert (pair.business_unit_id, pair.it_team_id) == (worked.org.finance.pk, worked.org.infra.pk)
    assert by_subject[("GAP-09", "medium", "Manchester")].location == "Manchester"
    assert by_subject[("GAP-03", "high", "Finance")].recommendation.startswith(
        "Give Finance a seat"
    )


def test_running_the_task_twice_makes_one_report(worked: WorkedOrg) -> None:
    report = new_report(worked)
    assert build_gap_report(report.pk) is True
    assert build_gap_report(report.pk) is False
    assert Assessment.objects.count() == 1
    assert Gap.objects.filter(report=report).count() == 14
    assert ReportFile.objects.filter(report=report).count() == 5


def test_it_caps_the_gaps_stored_per_rule_and_keeps_the_true_counts(
    worked: WorkedOrg, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gap_reports, "MAX_GAPS_PER_RULE", 1)
    report = new_report(worked)
    build_gap_report(report.pk)
    report.refresh_from_db()
    assert report.gap_counts_by_rule["GAP-08"] == 3
    assert report.gaps.filter(rule="GAP-08").count() == 1
    assert report.stored_gaps < report.total_gaps


def test_the_workspace_recommendation_texts_are_used(worked: WorkedOrg) -> None:
    RecommendationText.objects.create(
        workspace=worked.org.workspace, rule="GAP-09", text="Rotate staff through {location}."
    )
    report = new_report(worked)
    build_gap_report(report.pk)
    assert report.gaps.get(rule="GAP-09").recommendation == "Rotate staff through Manchester."


def test_a_depth_report_assesses_at_that_depth(worked: WorkedOrg) -> None:
    report = new_report(worked, granularity=Granularity.DEPTH, business_depth=0, it_depth=0)
    build_gap_report(report.pk)
    report.refresh_from_db()
    assert report.assessment is not None
    assert report.assessment.business_unit_count == 1
    assert report.assessment.business_depth == 0


def test_formula_cells_are_neutralised_in_csv_and_xlsx(worked: WorkedOrg) -> None:
    OrgUnit.objects.filter(pk=worked.org.finance.pk).update(name="=cmd|' /C calc'!A0")
    RecommendationText.objects.create(
        workspace=worked.org.workspace, rule="GAP-03", text="@SUM(1+1) for {subject}"
    )
    report = new_report(worked)
    build_gap_report(report.pk)
    csv_text = file_of(report, "csv").decode("utf-8-sig")
    assert "'=cmd|' /C calc'!A0" in csv_text
    assert ",=cmd" not in csv_text and ",@SUM" not in csv_text and "'@SUM(1+1)" in csv_text
    workbook = load_workbook(io.BytesIO(file_of(report, "xlsx")), read_only=True)
    cells = [cell for row in workbook["Gaps"].iter_rows(values_only=True) for cell in row]
    texts = [cell for cell in cells if isinstance(cell, str)]
    assert "'=cmd|' /C calc'!A0" in texts
    assert not any(text.startswith(("=", "+", "-", "@")) for text in texts)
    assert any(isinstance(cell, int) for cell in cells)  # numbers stay numbers
    units = [row for row in workbook["Units"].iter_rows(values_only=True)]
    assert units[0][:3] == ("side", "code", "name") and len(units) == 6


def test_control_characters_in_names_do_not_break_the_xlsx(worked: WorkedOrg) -> None:
    OrgUnit.objects.filter(pk=worked.org.finance.pk).update(name="Fin\x01ance")
    report = new_report(worked)
    build_gap_report(report.pk)
    workbook = load_workbook(io.BytesIO(file_of(report, "xlsx")), read_only=True)
    names = [row[2] for row in workbook["Units"].iter_rows(values_only=True)]
    assert "Finance" in names


def test_the_html_report_is_printable(worked: WorkedOrg) -> None:
    report = new_report(worked)
    build_gap_report(report.pk)
    html = file_of(report, "html").decode()
    assert "@media print" in html and "63.8" in html and "Manchester" in html
    assert "approximation" in html


def test_a_failing_task_marks_the_report_failed_and_a_retry_builds_it(
    worked: WorkedOrg, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(gap_reports, "score", broken)
    report = new_report(worked)
    assert build_gap_report(report.pk) is False
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "disk full" in report.message and "Retry" in report.message
    monkeypatch.undo()
    assert gap_reports.retry(report) is True
    assert build_gap_report(report.pk) is True
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.gaps.count() == 14


def test_a_report_failing_late_leaves_no_assessment_behind(
    worked: WorkedOrg, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("no space left on device")

    monkeypatch.setattr(gap_reports, "build_files", broken)
    report = new_report(worked)
    build_gap_report(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and "no space left" in report.message
    assert not Assessment.objects.exists() and not Gap.objects.exists()


def test_a_report_the_sweep_failed_meanwhile_keeps_nothing_of_its_late_run(
    worked: WorkedOrg, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_files = report_files.build_files

    def swept_meanwhile(report: GapReport, *args: Any) -> object:
        gap_reports.sweep_stuck(timezone.now() + dt.timedelta(hours=1))
        return build_files(report, *args)

    monkeypatch.setattr(gap_reports, "build_files", swept_meanwhile)
    report = new_report(worked)
    build_gap_report(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and report.assessment is None
    assert not Assessment.objects.exists() and not report.gaps.exists()
    assert not report.files.exists()


def test_a_report_over_its_time_limit_fails_with_advice(
    worked: WorkedOrg, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow(*args: object, **kwargs: object) -> None:
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(gap_reports, "score", slow)
    report = new_report(worked)
    build_gap_report(report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "coarser granularity" in report.message


def test_only_a_failed_report_can_be_retried(worked: WorkedOrg) -> None:
    report = new_report(worked)
    assert gap_reports.retry(report) is False


def test_the_sweep_fails_reports_stuck_running(worked: WorkedOrg) -> None:
    long_ago = timezone.now() - dt.timedelta(hours=2)
    stuck = new_report(worked, status=ReportStatus.RUNNING, started_at=long_ago)
    running = new_report(worked, status=ReportStatus.RUNNING, started_at=timezone.now())
    assert sweep_stuck_reports() == 1
    stuck.refresh_from_db()
    running.refresh_from_db()
    assert stuck.status == ReportStatus.FAILED and "Retry it" in stuck.message
    assert running.status == ReportStatus.RUNNING


def test_the_sweep_fails_a_report_whose_worker_stopped_beating_within_seconds(
    worked: WorkedOrg, settings: Settings
) -> None:
    settings.JOB_HEARTBEAT_SECONDS = 2
    now = timezone.now()
    report = new_report(worked, status=ReportStatus.RUNNING, started_at=now)
    GapReport.objects.filter(pk=report.pk).update(heartbeat_at=now - dt.timedelta(seconds=5))
    assert sweep_stuck_reports() == 0  # two beats missed: still alive
    GapReport.objects.filter(pk=report.pk).update(heartbeat_at=now - dt.timedelta(seconds=7))
    assert sweep_stuck_reports() == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED and report.heartbeat_at is None
    assert "worker building this report stopped" in report.message and "Retry it" in report.message
    assert gap_reports.retry(report) is True
    assert build_gap_report(report.pk) is True


def test_a_report_delivered_again_after_its_worker_died_is_built_by_that_delivery(
    worked: WorkedOrg, settings: Settings
) -> None:
    settings.JOB_HEARTBEAT_SECONDS = 2
    report = new_report(worked)
    assert gap_reports.claim_report(report.pk)  # the first worker took it, then ...
    assert build_gap_report(report.pk) is False  # ... while it beats, a copy does nothing
    stopped = timezone.now() - dt.timedelta(seconds=7)
    GapReport.objects.filter(pk=report.pk).update(heartbeat_at=stopped)  # ... and it died
    assert build_gap_report(report.pk) is True
    report.refresh_from_db()
    assert (report.status, report.attempts, report.heartbeat_at) == (ReportStatus.DONE, 2, None)
    assert Assessment.objects.count() == 1 and report.gaps.count() == 14


def test_due_schedules_get_one_report_each(
    worked: WorkedOrg, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    workspace = worked.org.workspace
    ReportSchedule.objects.create(workspace=workspace, kind=ReportKind.WEEKLY, enabled=True)
    ReportSchedule.objects.create(workspace=workspace, kind=ReportKind.MONTHLY, enabled=False)
    # Enqueued once the transaction commits, then built in-process.
    with django_capture_on_commit_callbacks(execute=True):
        assert run_scheduled_reports() == 1
    assert run_scheduled_reports() == 0
    report = GapReport.objects.get(workspace=workspace)
    assert (report.kind, report.status) == (ReportKind.WEEKLY, ReportStatus.DONE)


def test_a_schedule_is_due_again_after_its_period(worked: WorkedOrg) -> None:
    week_ago = timezone.now() - dt.timedelta(days=7, minutes=1)
    ReportSchedule.objects.create(
        workspace=worked.org.workspace, kind=ReportKind.WEEKLY, enabled=True, last_run_at=week_ago
    )
    assert len(gap_reports.due_schedules(timezone.now())) == 1
    assert gap_reports.due_schedules(week_ago + dt.timedelta(days=6)) == []


def test_scope_of_a_report_carries_its_chosen_units(worked: WorkedOrg) -> None:
    report = new_report(worked, granularity=Granularity.UNITS, unit_ids=[worked.org.sales.pk])
    assert gap_reports.scope_of(report) == Scope(
        Granularity.UNITS, unit_ids=frozenset({worked.org.sales.pk})
    )
    assert json.dumps(report.unit_ids)


def test_a_retried_report_is_not_swept_for_having_been_created_long_ago(
    worked: WorkedOrg,
) -> None:
    report = new_report(worked, status=ReportStatus.FAILED)
    GapReport.objects.filter(pk=report.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    assert gap_reports.retry(report) is True
    # The worker is busy with another report for a few minutes; the sweep runs meanwhile.
    assert sweep_stuck_reports() == 0
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED
    # Queued far too long after the retry, it is swept as any lost report is.
    assert gap_reports.sweep_stuck(timezone.now() + dt.timedelta(hours=2)) == 1
