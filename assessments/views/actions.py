"""Actions of the plan: from a gap, from a suggested pair, or from scratch; their page, edits
(optimistic, as touch points), moves on the board and the touch points they create."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.access import get_action
from assessments.actions import (
    StaleEdit,
    add_touch_point,
    create_action,
    delete_action,
    snapshot,
    update_action,
)
from assessments.forms.plans import (
    ActionForm,
    DesiredTouchPointForm,
    StatusForm,
)
from assessments.models import Action, Gap
from convergence.access import get_membership
from convergence.htmx import HtmxHttpRequest, go_to, render_page
from convergence.models import Capability, Membership
from convergence.params import parse_id
from touchpoints.models import Level, OrgUnit, Side


def gap_initial(membership: Membership, raw: str | None) -> tuple[Gap | None, dict[str, object]]:
    """The action a gap suggests: its recommendation, unit, pair and level."""
    pk = parse_id(raw)
    gap = (
        Gap.objects.select_related("business_unit", "it_team")
        .filter(pk=pk, report__workspace=membership.workspace)
        .first()
        if pk is not None
        else None
    )
    if gap is None:
        return None, {}
    initial: dict[str, object] = {"gap": gap.pk, "title": gap.recommendation[:200]}
    initial |= {"unit": gap.business_unit, "description": f"{gap.rule}: {gap.subject_label}"}
    if gap.business_unit and gap.it_team:
        initial |= {"business_unit": gap.business_unit, "it_team": gap.it_team}
        initial["level"] = gap.level or first_desired_level(gap) or Level.STRATEGIC
    return gap, initial


def first_desired_level(gap: Gap) -> str:
    """A GAP-01 on a pair with no touch point names the levels the plan wants there."""
    levels = gap.evidence.get("desired_levels") if isinstance(gap.evidence, dict) else None
    return str(levels[0]) if isinstance(levels, list) and levels else ""


def pair_initial(membership: Membership, request: HtmxHttpRequest) -> dict[str, object]:
    """An action prefilled from the query string (?business_unit=&it_team=&level=)."""
    units = OrgUnit.objects.filter(workspace=membership.workspace)
    initial: dict[str, object] = {}
    for field, side in (("business_unit", Side.BUSINESS), ("it_team", Side.IT)):
        if (pk := parse_id(request.GET.get(field))) is not None:
            initial[field] = units.filter(side=side, pk=pk).first()
    if request.GET.get("level") in Level.values:
        initial["level"] = request.GET["level"]
    return initial


def with_gap(action: Action, gap: Gap | None) -> Action:
    if gap is not None:
        action.gap_rule, action.gap_subject = gap.rule, gap.subject_label[:400]
        action.gap_business_unit_id, action.gap_it_team_id = gap.business_unit_id, gap.it_team_id
        action.gap_level, action.gap_location = gap.level, gap.location[:200]
    return action


@login_required
@require_http_methods(["GET", "POST"])
def action_new(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.PLAN)
    gap, initial = gap_initial(membership, request.POST.get("gap") or request.GET.get("gap"))
    initial = initial or pair_initial(membership, request)
    form = ActionForm(request.POST or None, initial=initial, workspace=membership.workspace)
    if request.method == "POST" and form.is_valid():
        action = create_action(with_gap(form.save(commit=False), gap), form.desired(), request.user)
        messages.success(request, f"Added to the plan: {action}.")
        return go_to(request, reverse("action_detail", args=[slug, action.pk]))
    template = "assessments/action_form.html"
    context = membership.page_context(form=form, gap=gap)
    return render_page(request, template, context, partial="form")


@login_required
@require_GET
def action_detail(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.VIEW)
    action = get_action(membership, pk)
    touch_points = action.touch_points.select_related("business_unit", "it_team", "channel")
    context = membership.page_context(action=action, touch_points=touch_points)
    context |= {"history": action.changes.select_related("changed_by")[:30]}
    context |= {"today": timezone.localdate(), "status_form": StatusForm()}
    context["touchpoint_form"] = DesiredTouchPointForm(
        initial={"version": action.version}, workspace=membership.workspace
    )
    return render(request, "assessments/action_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.PLAN)
    action = get_action(membership, pk)
    before = snapshot(action)
    form = ActionForm(request.POST or None, instance=action, workspace=membership.workspace)
    if request.method == "POST" and form.is_valid():
        try:
            update_action(form.save(commit=False), before, form.expected_version(), request.user)
        except StaleEdit:
            form = stale_form(membership, pk)
        else:
            messages.success(request, f"Saved {action}.")
            return go_to(request, reverse("action_detail", args=[slug, pk]))
    template = "assessments/action_form.html"
    context = membership.page_context(form=form, action=action)
    return render_page(request, template, context, partial="form")


def stale_form(membership: Membership, pk: int) -> ActionForm:
    """A fresh form on the stored values, carrying the message that explains why."""
    form = ActionForm(instance=get_action(membership, pk), workspace=membership.workspace)
    form.stale_message = (
        "Someone else changed this action while you were editing it. "
        "These are their values now; make your change again if it is still needed."
    )
    return form


@login_required
@require_POST
def action_move(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Move an action to another status (the board's buttons), against the card's version."""
    membership = get_membership(request, slug, Capability.PLAN)
    action = get_action(membership, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Choose one of the statuses.", status=400)
    before = snapshot(action)
    action.status = form.cleaned_data["status"]
    try:
        update_action(action, before, form.cleaned_data["version"], request.user)
    except StaleEdit:
        messages.error(request, f"Someone else changed “{action}” meanwhile: look again.")
    else:
        messages.success(request, f"{action}: {action.get_status_display()}.")
    return go_to(request, request.POST.get("next") or reverse("plan", args=[slug]))


@login_required
@require_POST
def action_add_touchpoint(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.PLAN)
    action = get_action(membership, pk)
    form = DesiredTouchPointForm(request.POST, workspace=membership.workspace)
    if form.is_valid():
        try:
            add_touch_point(action, form.desired(), form.cleaned_data["version"], request.user)
        except StaleEdit:
            messages.error(request, "Someone else changed this action meanwhile: look again.")
    else:
        messages.error(request, "A touch point needs a business unit, an IT team and a level.")
    return go_to(request, reverse("action_detail", args=[slug, pk]))


@login_required
@require_POST
def action_delete(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.PLAN)
    action = get_action(membership, pk)
    delete_action(action, request.user)
    messages.success(request, f"Deleted {action}; its touch points stay on the map as desired.")
    return go_to(request, reverse("plan", args=[slug]))
