"""A unit's page: its place in the org chart, score, targets, open actions and touch points."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from assessments.access import get_unit
from assessments.unit_page import unit_page
from convergence.access import get_membership
from convergence.htmx import HtmxHttpRequest
from convergence.models import Capability


@login_required
@require_GET
def unit_detail(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.VIEW)
    page = unit_page(get_unit(membership, pk))
    context = membership.page_context(page=page, unit=page.unit, today=timezone.localdate())
    return render(request, "assessments/unit_detail.html", context)
