"""The facilitator's controls: phases, timer, reveal, lock, close, and deciding on proposals."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_http_methods, require_POST

from convergence.access import get_membership
from convergence.htmx import HtmxHttpRequest, is_fragment
from convergence.models import Capability, Membership
from convergence.params import parse_id
from touchpoints.access import get_touchpoint, get_workshop
from touchpoints.history import StaleEdit
from touchpoints.models import Proposal, Workshop, WorkshopPhase
from touchpoints.workshops import facilitation
from touchpoints.workshops.forms import BoardTouchPointForm, proposal_as_data
from touchpoints.workshops.views.board import render_board, render_panel

BULK_STALE = (
    "Someone changed one of these touch points meanwhile, so nothing was adopted. "
    "Look at the board and adopt again."
)


def control(
    request: HtmxHttpRequest, slug: str, pk: int, change: Callable[[Workshop], None]
) -> HttpResponse:
    """Apply one control change and answer with the refreshed live region (or the board)."""
    membership = get_membership(request, slug, Capability.RUN_WORKSHOPS)
    workshop = get_workshop(membership, pk)
    notice = ""
    try:
        change(workshop)
    except facilitation.Refused as refusal:
        notice = str(refusal)
    return after_control(request, membership, pk, notice)


def after_control(
    request: HtmxHttpRequest, membership: Membership, pk: int, notice: str, done: str = ""
) -> HttpResponse:
    if not is_fragment(request):
        if notice:
            messages.error(request, notice)
        if done:
            messages.success(request, done)
        return redirect("workshop_board", membership.workspace.slug, pk)
    workshop = get_workshop(membership, pk)
    return render_board(request, membership, workshop, "live", notice=notice, done=done)


@login_required
@require_POST
def workshop_phase(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    phase = request.POST.get("phase", "")
    if phase not in WorkshopPhase.values:
        phase = WorkshopPhase.CAPTURE
    return control(request, slug, pk, lambda workshop: facilitation.set_phase(workshop, phase))


@login_required
@require_POST
def workshop_collect(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Open the join link for input before the session (status "collecting")."""
    return control(request, slug, pk, facilitation.open_input)


@login_required
@require_POST
def workshop_timer(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    minutes = parse_id(request.POST.get("minutes"))
    chosen = minutes if minutes is not None and 0 < minutes <= 120 else None
    return control(request, slug, pk, lambda workshop: facilitation.set_timer(workshop, chosen))


@login_required
@require_POST
def workshop_reveal(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    revealed = request.POST.get("revealed") == "1"
    return control(
        request, slug, pk, lambda workshop: facilitation.set_revealed(workshop, revealed)
    )


@login_required
@require_POST
def workshop_lock(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    locked = request.POST.get("locked") == "1"
    return control(request, slug, pk, lambda workshop: facilitation.set_locked(workshop, locked))


@login_required
@require_POST
def workshop_close(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    return control(request, slug, pk, facilitation.close)


@login_required
@require_POST
def workshop_adopt_ratings(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Adopt the rated average of every touch point whose votes differ from its effectiveness."""
    membership = get_membership(request, slug, Capability.RUN_WORKSHOPS)
    workshop = get_workshop(membership, pk)
    try:
        adopted = facilitation.adopt_ratings(workshop, request.user)
    except facilitation.Refused as refusal:
        return after_control(request, membership, pk, str(refusal))
    except StaleEdit:
        return after_control(request, membership, pk, BULK_STALE)
    done = f"Adopted the rated average of {adopted} touch point{pluralize(adopted)}."
    return after_control(request, membership, pk, "", done)


def get_proposal(workshop: Workshop, pk: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related("workshop", "business_unit", "it_team"),
        pk=pk,
        workshop=workshop,
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_accept(request: HtmxHttpRequest, slug: str, pk: int, proposal_pk: int) -> HttpResponse:
    """GET: the proposal in the side panel to edit; POST: accept (as posted, or as it stands)."""
    membership = get_membership(request, slug, Capability.RUN_WORKSHOPS)
    workshop = get_workshop(membership, pk)
    proposal = get_proposal(workshop, proposal_pk)
    as_posted = "level" in request.POST
    data = request.POST if as_posted else proposal_as_data(proposal)
    form = BoardTouchPointForm(
        data if request.method == "POST" else None,
        initial=proposal_as_data(proposal),
        workshop=workshop,
    )
    if request.method == "POST" and form.is_valid():
        try:
            touch_point = facilitation.accept(proposal, form.save(commit=False), request.user)
        except facilitation.Refused as refusal:
            return render_panel(request, membership, workshop, 409, refusal=str(refusal))
        return render_panel(request, membership, workshop, saved=f"Accepted {touch_point}.")
    return render_panel(request, membership, workshop, form=form, proposal=proposal)


@login_required
@require_POST
def proposal_reject(request: HtmxHttpRequest, slug: str, pk: int, proposal_pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.RUN_WORKSHOPS)
    workshop = get_workshop(membership, pk)
    proposal = get_proposal(workshop, proposal_pk)
    notice = ""
    try:
        facilitation.reject(proposal)
    except facilitation.Refused as refusal:
        notice = str(refusal)
    return after_control(request, membership, pk, notice)


@login_required
@require_POST
def proposal_merge(request: HtmxHttpRequest, slug: str, pk: int, proposal_pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.RUN_WORKSHOPS)
    workshop = get_workshop(membership, pk)
    proposal = get_proposal(workshop, proposal_pk)
    notice = ""
    try:
        target = get_touchpoint(membership, parse_id(request.POST.get("into")) or 0)
        facilitation.merge(proposal, target, request.user)
    except facilitation.Refused as refusal:
        notice = str(refusal)
    return after_control(request, membership, pk, notice)


@login_required
@require_POST
def proposals_merge(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Merge a group of duplicate proposals: into a touch point (`into`), else into one of them."""
    membership = get_membership(request, slug, Capability.RUN_WORKSHOPS)
    workshop = get_workshop(membership, pk)
    ids = [pk for pk in map(parse_id, request.POST.getlist("proposal")) if pk is not None]
    proposals = list(workshop.proposals.filter(pk__in=ids).order_by("created_at", "pk"))
    into = parse_id(request.POST.get("into"))
    notice = ""
    try:
        if not proposals:
            raise facilitation.Refused("Choose the proposals to merge.")
        if into is not None:
            target = get_touchpoint(membership, into)
            facilitation.merge_all(proposals, target, request.user)
        else:
            facilitation.merge_duplicates(proposals[0], proposals[1:])
    except facilitation.Refused as refusal:
        notice = str(refusal)
    done = "" if notice else f"Merged {len(proposals)} proposal{pluralize(len(proposals))}."
    return after_control(request, membership, pk, notice, done)
