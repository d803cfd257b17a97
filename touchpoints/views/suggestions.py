"""The review queue of touch points suggested by meetings (facilitators and admins)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from convergence.access import get_membership
from convergence.htmx import HtmxHttpRequest, go_to, query_without_page, render_page
from convergence.models import Capability, Membership
from touchpoints.forms.meetings import SuggestionFilterForm
from touchpoints.forms.touchpoints import TouchPointForm
from touchpoints.meetings import review
from touchpoints.models import Suggestion, SuggestionStatus

PAGE_SIZE = 50
FILTERS = ("status", "level", "business_unit", "it_team", "min_meetings")


def get_suggestion(membership: Membership, pk: int) -> Suggestion:
    rows = Suggestion.objects.select_related("business_unit", "it_team", "channel")
    return get_object_or_404(rows, pk=pk, workspace=membership.workspace)


def kept_filters(data: QueryDict) -> dict[str, str]:
    """The queue's filters in `data`, to post back with an action."""
    return {name: str(data.get(name)) for name in FILTERS if data.get(name)}


def with_filters(url: str, data: QueryDict) -> str:
    """`url` with the queue's filters in `data` as its query string (none: `url` as is)."""
    kept = kept_filters(data)
    return f"{url}?{urlencode(kept)}" if kept else url


def back_to_queue(
    request: HtmxHttpRequest, slug: str, filters: QueryDict | None = None
) -> HttpResponse:
    """The queue again, with the filters the reviewer was looking at (posted back, or in
    `filters`)."""
    data = request.POST if filters is None else filters
    return go_to(request, with_filters(reverse("suggestion_list", args=[slug]), data))


def undecided(request: HtmxHttpRequest, suggestion: Suggestion) -> bool:
    """True unless the suggestion was already accepted or merged (then says so)."""
    if suggestion.status in (SuggestionStatus.ACCEPTED, SuggestionStatus.MERGED):
        messages.info(request, f"{suggestion} was already {suggestion.get_status_display()}.")
        return False
    return True


@login_required
def suggestion_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.EDIT_TOUCHPOINTS)
    filters = SuggestionFilterForm(request.GET, workspace=membership.workspace)
    chosen = filters.chosen()
    page = Paginator(review.queue(membership.workspace.pk, chosen), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    shown = review.queue_rows(membership.workspace.pk, list(page))
    context = membership.page_context(filters=filters, page=page, rows=shown)
    context["query"] = query_without_page(request)
    context |= {"kept": kept_filters(request.GET), "lapsed": review.lapsed_count(membership)}
    template = "touchpoints/suggestion_list.html"
    return render_page(request, template, context, partial="queue")


@login_required
@require_POST
def suggestion_accept(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.EDIT_TOUCHPOINTS)
    suggestion = get_suggestion(membership, pk)
    if undecided(request, suggestion):
        try:
            touch_point = review.accept(suggestion, request.user)
        except review.NeedsEditing as needs:
            messages.info(request, str(needs))
            edit = reverse("suggestion_accept_edit", args=[slug, pk])
            return go_to(request, with_filters(edit, request.POST))
        messages.success(request, f"Added {touch_point}.")
    return back_to_queue(request, slug)


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_accept_edit(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The touch point form prefilled from the suggestion; saving it accepts the suggestion."""
    membership = get_membership(request, slug, Capability.EDIT_TOUCHPOINTS)
    suggestion = get_suggestion(membership, pk)
    proposed = review.proposed(suggestion)
    form = TouchPointForm(request.POST or None, instance=proposed, workspace=membership.workspace)
    if request.method == "POST" and undecided(request, suggestion) and form.is_valid():
        touch_point = review.accept(suggestion, request.user, form.save(commit=False))
        messages.success(request, f"Added {touch_point}.")
        # The form's own fields (business unit, IT team, level) are not the queue's filters:
        # those come in the page's query string.
        return back_to_queue(request, slug, request.GET)
    context = membership.page_context(form=form, suggestion=suggestion)
    context["query"] = urlencode(kept_filters(request.GET))
    context["evidence"] = review.evidence_of(suggestion)
    template = "touchpoints/suggestion_accept.html"
    return render_page(request, template, context, partial="form")


@login_required
@require_POST
def suggestion_merge(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.EDIT_TOUCHPOINTS)
    suggestion = get_suggestion(membership, pk)
    target = review.merge_targets(suggestion).filter(pk=request.POST.get("touch_point") or 0)
    touch_point = target.first()
    if touch_point is None:
        messages.error(request, "Choose a touch point of the same pair to merge into.")
    elif undecided(request, suggestion):
        review.merge(suggestion, touch_point, request.user)
        messages.success(request, f"Merged into {touch_point}.")
    return back_to_queue(request, slug)


@login_required
@require_POST
def suggestion_reject(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.EDIT_TOUCHPOINTS)
    suggestion = get_suggestion(membership, pk)
    if undecided(request, suggestion):
        review.reject(suggestion, request.user)
        messages.success(request, f"Rejected {suggestion}: it will not be suggested again.")
    return back_to_queue(request, slug)


@login_required
@require_POST
def suggestion_bulk_accept(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Accept every pending suggestion the posted filters select."""
    membership = get_membership(request, slug, Capability.EDIT_TOUCHPOINTS)
    posted = QueryDict(mutable=True)
    posted.update(kept_filters(request.POST))
    filters = SuggestionFilterForm(posted, workspace=membership.workspace)
    outcome = review.bulk_accept(
        review.queue(membership.workspace.pk, filters.chosen()), request.user
    )
    messages.success(request, outcome.message())
    return back_to_queue(request, slug)
