"""Planning workshops: the list (upcoming and past), create and edit, and the scope search."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from convergence.access import get_membership
from convergence.htmx import HtmxHttpRequest
from convergence.models import Capability, Membership
from convergence.params import parse_id
from touchpoints.access import get_workshop
from touchpoints.models import OrgUnit, Side, Workshop, WorkshopStatus
from touchpoints.workshops import facilitation
from touchpoints.workshops.forms import WorkshopForm, plan_initial

SEARCH_LIMIT = 30
# A whole branch adds at most this many units (a board of more rows is no longer a workshop).
BRANCH_LIMIT = 100


@login_required
def workshop_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.VIEW)
    workshops = membership.workspace.workshops.select_related("facilitator")
    today = timezone.localdate()
    upcoming = workshops.exclude(status=WorkshopStatus.CLOSED).filter(date__gte=today)
    past = workshops.filter(date__lt=today) | workshops.filter(status=WorkshopStatus.CLOSED)
    context = membership.page_context(
        upcoming=upcoming.order_by("date", "pk"),
        past=past.order_by("-date", "-pk"),
        can_run=membership.can(Capability.RUN_WORKSHOPS),
    )
    return render(request, "touchpoints/workshops/workshop_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def workshop_create(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.RUN_WORKSHOPS)
    initial = {"date": timezone.localdate(), "facilitator": request.user.pk}
    if (copy := parse_id(request.GET.get("copy"))) is not None:
        initial |= plan_initial(get_workshop(membership, copy))
    form = WorkshopForm(request.POST or None, initial=initial, workspace=membership.workspace)
    if request.method == "POST" and form.is_valid():
        workshop = form.save()
        messages.success(request, f"Planned {workshop}. Share the code {workshop.join_code}.")
        return redirect("workshop_board", slug, workshop.pk)
    return render_form(request, membership, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def workshop_edit(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.RUN_WORKSHOPS)
    workshop = get_workshop(membership, pk)
    form = WorkshopForm(request.POST or None, instance=workshop, workspace=membership.workspace)
    if workshop.is_closed:
        messages.error(request, "This workshop is closed: its plan can no longer change.")
        return redirect("workshop_board", slug, pk)
    if request.method == "POST" and form.is_valid():
        try:
            facilitation.save_plan(workshop, form)
        except facilitation.Refused as refusal:
            messages.error(request, str(refusal))
            return redirect("workshop_board", slug, pk)
        messages.success(request, f"Saved {workshop}.")
        return redirect("workshop_board", slug, pk)
    return render_form(request, membership, form, workshop)


def render_form(
    request: HtmxHttpRequest, membership: Membership, form: WorkshopForm, workshop: Workshop | None
) -> HttpResponse:
    context = membership.page_context(form=form, workshop=workshop)
    context |= {
        "scope_fields": [
            (side, name, label, form.chosen(name), form[name].errors)
            for side, name, label in (
                (Side.BUSINESS, "business_units", "Business units"),
                (Side.IT, "it_teams", "IT teams"),
            )
        ],
    }
    return render(request, "touchpoints/workshops/workshop_form.html", context)


@login_required
@require_GET
def scope_unit_search(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Units of one side matching a search, as checkboxes for the workshop form's scope."""
    membership = get_membership(request, slug, Capability.RUN_WORKSHOPS)
    side = request.GET.get("side", "")
    side = side if side in Side.values else Side.BUSINESS
    query = request.GET.get("q", "").strip()
    units = OrgUnit.objects.filter(workspace=membership.workspace, side=side, is_active=True)
    if query:
        units = units.filter(name__icontains=query)
    has_teams = Exists(OrgUnit.objects.filter(parent=OuterRef("pk"), is_active=True))
    context = {
        "units": units.select_related("parent")
        .annotate(has_teams=has_teams)
        .order_by("path")[:SEARCH_LIMIT],
        "field": scope_field(side),
        "query": query,
        "workspace": membership.workspace,
    }
    return render(request, "touchpoints/workshops/workshop_form.html#unit_results", context)


def scope_field(side: str) -> str:
    return "business_units" if side == Side.BUSINESS else "it_teams"


@login_required
@require_GET
def scope_branch(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """A unit and its active units below it, as chosen entries: a division and its teams."""
    membership = get_membership(request, slug, Capability.RUN_WORKSHOPS)
    unit = get_object_or_404(OrgUnit, pk=pk, workspace=membership.workspace, is_active=True)
    branch = OrgUnit.objects.filter(
        workspace=membership.workspace, side=unit.side, is_active=True, path__startswith=unit.path
    )
    context = {"units": branch.order_by("path")[:BRANCH_LIMIT], "field": scope_field(unit.side)}
    return render(request, "touchpoints/workshops/workshop_form.html#chosen_units", context)
