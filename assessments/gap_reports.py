"""The gap report job's domain: claim a report, assess, store gaps and files, fail honestly.

A report row moves queued → running → done | failed. Every step is a conditional UPDATE on the
row, so a second delivery of the same task finds nothing to claim and does nothing, unless the
worker that claimed it died (its heartbeat stopped): that delivery starts the report over. A failed
report is retried by resetting the same row to queued (its URL stays the one the person has open).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import closing
from fractions import Fraction

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from assessments.assess import (
    Scope,
    new_assessment,
    score,
    store_assessment,
    unit_score_rows,
)
from assessments.binary_copy import copy_binary
from assessments.bulk import insert_rows
from assessments.dashboard.readmodel.gap_move import forget_gap_move, keep_gap_move
from assessments.gap_spool import GapSpool
from assessments.models import (
    Gap,
    GapReport,
    ReportFile,
    ReportKind,
    ReportSchedule,
    ReportStatus,
    SurveyRound,
)
from assessments.models.reports import stored_subjects_by_rule
from assessments.report_files import build_files
from assessments.round_results import survey_gap_row, survey_gaps_for_report
from assessments.rows import GapRow
from assessments.slope import Gap as EngineGap
from assessments.slope import Result, Subject
from convergence import webhooks
from convergence.collector import collector_paused
from convergence.jobs import beating, claim, record_progress, silent
from convergence.models import WebhookEvent

# Enough to act on, small enough to store: the true count of each rule is kept beside. On the
# 10,000-unit benchmark, 2,000 a rule (about 13,000 gaps) builds the whole report in about 7 s;
# 5,000 (about 31,000) took over 10 s, mostly in writing the XLSX.
MAX_GAPS_PER_RULE = 2000
QUEUE_DOWN = "The background worker queue is not reachable; try again in a minute."
# A queued report no worker picked up within this time has lost its message.
QUEUED_TOO_LONG = dt.timedelta(hours=1)
GAP_FIELDS = ("report_id", *GapRow._fields)
FILE_FIELDS = ("report_id", "format", "content", "size")
SCHEDULE_EVERY = {
    ReportKind.WEEKLY: dt.timedelta(days=7),
    ReportKind.MONTHLY: dt.timedelta(days=30),
}


def scope_of(report: GapReport) -> Scope:
    return Scope(
        granularity=report.granularity,
        business_depth=report.business_depth,
        it_depth=report.it_depth,
        unit_ids=frozenset(report.unit_ids),
    )


def claim_report(report_id: int) -> bool:
    """Move a queued report (or one whose worker died) to running; False when it is taken by a
    live worker, done or failed."""
    queued, running = ReportStatus.QUEUED, ReportStatus.RUNNING
    return claim(
        GapReport, report_id, queued=queued, running=running, progress=5, message="Starting"
    )


def set_progress(report_id: int, progress: int, message: str) -> None:
    record_progress(
        GapReport, report_id, running=ReportStatus.RUNNING, progress=progress, message=message
    )


def fail(report_id: int, message: str) -> None:
    GapReport.objects.filter(
        pk=report_id, status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING]
    ).update(
        status=ReportStatus.FAILED, message=message, finished_at=timezone.now(), heartbeat_at=None
    )


def build_report(report_id: int) -> bool:
    """Run a claimed report to the end; False when there was nothing to claim."""
    if not claim_report(report_id):
        return False
    with beating(GapReport, report_id, running=ReportStatus.RUNNING), collector_paused():
        build_claimed(report_id)
    # What the report left in cycles goes now, not into the next report's peak.
    gc.collect()
    return True


def build_claimed(report_id: int) -> None:
    report = GapReport.objects.select_related("workspace").get(pk=report_id)
    scope = scope_of(report)
    set_progress(report_id, 10, "Reading the org chart and touch points")
    data, result = score(report.workspace_id, scope, MAX_GAPS_PER_RULE)
    survey_round, survey_gaps = survey_gaps_for_report(report.workspace_id)
    set_progress(report_id, 50, "Writing the CSV, XLSX, HTML, PDF and slide files")
    assessment = new_assessment(report.workspace_id, scope, data, result, report.requested_by_id)
    units = unit_score_rows(data, result)
    with closing(GapSpool(gap_rows(result, survey_round, survey_gaps))) as gaps:
        report.gap_counts_by_rule = {**result.gap_counts, **Counter(g.rule for g in survey_gaps)}
        report.gap_counts_by_severity = dict(gaps.severities)
        report.stored_gap_limit = MAX_GAPS_PER_RULE
        files = build_files(report, assessment, gaps, units, data)
        set_progress(report_id, 80, f"Storing {len(units)} unit scores and {len(gaps)} gaps")
        # All or nothing: a report that fails here leaves no assessment behind for dashboards.
        with transaction.atomic():
            report.assessment = store_assessment(assessment, units)
            # Gap changes match two reports' gaps on rule and subject: without their statistics
            # the planner sorts both reports' gaps for a merge join (3 times a hash join). The
            # overview lists a level's gaps: without the level's, it guessed 127 of 10,151 and
            # looked each gap's unit up by a nested loop (47 ms, autovacuum off).
            rows = ((report.pk, *gap) for gap in gaps)
            insert_rows(Gap, GAP_FIELDS, rows, matched_on=("rule", "subject_label", "level"))
            report.subjects_by_rule = dict(stored_subjects_by_rule([report.pk])[report.pk])
            store_files(files)
            finished = finish(report)
        if finished:
            keep_gap_move(report.workspace_id)


def store_files(files: list[ReportFile]) -> None:
    """Through a binary COPY on PostgreSQL: an INSERT carries the content as hex in the query
    text (assessments.binary_copy), which was the 10,000-unit benchmark's peak memory."""
    if connection.vendor != "postgresql":
        ReportFile.objects.bulk_create(files)
        return
    rows = ((file.report_id, file.format, bytes(file.content), file.size) for file in files)
    copy_binary(ReportFile, FILE_FIELDS, rows)


def finish(report: GapReport) -> bool:
    done = GapReport.objects.filter(pk=report.pk, status=ReportStatus.RUNNING).update(
        status=ReportStatus.DONE,
        progress=100,
        message="",
        finished_at=timezone.now(),
        heartbeat_at=None,
        assessment=report.assessment,
        gap_counts_by_rule=report.gap_counts_by_rule,
        gap_counts_by_severity=report.gap_counts_by_severity,
        stored_gap_limit=report.stored_gap_limit,
        subjects_by_rule=report.subjects_by_rule,
    )
    if done != 1:
        # The sweep marked it failed meanwhile: undo this run's rows (the assessment too) so a
        # retry starts clean.
        transaction.set_rollback(True)
        return False
    forget_gap_move(report.workspace_id)
    webhooks.emit(report.workspace_id, WebhookEvent.REPORT_FINISHED, finished_payload(report))
    return True


def finished_payload(report: GapReport) -> dict[str, object]:
    """What a webhook hears of a finished report (no unit names: counts and where to read it)."""
    return {
        "report": report.pk,
        "kind": report.kind,
        "granularity": report.granularity,
        "gaps_by_rule": report.gap_counts_by_rule,
        "gaps_by_severity": report.gap_counts_by_severity,
        "path": reverse("report_detail", args=[report.workspace.slug, report.pk]),
    }


def json_value(value: object) -> object:
    """Evidence as JSON: Fractions become floats, anything unknown its text."""
    if isinstance(value, Fraction):
        return float(value)
    if isinstance(value, list | tuple):
        return [json_value(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def evidence_json(evidence: Mapping[str, object]) -> dict[str, object]:
    return {key: json_value(value) for key, value in evidence.items()}


def gap_row(gap: EngineGap, position: int) -> GapRow:
    subject = gap.subject
    tp_id = subject.touch_point_id
    return GapRow(
        rule=gap.rule,
        severity=gap.severity,
        subject_kind=subject.kind,
        subject_label=subject_label(subject)[:700],
        business_unit_id=int(subject.business_unit.id) if subject.business_unit else None,
        it_team_id=int(subject.it_team.id) if subject.it_team else None,
        touch_point_id=int(tp_id) if tp_id and tp_id.isdigit() else None,
        location=subject.location or "",
        level=subject.level or "",
        evidence=evidence_json(gap.evidence),
        recommendation=gap.recommendation,
        position=position,
    )


def subject_label(subject: Subject) -> str:
    """The engine's name, with the pair spelled out for a touch point ("touch point 7" alone
    tells a manager nothing)."""
    if subject.kind == "touch_point" and subject.business_unit and subject.it_team:
        pair = f"{subject.business_unit.name}-{subject.it_team.name}"
        return f"{pair} ({subject.level} touch point {subject.touch_point_id})"
    return subject.name


def gap_rows(
    result: Result, survey_round: SurveyRound | None = None, survey_gaps: Sequence[EngineGap] = ()
) -> Iterator[GapRow]:
    """The slope's gaps and the latest survey round's SURV gaps, in one gap order, one row at
    a time (the report spools them: GapSpool)."""
    if not survey_gaps or survey_round is None:
        yield from (gap_row(gap, position) for position, gap in enumerate(result.gaps))
        return
    surveyed = set(map(id, survey_gaps))
    merged = sorted([*result.gaps, *survey_gaps], key=lambda gap: gap.sort_key)
    for position, gap in enumerate(merged):
        if id(gap) in surveyed:
            yield survey_gap_row(gap, survey_round, evidence_json(gap.evidence), position)
        else:
            yield gap_row(gap, position)


def retry(report: GapReport) -> bool:
    """Put a failed report back in the queue, clearing what its failed run left behind."""
    with transaction.atomic():
        reset = GapReport.objects.filter(pk=report.pk, status=ReportStatus.FAILED).update(
            status=ReportStatus.QUEUED,
            queued_at=timezone.now(),
            progress=0,
            message="",
            started_at=None,
            heartbeat_at=None,
            finished_at=None,
            assessment=None,
            gap_counts_by_rule={},
            gap_counts_by_severity={},
        )
        if reset:
            Gap.objects.filter(report=report).delete()
            ReportFile.objects.filter(report=report).delete()
    return reset == 1


WORKER_GONE = (
    "The worker building this report stopped (it was restarted or killed). Retry it; if it "
    "stops again, choose a coarser granularity or ask an admin to check the background worker."
)
TOO_LONG = (
    "The report stopped without finishing (the worker was stopped or ran out of time). "
    "Retry it; if it fails again, choose a coarser granularity or ask an admin to check "
    "the background worker."
)


def sweep_stuck(now: dt.datetime | None = None) -> int:
    """Fail the reports no worker will finish: running with a heartbeat that stopped (seconds
    after the worker died) or past the hard time limit, or queued too long."""
    now = now or timezone.now()
    running = GapReport.objects.filter(status=ReportStatus.RUNNING)
    gone = running.filter(silent(now)).update(
        status=ReportStatus.FAILED, finished_at=now, heartbeat_at=None, message=WORKER_GONE
    )
    running_since = now - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)
    stuck = GapReport.objects.filter(
        Q(status=ReportStatus.RUNNING, started_at__lt=running_since)
        | Q(status=ReportStatus.QUEUED, queued_at__lt=now - QUEUED_TOO_LONG)
    )
    return gone + stuck.update(
        status=ReportStatus.FAILED, finished_at=now, heartbeat_at=None, message=TOO_LONG
    )


def due_schedules(now: dt.datetime) -> list[ReportSchedule]:
    schedules = ReportSchedule.objects.filter(enabled=True).select_related("workspace")
    return [
        schedule
        for schedule in schedules
        if schedule.last_run_at is None
        or schedule.last_run_at <= now - SCHEDULE_EVERY[ReportKind(schedule.kind)]
    ]


def claim_schedule(schedule: ReportSchedule, now: dt.datetime) -> GapReport | None:
    """Create the schedule's report, once: the conditional UPDATE on last_run_at makes a second
    beat run (or two beat processes) skip it."""
    with transaction.atomic():
        claimed = ReportSchedule.objects.filter(
            pk=schedule.pk, last_run_at=schedule.last_run_at
        ).update(last_run_at=now)
        if not claimed:
            return None
        return GapReport.objects.create(workspace=schedule.workspace, kind=schedule.kind)
