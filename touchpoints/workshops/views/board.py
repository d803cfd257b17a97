"""The workshop board: the live matrix, and capturing or editing touch points in its side panel."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Avg, Count, Sum
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from convergence.access import get_membership
from convergence.htmx import HtmxHttpRequest, is_fragment, render_page
from convergence.models import Capability, Membership
from convergence.params import parse_id
from convergence.qr import qr_svg
from touchpoints.access import get_touchpoint, get_workshop
from touchpoints.history import StaleEdit, snapshot
from touchpoints.models import (
    EffectivenessRating,
    Proposal,
    ProposalStatus,
    Workshop,
    WorkshopPhase,
)
from touchpoints.workshops import facilitation
from touchpoints.workshops.board import (
    MIN_ANONYMOUS_RATERS,
    Badge,
    Board,
    build_board,
    rounded_mean,
)
from touchpoints.workshops.deltas import (
    BoardDelta,
    board_of,
    cells_at,
    in_board_order,
    missed_changes,
)
from touchpoints.workshops.duplicates import group_proposals, on_board
from touchpoints.workshops.forms import BoardTouchPointForm, capture_initial
from touchpoints.workshops.review import review
from touchpoints.workshops.views.live import (
    board_etag,
    is_projector,
    seen_revision,
    unchanged_board,
    with_etag,
)

TEMPLATE = "touchpoints/workshops/workshop_board.html"
DELTA_TEMPLATE = "touchpoints/workshops/board_delta.html"
TIMER_MINUTES = (2, 5, 10, 15)
STALE_MESSAGE = (
    "Someone else changed this touch point while you were editing it. These are the stored "
    "values now; make your change again if it is still needed."
)


def workshop_board(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """The board page; its polled `live` region answers 304 while nothing changed, and only
    what changed when the poll saw a recent revision."""
    if (unchanged := unchanged_board(request, slug, pk)) is not None:
        return unchanged
    if not request.user.is_authenticated:
        login = redirect_to_login(request.get_full_path())
        # A poll would follow a 302 and swap the login page into the board: go there whole.
        return HttpResponseClientRedirect(login.url) if is_fragment(request) else login
    membership = get_membership(request, slug, Capability.VIEW)
    workshop = get_workshop(membership, pk)
    if (delta := render_delta(request, membership, workshop)) is not None:
        return delta
    return render_board(request, membership, workshop, "live")


def panel_context(
    request: HtmxHttpRequest, membership: Membership, workshop: Workshop
) -> dict[str, Any]:
    """What the side panel alone needs: a panel fragment builds no board."""
    can_run = membership.can(Capability.RUN_WORKSHOPS) and not workshop.is_closed
    projector = is_projector(request)
    context: dict[str, Any] = membership.page_context()
    context |= {"workshop": workshop, "projector": projector}
    context["phases"] = [choice for choice in WorkshopPhase.choices if choice[0] != "closed"]
    context["timer_choices"] = TIMER_MINUTES
    # Built once here: a reverse() per cell and badge would double the board's render time.
    board_url = reverse("workshop_board", args=[membership.workspace.slug, workshop.pk])
    context["capture_base"] = f"{board_url}capture/"
    context["edit_base"] = f"{board_url}touchpoints/"
    context |= {
        "can_run": can_run and not projector,
        "etag": board_etag(workshop, can_run, projector),
    }
    context["base_template"] = "touchpoints/workshops/live_base.html" if projector else "base.html"
    return context


def board_context(
    request: HtmxHttpRequest, membership: Membership, workshop: Workshop
) -> dict[str, Any]:
    context = panel_context(request, membership, workshop)
    board = context["board"] = build_board(workshop)
    # Proposals and adoptable ratings show only with the controls (not on the projector).
    can_run = context["can_run"]
    context["participant_count"] = workshop.participants.count()
    context["proposals"] = pending_proposals(workshop, board) if can_run else []
    context["proposal_groups"] = group_proposals(context["proposals"], board)
    context["adoptable"] = adoptable_badges(workshop, board) if can_run else []
    context["adoptable_count"] = len(context["adoptable"])
    if workshop.is_live and workshop.phase == WorkshopPhase.REVIEW:
        context["review"] = review(workshop)
    if context["projector"]:
        context |= projector_context(request, workshop)
    return context


def render_delta(
    request: HtmxHttpRequest, membership: Membership, workshop: Workshop
) -> HttpResponse | None:
    """A poll that saw a recent revision gets what changed since, swapped out of band by id;
    None when the whole region must redraw (too far behind, unknown, or a change of phase,
    reveal, scope...)."""
    context = panel_context(request, membership, workshop)
    seen = seen_revision(request.headers.get("If-None-Match"), context["etag"])
    fresh = seen is not None and is_fragment(request)
    shown = delta_context(workshop, seen, context) if fresh and seen else None
    if shown is None:
        return None
    response = render(request, DELTA_TEMPLATE, context | shown)
    response["HX-Reswap"] = "none"
    return with_etag(response, context["etag"])


def delta_context(workshop: Workshop, seen: int, shown: dict[str, Any]) -> dict[str, Any] | None:
    """The changed cells (and totals, if touch points came or went), the counters, and the
    proposals if they (or the touch points on their pairs, to merge into) changed; None for
    the whole region. The review phase scores the board: a touch point change redraws it."""
    if (found := missed_changes(workshop, seen)) is None:
        return None
    state, missed = found
    if missed.pairs and workshop.is_live and workshop.phase == WorkshopPhase.REVIEW:
        return None
    can_run = shown["can_run"]
    show_proposals = can_run and (missed.proposals or bool(state.pending & missed.pairs))
    wanted = set(missed.pairs) | (state.pending if show_proposals else set())
    cells = cells_at(workshop, state.scope, wanted)
    changed = {pair: cell for pair, cell in cells.items() if pair in missed.pairs}
    totals = state.totals if missed.recount else None
    context: dict[str, Any] = {"oob": True, "participant_count": state.participants}
    context["delta"] = BoardDelta(in_board_order(changed, state.scope), totals, state.scope)
    if show_proposals:
        board = board_of(cells, state.scope)
        context["proposals"] = pending_proposals(workshop, board)
        context["proposal_groups"] = group_proposals(context["proposals"], board)
    if can_run and workshop.accepts_adopted_ratings:
        context["adoptable_count"] = state.adoptable
    context["proposal_count"], context["rating_count"] = state.proposals, state.ratings
    return context


def projector_context(request: HtmxHttpRequest, workshop: Workshop) -> dict[str, Any]:
    """The wall's join code, its QR code and short link, and the live counters."""
    join_url = request.build_absolute_uri(reverse("join_workshop", args=[workshop.join_code]))
    return {
        "join_url": join_url,
        "short_join_url": join_url.split("://", 1)[-1].rstrip("/"),
        "join_qr": qr_svg(join_url, "QR code of the join link"),
        "proposal_count": workshop.proposals.count(),
        "rating_count": EffectivenessRating.objects.filter(participant__workshop=workshop).count(),
    }


def adoptable_badges(workshop: Workshop, board: Board) -> list[Badge]:
    """The touch points whose rated average the bulk control would adopt (no query)."""
    if not workshop.accepts_adopted_ratings:
        return []
    return [badge for badge in board.badges if badge.adoptable]


def pending_proposals(workshop: Workshop, board: Board) -> list[Proposal]:
    """Pending proposals, each with the touch points already on its pair (to merge into)."""
    proposals = list(
        workshop.proposals.filter(status=ProposalStatus.PENDING).select_related(
            "participant", "business_unit", "it_team", "channel"
        )
    )
    on_pair = on_board(board) if proposals else {}
    for proposal in proposals:
        proposal.merge_candidates = on_pair.get(  # type: ignore[attr-defined]  # set for the template only, not a model field
            (proposal.business_unit_id, proposal.it_team_id), []
        )
    return proposals


def render_board(
    request: HtmxHttpRequest,
    membership: Membership,
    workshop: Workshop,
    partial: str,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """The full page, or for htmx the `partial` region (`live` or `panel`)."""
    fragment = is_fragment(request)
    build = panel_context if fragment and partial == "panel" else board_context
    context = build(request, membership, workshop) | extra
    response = render_page(request, TEMPLATE, context, partial=partial, status=status)
    return with_etag(response, context["etag"]) if partial == "live" else response


def render_panel(
    request: HtmxHttpRequest,
    membership: Membership,
    workshop: Workshop,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """The side panel; after a change it also tells the board to refresh at once."""
    response = render_board(request, membership, workshop, "panel", status=status, **extra)
    if extra.get("saved"):
        response["HX-Trigger"] = "board-changed"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def board_capture(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.RUN_WORKSHOPS)
    workshop = get_workshop(membership, pk)
    initial = capture_initial(
        membership.workspace, request.GET.get("business_unit", ""), request.GET.get("it_team", "")
    )
    form = BoardTouchPointForm(request.POST or None, initial=initial, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            touch_point = facilitation.capture(workshop, form.save(commit=False), request.user)
        except facilitation.Refused as refusal:
            return render_panel(request, membership, workshop, 409, refusal=str(refusal))
        return render_panel(request, membership, workshop, saved=f"Added {touch_point}.")
    return render_panel(request, membership, workshop, form=form)


@login_required
@require_http_methods(["GET", "POST"])
def board_edit(request: HtmxHttpRequest, slug: str, pk: int, touchpoint_pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.RUN_WORKSHOPS)
    workshop = get_workshop(membership, pk)
    touch_point = get_touchpoint(membership, touchpoint_pk)
    before = snapshot(touch_point)
    form = BoardTouchPointForm(request.POST or None, instance=touch_point, workshop=workshop)
    if request.method == "POST" and form.is_valid():
        try:
            facilitation.edit(
                workshop, form.save(commit=False), before, form.expected_version(), request.user
            )
        except StaleEdit:
            current = get_touchpoint(membership, touchpoint_pk)
            form = BoardTouchPointForm(instance=current, workshop=workshop)
            return render_edit_panel(request, membership, workshop, form, 409, stale=STALE_MESSAGE)
        except facilitation.Refused as refusal:
            return render_panel(request, membership, workshop, 409, refusal=str(refusal))
        return render_panel(request, membership, workshop, saved=f"Saved {touch_point}.")
    return render_edit_panel(request, membership, workshop, form)


def render_edit_panel(
    request: HtmxHttpRequest,
    membership: Membership,
    workshop: Workshop,
    form: BoardTouchPointForm,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    touch_point = form.instance
    votes: list[dict[str, Any]] = [
        {**vote, "hidden": workshop.anonymous and vote["votes"] < MIN_ANONYMOUS_RATERS}
        for vote in touch_point.ratings.filter(participant__workshop=workshop)
        .values("side")
        .annotate(average=Avg("score"), votes=Count("id"), total=Sum("score"))
        .order_by("side")
    ]
    count = sum(vote["votes"] for vote in votes)
    rated = rounded_mean(sum(vote["total"] for vote in votes), count) if count else None
    return render_panel(
        request,
        membership,
        workshop,
        status,
        form=form,
        touch_point=touch_point,
        votes=votes,
        vote_count=count,
        rated=rated,
        may_adopt=workshop.accepts_adopted_ratings and rated is not None,
        **extra,
    )


@login_required
@require_POST
def board_adopt(request: HtmxHttpRequest, slug: str, pk: int, touchpoint_pk: int) -> HttpResponse:
    """Set the touch point's effectiveness to its rated average, if still as the panel showed."""
    membership = get_membership(request, slug, Capability.RUN_WORKSHOPS)
    workshop = get_workshop(membership, pk)
    touch_point = get_touchpoint(membership, touchpoint_pk)
    expected = parse_id(request.POST.get("version")) or touch_point.version
    try:
        facilitation.adopt_rating(workshop, touch_point, expected, request.user)
    except StaleEdit:
        current = get_touchpoint(membership, touchpoint_pk)
        form = BoardTouchPointForm(instance=current, workshop=workshop)
        return render_edit_panel(request, membership, workshop, form, 409, stale=STALE_MESSAGE)
    except facilitation.Refused as refusal:
        return render_panel(request, membership, workshop, 409, refusal=str(refusal))
    form = BoardTouchPointForm(instance=touch_point, workshop=workshop)
    saved = f"Adopted effectiveness {touch_point.effectiveness}/5 for {touch_point}."
    return render_edit_panel(request, membership, workshop, form, saved=saved)


@login_required
@require_POST
def board_delete(request: HtmxHttpRequest, slug: str, pk: int, touchpoint_pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.RUN_WORKSHOPS)
    workshop = get_workshop(membership, pk)
    touch_point = get_touchpoint(membership, touchpoint_pk)
    try:
        facilitation.remove(workshop, touch_point, request.user)
    except facilitation.Refused as refusal:
        return render_panel(request, membership, workshop, 409, refusal=str(refusal))
    return render_panel(request, membership, workshop, saved=f"Deleted {touch_point}.")
