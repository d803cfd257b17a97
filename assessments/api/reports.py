"""/api/w/{slug}/reports/: gap reports, a request for a new one (queued to the worker as the
reports page queues it), and a report's gaps with the report page's filters."""

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from assessments.access import get_report
from assessments.api.schemas import GapOut, ReportOut, ReportRequestIn
from assessments.forms.reports import GapFilterForm, ReportRequestForm
from assessments.models import GapReport, ReportKind, ReportStatus
from assessments.tasks import enqueue
from convergence.api.auth import Slug, member
from convergence.api.errors import READ_ERRORS, WRITE_ERRORS
from convergence.api.filters import narrowed
from convergence.api.forms import checked, posted
from convergence.api.pagination import Pages
from convergence.jobs import QueueUnavailable
from convergence.models import Capability

router = Router()


class ReportFilters(Schema):
    status: ReportStatus | None = None
    kind: ReportKind | None = None


class GapFilters(Schema):
    severity: str | None = None
    rule: str | None = None


@router.get("", response={200: list[ReportOut], **READ_ERRORS})
@paginate(Pages)
def list_reports(request: HttpRequest, slug: Slug, filters: Query[ReportFilters]) -> object:
    membership = member(request, slug, Capability.REPORTS)
    reports = membership.workspace.gap_reports.order_by("-created_at", "-pk")
    return narrowed(reports, status=filters.status, kind=filters.kind)


@router.get("{int:pk}/", response={200: ReportOut, **READ_ERRORS})
def get_one(request: HttpRequest, slug: Slug, pk: int) -> GapReport:
    return get_report(member(request, slug, Capability.REPORTS), pk)


@router.post("", response={202: ReportOut, **WRITE_ERRORS})
def request_report(request: HttpRequest, slug: Slug, payload: ReportRequestIn) -> Status[GapReport]:
    """Queue a new report (202): poll it until `status` is done or failed. With the queue
    down it is failed at once, its `message` saying so."""
    membership = member(request, slug, Capability.REPORTS)
    form = ReportRequestForm(posted(payload.dict()), workspace=membership.workspace)
    report = checked(form).new_report(membership.user)
    report.save()
    try:
        enqueue(report)
    except QueueUnavailable:
        report.refresh_from_db()
    return Status(202, report)


@router.get("{int:pk}/gaps/", response={200: list[GapOut], **READ_ERRORS})
@paginate(Pages)
def gaps(request: HttpRequest, slug: Slug, pk: int, filters: Query[GapFilters]) -> object:
    """The report's gaps in gap order (severity, criticality, subject), as its page lists them."""
    report = get_report(member(request, slug, Capability.REPORTS), pk)
    form = checked(GapFilterForm(posted(filters.dict(exclude_none=True))))
    return form.filter(report.gaps.order_by("position"))
