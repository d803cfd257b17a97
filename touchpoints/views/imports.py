"""Org-chart import screens (admins only): upload, preview, apply, progress, history."""

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
from touchpoints.forms.imports import ApplyForm, MappingForm, UploadForm
from touchpoints.importing import remap_job, remembered_mapping, store_upload
from touchpoints.importing.jobs import preview_tree
from touchpoints.models import ImportJob
from touchpoints.tasks import enqueue_import, enqueue_preview, sweep_stuck_imports

HISTORY_SIZE = 50


def get_import_job(membership: Membership, pk: int) -> ImportJob:
    """The workspace's job (without its file's bytes), or 404."""
    jobs = ImportJob.objects.defer("data").select_related("created_by")
    return get_object_or_404(jobs, pk=pk, workspace=membership.workspace)


def start_reading(request: HtmxHttpRequest, job_id: int) -> None:
    """Queue the stored file for the worker to read; a dead queue fails the row, and says so."""
    try:
        enqueue_preview(job_id)
    except QueueUnavailable as error:
        messages.error(request, str(error))


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = store_upload(
            membership.workspace,
            upload.read(),
            upload.name,
            request.user,
            form.cleaned_data["mapping"],
        )
        start_reading(request, job.pk)
        return go_to(request, reverse("import_preview", args=[slug, job.pk]))
    context = membership.page_context()
    context |= {"form": form, "remembered": remembered_mapping(membership.workspace)}
    template = "touchpoints/import_upload.html"
    return render_page(request, template, context, partial="upload")


@login_required
@require_http_methods(["GET", "POST"])
def import_preview(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The preview (while the worker reads the file, its progress, polled); a POST previews
    again with the admin's column mapping."""
    membership = get_membership(request, slug, Capability.ADMINISTER)
    job = get_import_job(membership, pk)
    # A file lost with its worker would read as "Reading" forever: settle it first.
    if job.is_reading and sweep_stuck_imports():
        job = get_import_job(membership, pk)
    form = MappingForm(
        request.POST or None, preview=job.preview, mapping=job.mapping, mode=job.mode
    )
    busy = job.is_in_progress or job.is_reading
    if request.method == "POST" and not busy and form.is_valid():
        remap_job(job, form.mapping(), form.mode())
        start_reading(request, job.pk)
        job = get_import_job(membership, pk)
        form = MappingForm(preview=job.preview, mapping=job.mapping, mode=job.mode)
    query = request.GET.get("q", "").strip()[:100]
    context = membership.page_context(job=job, form=form, preview=job.preview, q=query)
    context |= {
        "apply_form": ApplyForm(preview=job.preview),
        "tree": preview_tree(job.preview, query),
    }
    template = "touchpoints/import_preview.html"
    return render_page(request, template, context, partial="preview")


@login_required
@require_POST
def import_apply(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    job = get_import_job(membership, pk)
    form = ApplyForm(request.POST, preview=job.preview)
    if not job.preview.get("applicable") or not form.is_valid():
        refusal = job.preview.get("refusal") or (form.refusal if form.errors else "")
        messages.error(request, refusal or "This file cannot be imported.")
        return go_to(request, reverse("import_preview", args=[slug, pk]))
    job.allowed_retire = form.cleaned_data["confirm_retire"]
    job.save(update_fields=["allowed_retire"])
    try:
        if not enqueue_import(job.pk):
            messages.info(request, "This import has already been started.")
    except QueueUnavailable as error:
        messages.error(request, str(error))
        return go_to(request, reverse("import_preview", args=[slug, pk]))
    return go_to(request, reverse("import_job", args=[slug, pk]))


@login_required
def import_job(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The job's progress and outcome; its htmx fragment is what the progress bar polls."""
    membership = get_membership(request, slug, Capability.ADMINISTER)
    job = get_import_job(membership, pk)
    # A job lost with its worker would poll as running forever: settle it, as the history does.
    if job.is_in_progress and sweep_stuck_imports():
        job = get_import_job(membership, pk)
    context = membership.page_context()
    context["job"] = job
    template = "touchpoints/import_job.html"
    return render_page(request, template, context, partial="progress")


@login_required
def import_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    # Viewing the history is when a lost job would be noticed, so settle those first.
    sweep_stuck_imports()
    jobs = (
        ImportJob.objects.filter(workspace=membership.workspace)
        .defer("data", "preview", "problems")
        .select_related("created_by")[:HISTORY_SIZE]
    )
    context = membership.page_context()
    context["jobs"] = jobs
    template = "touchpoints/import_list.html"
    return render_page(request, template, context, partial="history")
