"""The people directory (admins and facilitators: people are personal data), and erasure."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from convergence.access import get_membership, signed_in_user
from convergence.htmx import HtmxHttpRequest, query_without_page, render_page
from convergence.models import Capability
from touchpoints.forms.people import PersonFilterForm
from touchpoints.models import Person
from touchpoints.people.directory import find_people
from touchpoints.people.erasure import erase_person

PAGE_SIZE = 50
# Facilitators meet the people in workshops and review the meetings they attend; managers and
# viewers read scores and touch points, which name units, never people.
SEES_PEOPLE = Capability.EDIT_TOUCHPOINTS


@login_required
def person_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, SEES_PEOPLE)
    filters = PersonFilterForm(request.GET)
    people = find_people(membership.workspace, *filters.values())
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    context = membership.page_context(filters=filters, page=page, query=query_without_page(request))
    return render_page(request, "touchpoints/person_list.html", context, partial="results")


@login_required
@require_http_methods(["GET", "POST"])
def person_erase(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    person = get_object_or_404(Person.objects.present(), pk=pk, workspace=membership.workspace)
    if request.method == "POST":
        erase_person(person, signed_in_user(request))
        messages.success(request, "Erased: the name and e-mail are gone, the counts stay.")
        return redirect("person_list", slug)
    context = membership.page_context(person=person)
    return render(request, "touchpoints/person_erase.html", context)
