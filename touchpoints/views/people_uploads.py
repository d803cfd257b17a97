"""The people upload (admins): a file of people for a chart imported by unit, kept by a worker."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from convergence.access import get_membership
from convergence.htmx import HtmxHttpRequest, go_to, render_page
from convergence.jobs import QueueUnavailable
from convergence.models import Capability, Membership
from touchpoints.forms.people import PeopleUploadForm
from touchpoints.models import PeopleUpload
from touchpoints.people.tasks import enqueue_people_upload
from touchpoints.people.uploads import requeue, store_people_upload


def get_people_upload(membership: Membership, pk: int) -> PeopleUpload:
    return get_object_or_404(PeopleUpload, pk=pk, workspace=membership.workspace)


def start(request: HtmxHttpRequest, upload_id: int) -> None:
    try:
        enqueue_people_upload(upload_id)
    except QueueUnavailable as error:
        messages.error(request, str(error))


@login_required
@require_http_methods(["GET", "POST"])
def people_upload(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    form = PeopleUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        upload = store_people_upload(membership.workspace, file.read(), file.name, request.user)
        start(request, upload.pk)
        return go_to(request, reverse("people_upload_detail", args=[slug, upload.pk]))
    uploads = membership.workspace.people_uploads.defer("data")[:10]
    context = membership.page_context(form=form, uploads=uploads)
    return render_page(request, "touchpoints/people_upload.html", context, partial="upload")


@login_required
def people_upload_detail(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The upload's progress (polled while a worker has it), then its summary or its errors."""
    membership = get_membership(request, slug, Capability.ADMINISTER)
    upload = get_people_upload(membership, pk)
    context = membership.page_context(upload=upload)
    template = "touchpoints/people_upload_detail.html"
    return render_page(request, template, context, partial="outcome")


@login_required
@require_POST
def people_upload_retry(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    upload = get_people_upload(membership, pk)
    if requeue(upload):
        start(request, upload.pk)
    return redirect("people_upload_detail", slug, upload.pk)
