"""The glossary page: every code the pages and files show, with its name and meaning."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments import glossary as words
from convergence.access import get_membership
from convergence.htmx import HtmxHttpRequest
from convergence.models import Capability


@login_required
@require_GET
def glossary(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.VIEW)
    context = membership.page_context(sections=words.by_kind())
    return render(request, "assessments/glossary.html", context)
