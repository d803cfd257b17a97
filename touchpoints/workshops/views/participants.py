"""Participants: join by code without an account, then propose and rate from a phone.

A participant's session holds only {workshop id: participant id}; every view looks the
participant up by that id *and* the workshop code in the URL, so a session reaches one workshop.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from convergence.htmx import HtmxHttpRequest, is_fragment, render_page
from touchpoints.models import Participant, State, Workshop, WorkshopStatus
from touchpoints.workshops import facilitation
from touchpoints.workshops.board import (
    Badge,
    board_touchpoint,
    build_board,
    scope_touchpoints,
)
from touchpoints.workshops.deltas import cells_at, in_board_order, missed_changes
from touchpoints.workshops.forms import JoinCodeForm, ParticipantForm, ProposalForm, normalise_code
from touchpoints.workshops.join_limit import count_wrong_code, is_blocked, wait_seconds
from touchpoints.workshops.views.live import (
    participant_etag,
    remember_participant,
    seen_revision,
    session_participant_ids,
    unchanged_participant_page,
    with_etag,
)

TEMPLATE = "touchpoints/workshops/participant.html"
DELTA_TEMPLATE = "touchpoints/workshops/participant_delta.html"
SCORES = (1, 2, 3, 4, 5)
NO_SUCH_CODE = "No open workshop has this code. Check it with your facilitator."
CLOSED_CODE = "This workshop has closed: it takes no more input. Thank you for taking part."
TOO_MANY = (
    "Too many wrong codes from this network. Wait {seconds} second{s} and try again: "
    "check the code with your facilitator meanwhile."
)


def open_workshop(code: str) -> Workshop | None:
    return (
        Workshop.objects.exclude(status=WorkshopStatus.CLOSED)
        .filter(join_code=normalise_code(code))
        .first()
    )


def refuse_code(request: HtmxHttpRequest, form: Any, code: str) -> HttpResponse:
    """A closed workshop's real code says so and costs nothing; any other code is a guess."""
    closed = Workshop.objects.filter(
        join_code=normalise_code(code), status=WorkshopStatus.CLOSED
    ).exists()
    if not closed:
        count_wrong_code(request)
    context = {"form": form, "error": CLOSED_CODE if closed else NO_SUCH_CODE}
    return render(request, "touchpoints/workshops/join.html", context, status=404)


def blocked_response(request: HtmxHttpRequest, form: Any) -> HttpResponse:
    seconds = max(1, wait_seconds(request))
    error = TOO_MANY.format(seconds=seconds, s="" if seconds == 1 else "s")
    response = render(
        request, "touchpoints/workshops/join.html", {"form": form, "error": error}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response


@require_http_methods(["GET", "POST"])
def join(request: HtmxHttpRequest) -> HttpResponse:
    """Enter a workshop code; a right one leads to the name-and-side form."""
    form = JoinCodeForm(request.POST or None)
    if request.method == "POST":
        if is_blocked(request):
            return blocked_response(request, form)
        workshop = open_workshop(request.POST.get("code", "")) if form.is_valid() else None
        if workshop is not None:
            return redirect("join_workshop", workshop.join_code)
        return refuse_code(request, form, request.POST.get("code", ""))
    return render(request, "touchpoints/workshops/join.html", {"form": form})


@require_http_methods(["GET", "POST"])
def join_workshop(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """The join link: a name and a side, and the participant is in (no account needed)."""
    if is_blocked(request):
        return blocked_response(request, JoinCodeForm())
    workshop = open_workshop(code)
    if workshop is None:
        return refuse_code(request, JoinCodeForm(initial={"code": code}), code)
    if current_participant(request, workshop.join_code) is not None:
        return redirect("participant_home", workshop.join_code)
    form = ParticipantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            participant = facilitation.join(workshop, **form.cleaned_data)
        except facilitation.Refused as refusal:
            context = {"form": JoinCodeForm(), "error": str(refusal)}
            return render(request, "touchpoints/workshops/join.html", context, status=409)
        remember_participant(request, participant)
        return redirect("participant_home", workshop.join_code)
    context = {"workshop": workshop, "form": form}
    return render(request, "touchpoints/workshops/join_workshop.html", context)


def current_participant(request: HtmxHttpRequest, code: str) -> Participant | None:
    """The session's participant in the workshop with this code, or None."""
    ids = session_participant_ids(request)
    if not ids:
        return None
    participants = Participant.objects.select_related("workshop")
    return participants.filter(pk__in=ids, workshop__join_code=code).first()


def participant_context(participant: Participant, **extra: Any) -> dict[str, Any]:
    workshop = participant.workshop
    board = build_board(workshop)
    mark_mine(participant, board.badges)
    context: dict[str, Any] = {"participant": participant, "workshop": workshop, "board": board}
    context["board_total"] = len(board.badges)
    # Desired touch points do not exist yet: nobody rates them, so progress leaves them out.
    ratable = [badge for badge in board.badges if not badge.is_desired]
    context["to_rate"] = len(ratable)
    context["rated_count"] = sum(1 for badge in ratable if badge.mine)
    context["proposals"] = participant.proposals.select_related("business_unit", "it_team")
    context["etag"] = participant_etag(participant.pk, workshop.revision)
    context["scores"] = SCORES
    context.setdefault("form", ProposalForm(workshop=workshop))
    return context | extra


def mark_mine(participant: Participant, badges: list[Badge], only: bool = False) -> None:
    """Set each badge's `mine` to the participant's own vote (reading `only` these badges'
    votes, or all the participant's)."""
    ratings = participant.ratings.all()
    if only:
        ratings = ratings.filter(touch_point_id__in=[badge.touch_point.pk for badge in badges])
    mine = dict(ratings.values_list("touch_point_id", "score"))
    for badge in badges:
        badge.mine = mine.get(badge.touch_point.pk)


def render_participant_delta(
    request: HtmxHttpRequest, participant: Participant
) -> HttpResponse | None:
    """A poll that saw a recent revision gets the cards of the changed cells, the progress and
    the status (and the participant's proposals if proposals changed), swapped out of band;
    None when the whole page must redraw. The cells are built once for the whole room."""
    workshop = participant.workshop
    etag = participant_etag(participant.pk, workshop.revision)
    seen = seen_revision(request.headers.get("If-None-Match"), etag)
    if seen is None or not is_fragment(request):
        return None
    context = participant_delta_context(participant, seen)
    if context is None:
        return None
    response = render(request, DELTA_TEMPLATE, context | {"etag": etag})
    response["HX-Reswap"] = "none"
    return with_etag(response, etag)


def participant_delta_context(participant: Participant, seen: int) -> dict[str, Any] | None:
    workshop = participant.workshop
    if (found := missed_changes(workshop, seen)) is None:
        return None
    state, missed = found
    cells = in_board_order(cells_at(workshop, state.scope, set(missed.pairs)), state.scope)
    mark_mine(participant, [badge for cell in cells for badge in cell.badges], only=True)
    ratable = scope_touchpoints(workshop, *state.scope).exclude(state=State.DESIRED)
    context: dict[str, Any] = {"participant": participant, "workshop": workshop, "oob": True}
    context["cells"] = cells
    context["to_rate"], context["board_total"] = state.totals.current, state.totals.total
    context["rated_count"] = participant.ratings.filter(touch_point__in=ratable).count()
    context["scores"] = SCORES
    if missed.proposals:
        context["show_mine"] = True
        context["proposals"] = participant.proposals.select_related("business_unit", "it_team")
    return context


def render_participant(
    request: HtmxHttpRequest,
    participant: Participant,
    partial: str = "live",
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = participant_context(participant, **extra)
    response = render_page(request, TEMPLATE, context, partial=partial, status=status)
    return with_etag(response, context["etag"]) if partial == "live" else response


def participant_home(request: HtmxHttpRequest, code: str) -> HttpResponse:
    if (unchanged := unchanged_participant_page(request, code)) is not None:
        return unchanged
    participant = current_participant(request, code)
    if participant is None:
        if is_fragment(request):
            # A poll would follow a 302 and swap the join form into the page: go there whole.
            return HttpResponseClientRedirect(reverse("join_workshop", args=[code]))
        return redirect("join_workshop", code)
    if (delta := render_participant_delta(request, participant)) is not None:
        return delta
    return render_participant(request, participant)


@require_POST
def participant_propose(request: HtmxHttpRequest, code: str) -> HttpResponse:
    participant = current_participant(request, code)
    if participant is None:
        return redirect("join_workshop", code)
    form = ProposalForm(request.POST, workshop=participant.workshop)
    if not form.is_valid():
        return render_participant(request, participant, "propose_form", 422, form=form, fresh=True)
    try:
        proposal = facilitation.propose(participant, form.save(commit=False))
    except facilitation.Refused as refusal:
        return render_participant(
            request, participant, "propose_form", 409, form=form, fresh=True, refusal=str(refusal)
        )
    if not is_fragment(request):
        return redirect("participant_home", code)
    response = render_participant(request, participant, "propose_form", sent=proposal, fresh=True)
    response["HX-Trigger"] = "workshop-changed"
    return response


@require_POST
def participant_rate(request: HtmxHttpRequest, code: str, touchpoint_pk: int) -> HttpResponse:
    participant = current_participant(request, code)
    if participant is None:
        return redirect("join_workshop", code)
    score = request.POST.get("score", "")
    touch_point = board_touchpoint(participant.workshop, touchpoint_pk)
    if touch_point is None:
        raise Http404("No such touch point on this workshop's board")
    notice = ""
    if score in {"1", "2", "3", "4", "5"}:
        try:
            facilitation.rate(participant, touch_point, int(score))
        except facilitation.Refused as refusal:
            notice = str(refusal)
    if not is_fragment(request):
        return redirect("participant_home", code)
    participant.workshop.refresh_from_db()
    if notice:
        return render_participant(request, participant, status=409, notice=notice)
    return render_participant(request, participant, rated_now=touch_point.pk)
