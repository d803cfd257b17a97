"""Touch points: the filtered list, adding, editing with its history, deleting."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from convergence.access import get_membership
from convergence.htmx import HtmxHttpRequest, go_to, query_without_page, render_page
from convergence.models import Capability, Membership
from touchpoints.access import get_touchpoint
from touchpoints.forms.touchpoints import TouchPointFilterForm, TouchPointForm
from touchpoints.history import (
    StaleEdit,
    create_touchpoint,
    delete_touchpoint,
    snapshot,
    update_touchpoint,
)
from touchpoints.meetings.review import lapse_of, with_meeting_lapse

PAGE_SIZE = 25


@login_required
def touchpoint_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.VIEW)
    filters = TouchPointFilterForm(request.GET or None, workspace=membership.workspace)
    # Touch points confirmed from meetings and unseen in them for 90 days are flagged.
    touchpoints = with_meeting_lapse(membership.workspace.touchpoints.with_related())
    touchpoints = filters.filter(touchpoints)
    page = Paginator(touchpoints, PAGE_SIZE).get_page(request.GET.get("page"))
    context = membership.page_context(filters=filters, page=page, query=query_without_page(request))
    template = "touchpoints/touchpoint_list.html"
    return render_page(request, template, context, partial="results")


@login_required
@require_http_methods(["GET", "POST"])
def touchpoint_create(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.EDIT_TOUCHPOINTS)
    form = TouchPointForm(request.POST or None, workspace=membership.workspace)
    if request.method == "POST" and form.is_valid():
        touch_point = create_touchpoint(form.save(commit=False), request.user)
        messages.success(request, f"Added {touch_point}.")
        return after_change(request, slug)
    context = membership.page_context(form=form)
    template = "touchpoints/touchpoint_form.html"
    return render_page(request, template, context, partial="form")


@login_required
@require_http_methods(["GET", "POST"])
def touchpoint_edit(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.EDIT_TOUCHPOINTS)
    touch_point = get_touchpoint(membership, pk)
    before = snapshot(touch_point)
    form = TouchPointForm(
        request.POST or None, instance=touch_point, workspace=membership.workspace
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_touchpoint(
                form.save(commit=False), before, form.expected_version(), request.user
            )
        except StaleEdit:
            form = stale_form(membership, pk)
        else:
            messages.success(request, f"Saved {touch_point}.")
            return after_change(request, slug)
    history = touch_point.changes.select_related("changed_by")[:20]
    context = membership.page_context(form=form, touch_point=touch_point, history=history)
    context["meetings_last_seen"] = lapse_of(touch_point)
    template = "touchpoints/touchpoint_form.html"
    return render_page(request, template, context, partial="form")


def stale_form(membership: Membership, pk: int) -> TouchPointForm:
    """A fresh form on the stored values, carrying the message that explains why."""
    current = get_touchpoint(membership, pk)
    form = TouchPointForm(instance=current, workspace=current.workspace)
    form.stale_message = (
        "Someone else changed this touch point while you were editing it. "
        "These are their values now; make your change again if it is still needed."
    )
    return form


@login_required
@require_POST
def touchpoint_delete(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.EDIT_TOUCHPOINTS)
    touch_point = get_touchpoint(membership, pk)
    delete_touchpoint(touch_point, request.user)
    messages.success(request, f"Deleted {touch_point}.")
    return after_change(request, slug)


def after_change(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    return go_to(request, reverse("touchpoint_list", args=[slug]))
