"""A real Celery worker on real Redis builds gap reports (and fails them honestly)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Assessment, GapReport, Granularity, ReportStatus
from assessments.tasks import build_gap_report
from tests.assessments.conftest import WorkedOrg
from tests.conftest import People, client_for
from tests.worker import celery_worker, wait_until
from touchpoints.models import OrgUnit

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

TASK = "assessments.tasks.build_gap_report"


def finished(report_id: int) -> bool:
    return not GapReport.objects.get(pk=report_id).is_active


def test_a_report_requested_in_the_browser_completes_with_gaps_and_files(
    worked: WorkedOrg, people: People
) -> None:
    slug = worked.org.workspace.slug
    with celery_worker([TASK]):
        response = client_for(people.manager).post(
            reverse("report_request", args=[slug]), {"granularity": "full"}
        )
        report = GapReport.objects.get()
        assert response["Location"] == reverse("report_detail", args=[slug, report.pk])
        assert wait_until(lambda: finished(report.pk))
    report.refresh_from_db()
    assert (report.status, report.progress) == (ReportStatus.DONE, 100)
    assert report.gaps.count() == 14
    formats = set(report.files.values_list("format", flat=True))
    assert formats == {"csv", "xlsx", "html", "pdf", "pptx"}
    assert report.assessment is not None
    assert report.assessment.score == pytest.approx(63.81, abs=0.01)


def test_a_report_delivered_twice_is_built_once(worked: WorkedOrg) -> None:
    twice = GapReport.objects.create(workspace=worked.org.workspace)
    later = GapReport.objects.create(workspace=worked.org.workspace)
    with celery_worker([TASK]):
        build_gap_report.apply_async((twice.pk,))
        build_gap_report.apply_async((twice.pk,))
        build_gap_report.apply_async((later.pk,))
        # One worker takes its queue in order: once `later` is done, both deliveries ran.
        assert wait_until(lambda: finished(later.pk))
    assert Assessment.objects.count() == 2
    assert GapReport.objects.get(pk=twice.pk).status == ReportStatus.DONE
    assert GapReport.objects.get(pk=twice.pk).gaps.count() == 14


def test_a_failing_report_ends_failed_with_a_message(worked: WorkedOrg) -> None:
    # A unit whose derived path was corrupted (say, by a hand-made SQL edit) cannot be rolled up
    # to a depth (at full granularity the path is never read: each unit is its own row).
    OrgUnit.objects.filter(pk=worked.org.sales.pk).update(path="/not-a-number/")
    report = GapReport.objects.create(
        workspace=worked.org.workspace, granularity=Granularity.DEPTH, business_depth=0, it_depth=0
    )
    with celery_worker([TASK]):
        build_gap_report.apply_async((report.pk,))
        assert wait_until(lambda: finished(report.pk))
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "ValueError" in report.message and "Retry it" in report.message
    assert report.finished_at is not None and not report.gaps.exists()
