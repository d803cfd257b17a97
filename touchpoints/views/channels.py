"""The workspace's channel catalogue: everyone reads it, admins add, rename and retire channels."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, ProtectedError, RestrictedError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from convergence.access import get_membership
from convergence.htmx import HtmxHttpRequest, render_page
from convergence.models import Capability, Membership
from touchpoints.forms.channels import ChannelForm
from touchpoints.models import Channel
from touchpoints.workshops.locking import refresh_open_boards


def get_channel(membership: Membership, pk: int) -> Channel:
    return get_object_or_404(Channel, pk=pk, workspace=membership.workspace)


@login_required
@require_http_methods(["GET", "POST"])
def channel_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.VIEW)
    form = ChannelForm(request.POST or None, workspace=membership.workspace)
    if request.method == "POST":
        membership = get_membership(request, slug, Capability.ADMINISTER)
        if form.is_valid():
            form.save()
            messages.success(request, f"Added the channel {form.instance}.")
            return redirect("channel_list", slug)
    channels = membership.workspace.channels.annotate(uses=Count("touchpoints")).order_by("name")
    context = membership.page_context(channels=channels, form=form)
    template = "touchpoints/channel_list.html"
    return render_page(request, template, context, partial="channels")


@login_required
@require_http_methods(["GET", "POST"])
def channel_edit(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    channel = get_channel(membership, pk)
    form = ChannelForm(request.POST or None, instance=channel, workspace=membership.workspace)
    if request.method == "POST" and form.is_valid():
        form.save()
        # Workshop boards name the channel in their badges and participants' cards.
        refresh_open_boards(membership.workspace.pk)
        messages.success(request, f"Saved the channel {channel}.")
        return redirect("channel_list", slug)
    context = membership.page_context(form=form, channel=channel)
    return render(request, "touchpoints/channel_edit.html", context)


@login_required
@require_POST
def channel_delete(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    channel = get_channel(membership, pk)
    try:
        channel.delete()
    except (ProtectedError, RestrictedError):
        messages.error(
            request,
            f"{channel} is used by touch points, so it stays: move them to another channel first.",
        )
    else:
        messages.success(request, f"Deleted the channel {channel}.")
    return redirect("channel_list", slug)
