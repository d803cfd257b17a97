"""The org chart's units: the tree with its counts, the unit search, marking the IT branches."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from convergence.access import get_membership, signed_in_user
from convergence.htmx import HtmxHttpRequest, go_to, query_without_page, render_page
from convergence.models import Capability
from touchpoints.forms.units import BulkMarkForm, SideMarkForm
from touchpoints.models import OrgUnit, Side
from touchpoints.unit_marks import it_suggestions, mark_units
from touchpoints.unit_rows import last_import_orphans, unit_forest, unit_page


@login_required
def orgunit_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.VIEW)
    side = request.GET.get("side", "")
    search = request.GET.get("q", "").strip()
    page = unit_page(
        membership.workspace_id, side=side, search=search, page=request.GET.get("page")
    )
    context = membership.page_context(side=side, page=page, rows=page.object_list, q=search)
    context["query"] = query_without_page(request)
    context["forest"] = unit_forest(membership.workspace_id, search)
    context["last_orphans"] = last_import_orphans(membership.workspace_id)
    if "administer" in membership.capabilities:
        context["suggestions"] = it_suggestions(membership.workspace_id)
    template = "touchpoints/orgunit_list.html"
    return render_page(request, template, context, partial="tree")


@login_required
@require_POST
def units_mark(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Mark the ticked units (or the confirmed suggestions) IT, business or inheriting."""
    membership = get_membership(request, slug, Capability.ADMINISTER)
    form = BulkMarkForm(request.POST, workspace_id=membership.workspace_id)
    if form.is_valid():
        units = form.cleaned_data["units"]
        side_mark = form.cleaned_data["side_mark"]
        names = ", ".join(unit.name for unit in units[:5]) + ("…" if len(units) > 5 else "")
        why = f"changed side when {len(units)} units were re-marked ({names})"
        unit_ids = [unit.pk for unit in units]
        actor = signed_in_user(request)
        marked = mark_units(membership.workspace_id, unit_ids, side_mark, why, actor)
        messages.success(
            request, f"{marked} unit{pluralize(marked)} marked {mark_label(side_mark)}."
        )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return go_to(request, reverse("orgunit_list", args=[slug]))


@login_required
@require_http_methods(["GET", "POST"])
def unit_side(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Mark a unit IT, business, or inheriting; the sides below it follow."""
    membership = get_membership(request, slug, Capability.ADMINISTER)
    unit = get_object_or_404(OrgUnit, pk=pk, workspace=membership.workspace)
    form = SideMarkForm(request.POST or None, initial={"side_mark": unit.side_mark})
    if request.method == "POST" and form.is_valid():
        side_mark = form.cleaned_data["side_mark"]
        why = f"changed side when {unit.name} was re-marked"
        mark_units(unit.workspace_id, [unit.pk], side_mark, why, signed_in_user(request))
        messages.success(request, f"{unit.name} is marked {mark_label(side_mark)}.")
        return go_to(request, reverse("orgunit_list", args=[slug]))
    context = membership.page_context()
    context |= {"unit": unit, "form": form, "below": OrgUnit.objects.descendants_of(unit).count()}
    template = "touchpoints/unit_side.html"
    return render_page(request, template, context, partial="side-form")


def mark_label(side_mark: str) -> str:
    return {"it": "IT", "business": "business"}.get(side_mark, "as inheriting its side")


UNIT_CHOICES_LIMIT = 30
# The names of the unit fields that use the picker (touch points, and the plan's actions and
# targets): the results are radios of that name.
PICKER_FIELDS = {"business_unit", "it_team", "unit"}


@login_required
def unit_choices(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Active units of one side whose name or code contains the query, as radios for a form."""
    membership = get_membership(request, slug, Capability.VIEW)
    side = request.GET.get("side", "")
    field = request.GET.get("field", "")
    if side not in Side.values or field not in PICKER_FIELDS:
        return HttpResponseBadRequest(
            "side must be business or it; field business_unit, it_team or unit"
        )
    query = request.GET.get("unit_search", "").strip()[:100]
    units = OrgUnit.objects.filter(workspace=membership.workspace, side=side, is_active=True)
    found = (
        list(
            units.filter(Q(name__icontains=query) | Q(code__icontains=query))
            .select_related("parent")
            .order_by("name", "code")[: UNIT_CHOICES_LIMIT + 1]
        )
        if query
        else []
    )
    context = {"units": found[:UNIT_CHOICES_LIMIT], "more": len(found) > UNIT_CHOICES_LIMIT}
    context |= {"field": field, "query": query}
    return render(request, "touchpoints/unit_choices.html", context)
