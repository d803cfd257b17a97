import base64
import hashlib
import re
import time
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries, DjangoCaptureOnCommitCallbacks

from assessments.models import (
    GapReport,
    Granularity,
    RecommendationText,
    ReportKind,
    ReportSchedule,
    ReportStatus,
)
from assessments.tasks import build_gap_report
from convergence.celery import app as celery_app
from tests.assessments.conftest import WorkedOrg, add_worked_example
from tests.conftest import Org, People, client_for, htmx_client_for

pytestmark = pytest.mark.django_db


def list_url(org: Org) -> str:
    return reverse("report_list", args=[org.workspace.slug])


def request_url(org: Org) -> str:
    return reverse("report_request", args=[org.workspace.slug])


def detail_url(report: GapReport) -> str:
    return reverse("report_detail", args=[report.workspace.slug, report.pk])


def download_url(report: GapReport, fmt: str) -> str:
    return reverse("report_download", args=[report.workspace.slug, report.pk, fmt])


def done_report(org: Org, user: User | None = None) -> GapReport:
    report = GapReport.objects.create(workspace=org.workspace, requested_by=user)
    build_gap_report(report.pk)
    report.refresh_from_db()
    return report


@pytest.fixture
def worked_people(people: People, org: Org) -> People:
    add_worked_example(org)
    return people


class TestReportList:
    @pytest.mark.parametrize("role", ["manager", "facilitator", "admin"])
    def test_members_who_may_see_reports_see_the_list(
        self, org: Org, worked_people: People, role: str
    ) -> None:
        done_report(org)
        response = client_for(getattr(worked_people, role)).get(list_url(org))
        assert response.status_code == 200
        assert b"Request report" in response.content and b"Integration" in response.content
        assert b"approximation" in response.content

    def test_a_viewer_is_refused(self, org: Org, people: People) -> None:
        assert client_for(people.viewer).get(list_url(org)).status_code == 403

    def test_an_outsider_does_not_learn_the_workspace_exists(
        self, org: Org, people: People
    ) -> None:
        assert client_for(people.outsider).get(list_url(org)).status_code == 404

    def test_anonymous_people_are_sent_to_log_in(self, org: Org) -> None:
        response = client_for(None).get(list_url(org))
        assert response.status_code == 302 and "/login/" in response["Location"]

    def test_its_htmx_fragment_is_the_list_only(self, org: Org, people: People) -> None:
        response = htmx_client_for(people.manager).get(list_url(org))
        assert b"<html" not in response.content and b'id="reports"' in response.content

    def test_it_lists_newest_first_and_hides_other_workspaces(
        self, org: Org, other_org: Org, people: People
    ) -> None:
        first = GapReport.objects.create(workspace=org.workspace)
        second = GapReport.objects.create(workspace=org.workspace)
        GapReport.objects.create(workspace=other_org.workspace)
        page = client_for(people.manager).get(list_url(org)).context["page"]
        assert [report.pk for report in page] == [second.pk, first.pk]

    def test_its_query_count_does_not_grow_with_reports(
        self, org: Org, worked_people: People, django_assert_max_num_queries: DjangoAssertNumQueries
    ) -> None:
        client = client_for(worked_people.manager)
        done_report(org, worked_people.manager)
        with django_assert_max_num_queries(8):
            client.get(list_url(org))
        for _ in range(5):
            done_report(org, worked_people.admin)
        with django_assert_max_num_queries(8):
            assert client.get(list_url(org)).status_code == 200


class TestRequestReport:
    @pytest.mark.parametrize("role", ["manager", "facilitator", "admin"])
    def test_a_member_who_may_see_reports_may_request_one(
        self,
        org: Org,
        worked_people: People,
        role: str,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    ) -> None:
        # Enqueued once the transaction commits, then built in-process.
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(getattr(worked_people, role)).post(
                request_url(org), {"granularity": "full"}
            )
        report = GapReport.objects.get()
        assert response.status_code == 302 and response["Location"] == detail_url(report)
        assert report.status == ReportStatus.DONE  # Celery runs in-process in unit tests
        assert report.requested_by == getattr(worked_people, role)

    def test_a_depth_request_keeps_its_depths(self, org: Org, worked_people: People) -> None:
        client_for(worked_people.manager).post(
            request_url(org), {"granularity": "depth", "business_depth": "1", "it_depth": "1"}
        )
        report = GapReport.objects.get()
        assert (report.granularity, report.business_depth, report.it_depth) == ("depth", 1, 1)

    def test_a_chosen_set_is_given_by_unit_codes(
        self,
        org: Org,
        worked_people: People,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    ) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            client_for(worked_people.manager).post(
                request_url(org), {"granularity": "units", "unit_codes": "S, F"}
            )
        report = GapReport.objects.get()
        assert report.unit_ids == sorted([org.sales.pk, org.finance.pk])
        assert report.assessment is not None and report.assessment.business_unit_count == 2

    def test_unknown_codes_are_named_in_the_form(self, org: Org, people: People) -> None:
        response = htmx_client_for(people.manager).post(
            request_url(org), {"granularity": "units", "unit_codes": "S, NOPE"}
        )
        assert response.status_code == 200 and b"<html" not in response.content
        assert b"NOPE" in response.content and not GapReport.objects.exists()

    def test_a_depth_request_needs_a_depth(self, org: Org, people: People) -> None:
        response = client_for(people.manager).post(request_url(org), {"granularity": "depth"})
        assert response.status_code == 200 and b"Give the depth" in response.content

    def test_htmx_requests_are_redirected_by_the_client(self, org: Org, people: People) -> None:
        response = htmx_client_for(people.manager).post(request_url(org), {"granularity": "full"})
        assert response["HX-Redirect"] == detail_url(GapReport.objects.get())

    def test_a_viewer_may_not_request(self, org: Org, people: People) -> None:
        response = client_for(people.viewer).post(request_url(org), {"granularity": "full"})
        assert response.status_code == 403 and not GapReport.objects.exists()

    def test_an_outsider_may_not_request(self, org: Org, people: People) -> None:
        response = client_for(people.outsider).post(request_url(org), {"granularity": "full"})
        assert response.status_code == 404

    def test_a_get_is_not_allowed(self, org: Org, people: People) -> None:
        assert client_for(people.manager).get(request_url(org)).status_code == 405


@pytest.fixture
def broker_down() -> Iterator[None]:
    """Celery sends to a Redis that nobody listens on (port 1), as when Redis is down."""
    conf = celery_app.conf
    previous = {"task_always_eager": conf.task_always_eager, "broker_url": conf.broker_url}
    conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")
    forget_broker_connections()
    try:
        yield
    finally:
        conf.update(previous)
        forget_broker_connections()


def forget_broker_connections() -> None:
    """Celery caches its connection and producer pools for the broker URL it first used."""
    celery_app._pool = None  # type: ignore[attr-defined]  # Celery's private pools, emptied to force a new connection
    celery_app.amqp._producer_pool = None  # type: ignore[attr-defined]  # Celery's private pools, emptied to force a new connection


# Committed for real, as in production: the task is sent (and refused) inside the request.
@pytest.mark.django_db(transaction=True)
def test_with_redis_down_a_request_says_so_quickly_and_the_site_works(
    org: Org, people: People, broker_down: None
) -> None:
    client = client_for(people.manager)
    started = time.monotonic()
    response = client.post(request_url(org), {"granularity": "full"}, follow=True)
    assert time.monotonic() - started < 5
    assert response.status_code == 200
    assert b"The background worker queue is not reachable; try again in a minute" in (
        response.content
    )
    report = GapReport.objects.get()
    assert report.status == ReportStatus.FAILED
    assert client.get(list_url(org)).status_code == 200
    assert client.get(reverse("touchpoint_list", args=[org.workspace.slug])).status_code == 200


class TestReportDetail:
    def test_it_shows_score_band_explanation_units_gaps_and_downloads(
        self, org: Org, worked_people: People
    ) -> None:
        report = done_report(org)
        response = client_for(worked_people.manager).get(detail_url(report))
        content = response.content.decode()
        assert response.status_code == 200
        assert "63.8" in content and "Integration" in content
        assert "0.25 × 66.7 (breadth)" in content
        assert "Finance-Infra" in content and "Operations" in content
        assert download_url(report, "csv") in content and download_url(report, "xlsx") in content

    def test_a_capped_band_says_why(self, org: Org, people: People) -> None:
        org.touchpoint(effectiveness=5, channel=org.channel("embedded_team"), frequency="daily")
        # Score 53.3 (Integration), but vertical reach 16.7 holds the band at Alignment.
        report = done_report(org)
        assert report.assessment is not None
        assert (report.assessment.band, report.assessment.capped_by) == ("Alignment", "V")
        content = client_for(people.manager).get(detail_url(report)).content.decode()
        # The letter links to its glossary entry, its name beside it.
        assert re.search(r"Band capped by <span class=\"term\"><a [^>]*#term-v\"", content)
        assert "</span></span> vertical reach." in content
        assert "The score alone gives Integration, but vertical reach stands at 16.7" in content

    def test_a_running_report_shows_a_progress_bar_polled_every_second(
        self, org: Org, people: People
    ) -> None:
        report = GapReport.objects.create(
            workspace=org.workspace, status=ReportStatus.RUNNING, progress=40, message="Scoring"
        )
        content = client_for(people.manager).get(detail_url(report)).content.decode()
        assert 'hx-trigger="every 1s"' in content and 'value="40"' in content
        assert "Scoring" in content

    def test_the_polled_fragment_is_the_status_only(self, org: Org, people: People) -> None:
        report = GapReport.objects.create(workspace=org.workspace, status=ReportStatus.QUEUED)
        client = htmx_client_for(people.manager)
        response = client.get(detail_url(report), headers={"HX-Target": "report-status"})
        assert b"<html" not in response.content and b"<progress" in response.content

    def test_the_poll_refreshes_the_page_once_the_report_is_done(
        self, org: Org, worked_people: People
    ) -> None:
        report = done_report(org)
        client = htmx_client_for(worked_people.manager)
        response = client.get(detail_url(report), headers={"HX-Target": "report-status"})
        assert response["HX-Refresh"] == "true"

    def test_a_failed_report_offers_a_retry_that_builds_it(
        self,
        org: Org,
        worked_people: People,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    ) -> None:
        report = GapReport.objects.create(
            workspace=org.workspace, status=ReportStatus.FAILED, message="Worker lost"
        )
        client = client_for(worked_people.manager)
        content = client.get(detail_url(report)).content.decode()
        assert "Worker lost" in content
        assert reverse("report_retry", args=[org.workspace.slug, report.pk]) in content
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("report_retry", args=[org.workspace.slug, report.pk]))
        report.refresh_from_db()
        assert report.status == ReportStatus.DONE

    def test_gaps_filter_by_severity_and_rule_as_a_fragment(
        self, org: Org, worked_people: People
    ) -> None:
        report = done_report(org)
        client = htmx_client_for(worked_people.manager)
        headers = {"HX-Target": "gaps"}
        response = client.get(detail_url(report), {"severity": "high"}, headers=headers)
        assert b"<html" not in response.content
        assert response.context["gaps_page"].paginator.count == 2
        by_rule = client.get(detail_url(report), {"rule": "GAP-08"}, headers=headers)
        assert by_rule.context["gaps_page"].paginator.count == 3

    def test_units_page_as_a_fragment(self, org: Org, worked_people: People) -> None:
        report = done_report(org)
        response = htmx_client_for(worked_people.manager).get(
            detail_url(report), headers={"HX-Target": "units"}
        )
        assert b"<html" not in response.content and b'id="units"' in response.content

    def test_roles_and_strangers(self, org: Org, worked_people: People) -> None:
        report = done_report(org)
        assert client_for(worked_people.viewer).get(detail_url(report)).status_code == 403
        assert client_for(worked_people.outsider).get(detail_url(report)).status_code == 404
        assert client_for(None).get(detail_url(report)).status_code == 302

    def test_a_report_of_another_workspace_is_not_found(
        self, org: Org, other_org: Org, people: People
    ) -> None:
        theirs = GapReport.objects.create(workspace=other_org.workspace)
        url = reverse("report_detail", args=[org.workspace.slug, theirs.pk])
        assert client_for(people.manager).get(url).status_code == 404

    def test_its_query_count_does_not_grow_with_gaps_or_units(
        self, org: Org, worked_people: People, django_assert_max_num_queries: DjangoAssertNumQueries
    ) -> None:
        small = done_report(org)
        client = client_for(worked_people.manager)
        # Two of them for the plan: the actions against gaps, and the previous report.
        with django_assert_max_num_queries(14):
            client.get(detail_url(small))
        for n in range(30):
            org.touchpoint(business_unit=org.finance, it_team=org.infra, effectiveness=1 + n % 2)
        big = done_report(org)
        assert big.total_gaps > small.total_gaps + 20
        with django_assert_max_num_queries(14):
            assert client.get(detail_url(big)).status_code == 200


class TestDownloads:
    @pytest.mark.parametrize(
        ("fmt", "content_type", "disposition"),
        [
            ("csv", "text/csv; charset=utf-8", "attachment"),
            (
                "xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "attachment",
            ),
            ("html", "text/html; charset=utf-8", "inline"),
            ("pdf", "application/pdf", "inline"),
            (
                "pptx",
                "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                "attachment",
            ),
        ],
    )
    def test_each_download_has_its_type_and_file_name(
        self, org: Org, worked_people: People, fmt: str, content_type: str, disposition: str
    ) -> None:
        report = done_report(org)
        response = client_for(worked_people.manager).get(download_url(report, fmt))
        assert response.status_code == 200 and response["Content-Type"] == content_type
        name = f"gap-report-acme-{report.created_at:%Y-%m-%d}-{report.pk}.{fmt}"
        assert response["Content-Disposition"] == f'{disposition}; filename="{name}"'
        assert len(response.content) > 100

    def test_the_html_report_is_styled_by_its_own_style_element_and_runs_nothing(
        self, org: Org, worked_people: People
    ) -> None:
        report = done_report(org)
        response = client_for(worked_people.manager).get(download_url(report, "html"))
        found = re.search(r"<style>(.*?)</style>", response.content.decode(), re.DOTALL)
        assert found is not None
        digest = base64.b64encode(hashlib.sha256(found.group(1).encode()).digest()).decode()
        assert response["Content-Security-Policy"] == (
            f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; "
            "form-action 'none'; frame-ancestors 'none'"
        )

    def test_a_pdf_opens_without_the_sites_policy_and_a_refusal_keeps_it(
        self, org: Org, worked_people: People
    ) -> None:
        report = done_report(org)
        response = client_for(worked_people.manager).get(download_url(report, "pdf"))
        assert response.status_code == 200 and response.content.startswith(b"%PDF")
        assert "Content-Security-Policy" not in response
        refused = client_for(worked_people.viewer).get(download_url(report, "pdf"))
        assert refused.status_code == 403 and "Content-Security-Policy" in refused

    def test_downloads_are_refused_to_viewers_and_strangers(
        self, org: Org, worked_people: People
    ) -> None:
        report = done_report(org)
        assert client_for(worked_people.viewer).get(download_url(report, "csv")).status_code == 403
        assert (
            client_for(worked_people.outsider).get(download_url(report, "csv")).status_code == 404
        )
        assert client_for(None).get(download_url(report, "csv")).status_code == 302

    def test_an_unknown_format_or_unfinished_report_is_not_found(
        self, org: Org, people: People
    ) -> None:
        report = GapReport.objects.create(workspace=org.workspace)
        client = client_for(people.manager)
        assert client.get(download_url(report, "csv")).status_code == 404
        assert client.get(download_url(report, "pdf")).status_code == 404


class TestAdminScreens:
    def test_an_admin_edits_recommendation_texts(self, org: Org, people: People) -> None:
        url = reverse("recommendation_texts", args=[org.workspace.slug])
        client = client_for(people.admin)
        assert b"GAP-09" in client.get(url).content
        response = client.post(url, {"GAP-09": "Rotate staff through {location}."})
        assert response.status_code == 302
        assert RecommendationText.objects.get(workspace=org.workspace).rule == "GAP-09"

    def test_an_unknown_placeholder_is_refused(self, org: Org, people: People) -> None:
        url = reverse("recommendation_texts", args=[org.workspace.slug])
        response = htmx_client_for(people.admin).post(url, {"GAP-09": "Call {manager}."})
        assert b"<html" not in response.content and b"Unknown manager" in response.content
        assert not RecommendationText.objects.exists()

    def test_an_admin_turns_on_weekly_reports(self, org: Org, people: People) -> None:
        url = reverse("report_schedules", args=[org.workspace.slug])
        client_for(people.admin).post(url, {"weekly": "on"})
        schedules = dict(ReportSchedule.objects.values_list("kind", "enabled"))
        assert schedules == {ReportKind.WEEKLY: True, ReportKind.MONTHLY: False}

    @pytest.mark.parametrize("name", ["recommendation_texts", "report_schedules"])
    def test_only_admins_reach_them(self, org: Org, people: People, name: str) -> None:
        url = reverse(name, args=[org.workspace.slug])
        assert client_for(people.manager).get(url).status_code == 403
        assert client_for(people.outsider).get(url).status_code == 404
        assert client_for(None).get(url).status_code == 302
        assert htmx_client_for(people.admin).get(url).status_code == 200


def test_the_workspace_home_links_the_newest_report_of_each_kind(
    org: Org, worked_people: People
) -> None:
    done_report(org)
    newest = done_report(org)
    weekly = GapReport.objects.create(workspace=org.workspace, kind=ReportKind.WEEKLY)
    build_gap_report(weekly.pk)
    content = (
        client_for(worked_people.manager)
        .get(reverse("workspace_home", args=[org.workspace.slug]))
        .content.decode()
    )
    assert detail_url(newest) in content and detail_url(weekly) in content
    assert "Newest weekly" in content and "Reports</a>" in content


def test_viewers_see_no_report_links_at_home(org: Org, people: People) -> None:
    content = (
        client_for(people.viewer)
        .get(reverse("workspace_home", args=[org.workspace.slug]))
        .content.decode()
    )
    assert reverse("report_list", args=[org.workspace.slug]) not in content


def test_the_granularity_choices_are_offered(org: Org, people: People) -> None:
    content = client_for(people.manager).get(list_url(org)).content.decode()
    assert all(value in content for value in Granularity.values)


def test_unused_fixture_guard(worked: WorkedOrg) -> None:
    assert worked.operations.name == "Operations"


class TestBoardPack:
    def test_the_dashboard_offers_a_board_pack_of_its_view(self, org: Org, people: People) -> None:
        url = reverse("dashboard", args=[org.workspace.slug])
        content = client_for(people.manager).get(f"{url}?location={org.london.pk}").content
        assert reverse("report_board_pack", args=[org.workspace.slug]).encode() in content
        assert f'name="location" value="{org.london.pk}"'.encode() in content
        assert b"Board pack (PDF and slides) of this view" in content

    def test_a_request_makes_a_whole_report_that_keeps_the_filters(
        self, org: Org, people: People
    ) -> None:
        url = reverse("report_board_pack", args=[org.workspace.slug])
        data = {"location": org.manchester.pk, "level": "tactical"}
        response = client_for(people.manager).post(url, data)
        report = GapReport.objects.get()
        assert response["Location"] == detail_url(report)
        assert report.filters == {"location": str(org.manchester.pk), "level": "tactical"}
        assert (report.granularity, report.requested_by) == ("full", people.manager)
        page = client_for(people.manager).get(detail_url(report)).content
        assert b"its board pack shows the dashboard view it was asked from" in page

    def test_viewers_and_strangers_may_not_ask(self, org: Org, people: People) -> None:
        url = reverse("report_board_pack", args=[org.workspace.slug])
        assert client_for(people.viewer).post(url).status_code == 403
        assert client_for(people.outsider).post(url).status_code == 404
        assert not GapReport.objects.exists()
