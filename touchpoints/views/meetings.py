"""Meeting import screens (admins only): upload with the history, the job's progress, retry."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from convergence.access import get_membership
from convergence.htmx import HtmxHttpRequest, go_to, render_page
from convergence.jobs import QueueUnavailable
from convergence.models import Capability, Membership
from touchpoints.forms.meetings import MeetingUploadForm
from touchpoints.meetings import tasks
from touchpoints.meetings.jobs import store_upload, summary_lines
from touchpoints.models import MeetingImport

HISTORY_SIZE = 30


def get_meeting_import(membership: Membership, pk: int) -> MeetingImport:
    jobs = MeetingImport.objects.select_related("created_by")
    return get_object_or_404(jobs, pk=pk, workspace=membership.workspace)


def start(request: HtmxHttpRequest, job_id: int) -> None:
    """Queue the job; a dead queue fails its row (it can be retried), and says so."""
    try:
        tasks.enqueue(job_id)
    except QueueUnavailable as error:
        messages.error(request, str(error))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_imports(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Upload calendars (files, window, title policy) above the history of imports."""
    membership = get_membership(request, slug, Capability.ADMINISTER)
    form = MeetingUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        job = store_upload(
            membership.workspace,
            data["calendars"],
            since=data["since"],
            until=data["until"],
            title_policy=data["titles"],
            time_zone=data["time_zone"],
            user=request.user,
        )
        start(request, job.pk)
        return go_to(request, reverse("meeting_import", args=[slug, job.pk]))
    tasks.sweep_stuck_meeting_imports()
    jobs = MeetingImport.objects.filter(workspace=membership.workspace)[:HISTORY_SIZE]
    context = membership.page_context(form=form, jobs=jobs.select_related("created_by"))
    template = "touchpoints/meeting_imports.html"
    return render_page(request, template, context, partial="upload")


@login_required
def meeting_import(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The job's progress and summary; its htmx fragment is what the progress bar polls."""
    membership = get_membership(request, slug, Capability.ADMINISTER)
    job = get_meeting_import(membership, pk)
    # A job lost with its worker would poll as running forever: settle it first.
    if job.is_in_progress and tasks.sweep_stuck_meeting_imports():
        job = get_meeting_import(membership, pk)
    context = membership.page_context(job=job, summary=summary_lines(job))
    template = "touchpoints/meeting_import.html"
    return render_page(request, template, context, partial="progress")


@login_required
@require_POST
def meeting_import_retry(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    job = get_meeting_import(membership, pk)
    try:
        if not tasks.retry(job.pk):
            messages.info(request, "This import is not failed: there is nothing to retry.")
    except QueueUnavailable as error:
        messages.error(request, str(error))
    return go_to(request, reverse("meeting_import", args=[slug, pk]))
