"""The plan page (a board of actions by status or owner, the projection beside the targets),
its exports, and the next best touch points with one click to add one.

Managers, facilitators and admins plan (Capability.PLAN); every member reads the plan."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from assessments import exports
from assessments.access import business_unit_or_none
from assessments.actions import (
    DesiredTouchPoint,
    create_action,
)
from assessments.forms.plans import (
    PlanFilterForm,
)
from assessments.models import Action, ActionStatus
from assessments.plan_board import by_owner, by_status, overdue_count, plan_actions
from assessments.planning import (
    cached_outlook,
    division_scope,
    next_best,
    scope_of,
    target_outlooks,
    unit_scope,
)
from convergence.access import get_membership, signed_in_user
from convergence.htmx import HtmxHttpRequest, go_to, render_page
from convergence.models import Capability, Membership
from convergence.params import parse_id
from touchpoints.models import Level, OrgUnit, Side, State, TouchPoint

NEXT_BEST_SHOWN = 10


@login_required
@require_GET
def plan(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.VIEW)
    filters = PlanFilterForm(request.GET or None, workspace=membership.workspace)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    unit, target = chosen.get("unit"), chosen.get("target")
    actions = list(plan_actions(membership.workspace_id, unit, target))
    today = timezone.localdate()
    grouping = by_owner if chosen.get("by") == "owner" else by_status
    context = membership.page_context(filters=filters, today=today, unit=unit)
    context |= {"columns": grouping(actions), "overdue": overdue_count(actions, today)}
    context |= {"grouped_by": chosen.get("by") or "status", "query": request.GET.urlencode()}
    context["status_choices"] = ActionStatus.choices
    context |= outlook_context(membership, unit)
    template = "assessments/plan.html"
    return render_page(request, template, context, partial="board")


def outlook_context(membership: Membership, unit: OrgUnit | None) -> dict[str, object]:
    """The projection of the latest assessment's scope (or of the chosen unit rolled up) and
    every target beside it."""
    workspace = membership.workspace
    base = scope_of(workspace.assessments.first())
    scope = unit_scope(unit, base) if unit else base
    found = cached_outlook(workspace.pk, scope, unit.name if unit else workspace.name)
    targets = list(workspace.targets.select_related("unit", "workspace"))
    if unit is not None:
        targets = [t for t in targets if t.unit and t.unit.path.startswith(unit.path)]
    return {"outlook": found, "targets": target_outlooks(workspace.pk, found, targets)}


@login_required
@require_GET
def plan_export(request: HtmxHttpRequest, slug: str, fmt: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.VIEW)
    if fmt not in ("csv", "xlsx"):
        raise Http404("No such format")
    filters = PlanFilterForm(request.GET or None, workspace=membership.workspace)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    actions = list(plan_actions(membership.workspace_id, chosen.get("unit"), chosen.get("target")))
    today = timezone.localdate()
    content = (
        exports.actions_csv(actions, today)
        if fmt == "csv"
        else exports.actions_xlsx(actions, today)
    )
    name = f"{slug}-plan-{today:%Y-%m-%d}.{fmt}"
    return HttpResponse(
        content,
        content_type=exports.CONTENT_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@login_required
@require_GET
def plan_next_best(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.VIEW)
    unit = business_unit_or_none(membership, request.GET.get("unit"))
    workspace = membership.workspace
    scope = division_scope(unit) if unit else scope_of(workspace.assessments.first())
    today, suggestions = next_best(workspace.pk, scope, NEXT_BEST_SHOWN, unit.path if unit else "")
    context = membership.page_context(unit=unit, today=today, suggestions=suggestions)
    context["units"] = OrgUnit.objects.filter(
        workspace=workspace, side=Side.BUSINESS, is_active=True, depth__lte=2
    ).order_by("path")
    template = "assessments/plan_next_best.html"
    return render_page(request, template, context, partial="ranking")


@login_required
@require_POST
def plan_next_best_add(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """One click: an action creating (or adopting) the suggested desired touch point."""
    membership = get_membership(request, slug, Capability.PLAN)
    unit, team, level = suggested_pair(membership, request)
    if unit is None or team is None or level not in Level.values:
        return HttpResponse("Name a business unit, an IT team and a level.", status=400)
    title = f"Set up a {level} touch point between {unit.name} and {team.name}"
    action = Action(
        workspace=membership.workspace, title=title[:200], unit=unit, owner=signed_in_user(request)
    )
    create_action(action, [DesiredTouchPoint(unit, team, level)], request.user)
    messages.success(request, f"Added to the plan: {action}. Give it a due date.")
    return go_to(request, reverse("action_detail", args=[slug, action.pk]))


def suggested_pair(
    membership: Membership, request: HtmxHttpRequest
) -> tuple[OrgUnit | None, OrgUnit | None, str]:
    """The pair and level to plan: a desired touch point's own (``desired``), or as posted."""
    tps = TouchPoint.objects.filter(workspace=membership.workspace, state=State.DESIRED)
    desired = tps.filter(pk=parse_id(request.POST.get("desired")) or 0).first()
    if desired is not None:
        return desired.business_unit, desired.it_team, desired.level
    units = OrgUnit.objects.filter(workspace=membership.workspace, is_active=True)
    unit = units.filter(side=Side.BUSINESS, pk=parse_id(request.POST.get("business_unit")) or 0)
    team = units.filter(side=Side.IT, pk=parse_id(request.POST.get("it_team")) or 0)
    return unit.first(), team.first(), request.POST.get("level", "")
