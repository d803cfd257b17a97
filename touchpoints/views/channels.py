"""The workspace's channel catalogue: everyone reads it, admins add, rename and retire channels."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, ProtectedError, RestrictedError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from convergence import audit
from convergence.access import get_membership, signed_in_user
from convergence.htmx import HtmxHttpRequest, render_page
from convergence.models import Capability, Membership
from touchpoints.forms.channels import ChannelForm
from touchpoints.models import Channel
from touchpoints.workshops.locking import refresh_open_boards


def get_channel(membership: Membership, pk: int) -> Channel:
    return get_object_or_404(Channel, pk=pk, workspace=membership.workspace)


@transaction.atomic
def save_audited(request: HtmxHttpRequest, form: ChannelForm, action: str) -> None:
    before, after = audit.form_changes(form)
    channel = form.save()
    actor = signed_in_user(request)
    audit.record(
        workspace=channel.workspace,
        actor=actor,
        action=action,
        target=channel.name,
        before=before if action != "channel.created" else {},
        after=after,
    )


@transaction.atomic
def delete_audited(request: HtmxHttpRequest, channel: Channel) -> None:
    before = {"name": channel.name, "category": channel.category}
    channel.delete()
    audit.record(
        workspace=channel.workspace,
        actor=signed_in_user(request),
        action="channel.deleted",
        target=before["name"],
        before=before,
    )


@login_required
@require_http_methods(["GET", "POST"])
def channel_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.VIEW)
    form = ChannelForm(request.POST or None, workspace=membership.workspace)
    if request.method == "POST":
        membership = get_membership(request, slug, Capability.ADMINISTER)
        if form.is_valid():
            save_audited(request, form, "channel.created")
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
        save_audited(request, form, "channel.changed")
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
        delete_audited(request, channel)
    except (ProtectedError, RestrictedError):
        messages.error(
            request,
            f"{channel} is used by touch points, so it stays: move them to another channel first.",
        )
    else:
        messages.success(request, f"Deleted the channel {channel}.")
    return redirect("channel_list", slug)
