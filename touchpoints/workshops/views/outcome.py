"""A closed workshop's outcome: a printable page (its XLSX is assessments.views.workshops')."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from convergence.access import get_membership
from convergence.htmx import HtmxHttpRequest
from convergence.models import Capability, Membership
from touchpoints.access import get_workshop
from touchpoints.models import Workshop
from touchpoints.workshops.outcome import SUMMARY


def closed_workshop(request: HtmxHttpRequest, slug: str, pk: int) -> tuple[Membership, Workshop]:
    membership = get_membership(request, slug, Capability.VIEW)
    workshop = get_workshop(membership, pk)
    if not workshop.is_closed:
        raise Http404("The outcome exists once the workshop has closed.")
    return membership, workshop


@login_required
def workshop_outcome(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership, workshop = closed_workshop(request, slug, pk)
    context = membership.page_context(workshop=workshop)
    context["summary"] = workshop.outcome.get(SUMMARY, {})
    return render(request, "touchpoints/workshops/outcome.html", context)
