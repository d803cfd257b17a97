"""Targets: a band or score for a unit (or the workspace) by a date. Planners set them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from assessments.access import business_unit_or_none, get_target
from assessments.forms.plans import (
    TargetForm,
)
from convergence.access import get_membership, signed_in_user
from convergence.htmx import HtmxHttpRequest, go_to, render_page
from convergence.models import Capability


@login_required
@require_http_methods(["GET", "POST"])
def target_new(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.PLAN)
    initial = {"unit": business_unit_or_none(membership, request.GET.get("unit"))}
    form = TargetForm(request.POST or None, initial=initial, workspace=membership.workspace)
    if request.method == "POST" and form.is_valid():
        target = form.save(commit=False)
        target.created_by = signed_in_user(request)
        target.save()
        messages.success(request, f"Target set: {target}.")
        return go_to(request, reverse("plan", args=[slug]))
    template = "assessments/target_form.html"
    context = membership.page_context(form=form)
    return render_page(request, template, context, partial="form")


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.PLAN)
    target = get_target(membership, pk)
    form = TargetForm(request.POST or None, instance=target, workspace=membership.workspace)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved the target {target}.")
        return go_to(request, reverse("plan", args=[slug]))
    template = "assessments/target_form.html"
    context = membership.page_context(form=form, target=target)
    return render_page(request, template, context, partial="form")


@login_required
@require_POST
def target_delete(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.PLAN)
    target = get_target(membership, pk)
    target.delete()
    messages.success(request, f"Removed the target {target}; its actions stay in the plan.")
    return go_to(request, reverse("plan", args=[slug]))
