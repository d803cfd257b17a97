"""Gap reports: the list, a request, the report and its files, retries, texts and schedules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_http_methods, require_POST

from assessments import gap_reports
from assessments.access import get_report
from assessments.dashboard.filters import filter_choices, parse_filters
from assessments.exports import CONTENT_TYPES, report_html_policy
from assessments.forms.reports import (
    GapFilterForm,
    RecommendationTextsForm,
    ReportRequestForm,
    ScheduleForm,
)
from assessments.models import GapReport, ReportFile
from assessments.plan_board import (
    actions_by_gap,
    closed_between,
    previous_report,
    with_actions,
)
from assessments.tasks import enqueue
from convergence import audit
from convergence.access import get_membership, signed_in_user
from convergence.htmx import HtmxHttpRequest, go_to, is_fragment, query_without_page, render_page
from convergence.jobs import QueueUnavailable
from convergence.models import Capability, Membership

REPORTS_PAGE = 20
UNITS_PAGE = 50
GAPS_PAGE = 50


@login_required
def report_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.REPORTS)
    context = membership.page_context()
    context["page"] = reports_page(membership, request.GET.get("page"))
    context["form"] = ReportRequestForm(workspace=membership.workspace)
    template = "assessments/report_list.html"
    return render_page(request, template, context, partial="reports")


def reports_page(membership: Membership, number: int | str | None) -> Page[GapReport]:
    reports = membership.workspace.gap_reports.select_related("assessment", "requested_by")
    return Paginator(reports, REPORTS_PAGE).get_page(number)


@login_required
@require_POST
def report_request(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.REPORTS)
    form = ReportRequestForm(request.POST, workspace=membership.workspace)
    if not form.is_valid():
        context = membership.page_context(form=form)
        template = "assessments/report_list.html"
        if not is_fragment(request):
            context["page"] = reports_page(membership, 1)
        return render_page(request, template, context, partial="request")
    report = form.new_report(request.user)
    report.save()
    send_to_queue(request, report)
    return go_to(request, reverse("report_detail", args=[slug, report.pk]))


@login_required
@require_POST
def report_board_pack(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """A whole report whose board pack (PDF and slides) shows the dashboard's current view:
    the filters come from the dashboard's form, checked as the dashboard checks them."""
    membership = get_membership(request, slug, Capability.REPORTS)
    filters = parse_filters(request.POST, filter_choices(membership.workspace_id))
    report = GapReport.objects.create(
        workspace=membership.workspace, filters=filters.as_query(), requested_by=membership.user
    )
    send_to_queue(request, report)
    return go_to(request, reverse("report_detail", args=[slug, report.pk]))


def send_to_queue(request: HtmxHttpRequest, report: GapReport) -> None:
    try:
        enqueue(report)
    except QueueUnavailable as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Report requested: it is being built in the background.")


@login_required
def report_detail(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.REPORTS)
    report = get_report(membership, pk)
    target = request.htmx.target if is_fragment(request) else None
    if target == "report-status" and not report.is_active:
        return HttpResponse(headers={"HX-Refresh": "true"})
    context = membership.page_context(report=report, assessment=report.assessment)
    if report.assessment is not None:
        context |= results_context(request, report)
    partial = {"units": "units", "gaps": "gaps"}.get(target or "", "status")
    return render_page(request, "assessments/report_detail.html", context, partial=partial)


def results_context(request: HtmxHttpRequest, report: GapReport) -> dict[str, object]:
    assert report.assessment is not None
    filters = GapFilterForm(request.GET or None)
    gaps = filters.filter(report.gaps.select_related("touch_point").order_by("position"))
    units = report.assessment.units.order_by("side", "score", "name")
    gaps_page = Paginator(gaps, GAPS_PAGE).get_page(request.GET.get("page"))
    actions = actions_by_gap(report.workspace_id)
    gaps_page.object_list = with_actions(list(gaps_page.object_list), actions)
    return {
        "filters": filters,
        "gaps_page": gaps_page,
        "closed_gaps": closed_between(previous_report(report), report, actions),
        "units_page": Paginator(units, UNITS_PAGE).get_page(request.GET.get("units_page")),
        "query": query_without_page(request),
        "formats": [
            (fmt, ReportFile.Format(fmt).label)
            for fmt in report.files.values_list("format", flat=True)
        ],
    }


# A file is not a page of the site: the HTML report sets its own policy below; a PDF gets none
# (Chrome's viewer is reported to stay blank under object-src 'none'); the others are saved.
@csp_override({})
@login_required
def report_download(request: HtmxHttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.REPORTS)
    if fmt not in CONTENT_TYPES:
        raise Http404("No such format")
    file = get_object_or_404(
        ReportFile.objects.select_related("report"),
        report_id=pk,
        report__workspace=membership.workspace,
        format=fmt,
    )
    file.report.workspace = membership.workspace
    disposition = (
        "inline" if fmt in (ReportFile.Format.HTML, ReportFile.Format.PDF) else "attachment"
    )
    response = HttpResponse(
        bytes(file.content),
        content_type=CONTENT_TYPES[fmt],
        headers={"Content-Disposition": f'{disposition}; filename="{file.report.file_name(fmt)}"'},
    )
    if fmt == ReportFile.Format.HTML:
        response.headers[str(CSP.HEADER_ENFORCE)] = report_html_policy()
    return response


@login_required
@require_POST
def report_retry(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.REPORTS)
    report = get_report(membership, pk)
    if gap_reports.retry(report):
        send_to_queue(request, report)
    else:
        messages.info(request, "Only a failed report can be retried.")
    return go_to(request, reverse("report_detail", args=[slug, pk]))


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_texts(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    form = RecommendationTextsForm(request.POST or None, workspace=membership.workspace)
    if request.method == "POST" and form.is_valid():
        save_audited(request, form, "recommendations.changed")
        messages.success(request, "Saved the recommendation texts; new reports will use them.")
        return go_to(request, reverse("recommendation_texts", args=[slug]))
    template = "assessments/recommendation_texts.html"
    context = membership.page_context(form=form)
    return render_page(request, template, context, partial="form")


@login_required
@require_http_methods(["GET", "POST"])
def report_schedules(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    form = ScheduleForm(request.POST or None, workspace=membership.workspace)
    if request.method == "POST" and form.is_valid():
        save_audited(request, form, "report_schedule.changed")
        messages.success(request, "Saved the report schedule.")
        return go_to(request, reverse("report_schedules", args=[slug]))
    template = "assessments/report_schedules.html"
    context = membership.page_context(form=form)
    context["schedules"] = membership.workspace.report_schedules.filter(last_run_at__isnull=False)
    return render_page(request, template, context, partial="form")


@transaction.atomic
def save_audited(
    request: HtmxHttpRequest, form: RecommendationTextsForm | ScheduleForm, action: str
) -> None:
    """Save a workspace settings form and record what it changed (nothing when nothing did)."""
    before, after = audit.form_changes(form)
    form.save()
    if before or after:
        actor = signed_in_user(request)
        audit.record(
            workspace=form.workspace, actor=actor, action=action, before=before, after=after
        )
