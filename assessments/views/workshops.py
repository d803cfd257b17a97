"""A closed workshop's outcome as an XLSX file to send (the page is touchpoints')."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils.text import slugify

from assessments.workshop_outcome import outcome_xlsx
from convergence.htmx import HtmxHttpRequest
from touchpoints.workshops.views.outcome import closed_workshop

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def workshop_outcome_xlsx(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    _, workshop = closed_workshop(request, slug, pk)
    response = HttpResponse(outcome_xlsx(workshop), content_type=XLSX)
    name = f"workshop-{workshop.date.isoformat()}-{slugify(workshop.title) or workshop.pk}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
