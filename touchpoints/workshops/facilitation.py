"""Running a workshop: phases, timer, proposals, ratings and closing, each bumping the revision.

Every change goes through `claim`, a conditional UPDATE of the workshop row that bumps its
revision. It is both the gate (a closed, locked or wrong-phase workshop matches no row, so the
change is refused and its transaction rolled back) and the live board's change marker; the row
lock it takes also orders a change against a concurrent close.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from convergence import webhooks
from convergence.models import WebhookEvent
from touchpoints.history import (
    create_touchpoint,
    delete_touchpoint,
    snapshot,
    update_touchpoint,
    update_touchpoints,
)
from touchpoints.models import (
    EffectivenessRating,
    Participant,
    Proposal,
    ProposalStatus,
    TouchPoint,
    Workshop,
    WorkshopPhase,
    WorkshopStatus,
)
from touchpoints.workshops.board import build_board, rounded_mean, scope_touchpoints, scope_units
from touchpoints.workshops.changes import PROPOSALS, STATUS, WHOLE, Change, log_change, touching
from touchpoints.workshops.locking import lock_open_boards
from touchpoints.workshops.outcome import SUMMARY, session_changes, summarise
from touchpoints.workshops.review import scope_score

OPEN = ~Q(status=WorkshopStatus.CLOSED)
# While collecting, participants both propose and rate ahead of the session, whatever the phase.
COLLECTING = Q(status=WorkshopStatus.COLLECTING, locked=False)
PARTICIPANTS_MAY_PROPOSE = COLLECTING | Q(
    status=WorkshopStatus.LIVE, locked=False, phase=WorkshopPhase.CAPTURE
)
PARTICIPANTS_MAY_RATE = COLLECTING | Q(
    status=WorkshopStatus.LIVE, locked=False, phase=WorkshopPhase.RATE
)
# As Workshop.accepts_adopted_ratings (and the two above as accepts_proposals/ratings).
MAY_ADOPT_RATINGS = Q(
    status=WorkshopStatus.LIVE, phase__in=[WorkshopPhase.RATE, WorkshopPhase.REVIEW]
)
# While live, Workshop.outcome holds the ids of the touch points that took their rated average
# (closing counts them) and the board scope's score when the session started.
ADOPTED_IDS = "adopted_ids"
START_SCORE = "start"


class Refused(Exception):
    """The workshop does not take this change now; the message says why."""


def refusal_reason(workshop: Workshop) -> str:
    if workshop.is_closed:
        return "This workshop is closed: nothing can be changed any more."
    if workshop.locked:
        return "The facilitator has locked the board for now."
    if workshop.is_collecting:
        return "The facilitator has not started the session yet."
    if not workshop.is_live:
        return "The workshop has not started yet."
    return f"Not during the {workshop.get_phase_display().lower()} phase."


def claim(workshop: Workshop, condition: Q = OPEN, shows: Change = WHOLE, **changes: Any) -> None:
    """Bump the revision (and apply `changes`) if the workshop meets `condition`, else refuse.

    The bump is logged as `shows`: what the board and participants' pages redraw for it.
    """
    claimed = Workshop.objects.filter(condition, pk=workshop.pk).update(
        revision=F("revision") + 1, **changes
    )
    if not claimed:
        workshop.refresh_from_db()
        raise Refused(refusal_reason(workshop))
    log_change([workshop.pk], shows)
    for name, value in changes.items():
        setattr(workshop, name, value)


def claim_for_touchpoints(workshop: Workshop, condition: Q = OPEN, shows: Change = STATUS) -> None:
    """`claim` for a touch point change, which also bumps the workspace's other open boards.

    Those are locked first, all in id order as locking.refresh_open_boards takes them: with
    this workshop's row alone taken first, two such changes in two workshops of one workspace
    would each hold one row and wait for the other's (a deadlock, and a 500 for one of them).
    """
    lock_open_boards(workshop.workspace_id)
    # The touch points' own saves log their cells (touchpoints.history).
    claim(workshop, condition, shows)


@transaction.atomic
def open_input(workshop: Workshop) -> None:
    """Before the session: the join link works, participants propose and rate ahead."""
    claim(workshop, Q(status=WorkshopStatus.DRAFT), status=WorkshopStatus.COLLECTING)


@transaction.atomic
def set_phase(workshop: Workshop, phase: str) -> None:
    if phase == WorkshopPhase.CLOSED:
        close(workshop)
        return
    starting = workshop.started_at is None
    started: dict[str, Any] = {"started_at": timezone.now()} if starting else {}
    claim(workshop, phase=phase, status=WorkshopStatus.LIVE, **started)
    if starting:
        record_start_score(workshop)


def record_start_score(workshop: Workshop) -> None:
    """Keep the board scope's score as the session starts (under claim's row lock)."""
    start = scope_score(workshop)
    if start is not None:
        remember(workshop, START_SCORE, start.as_json())


def remember(workshop: Workshop, key: str, value: Any) -> None:
    """Set one key of the workshop's running outcome record (under claim's row lock)."""
    outcome = Workshop.objects.values_list("outcome", flat=True).get(pk=workshop.pk)
    outcome = {**outcome, key: value}
    Workshop.objects.filter(pk=workshop.pk).update(outcome=outcome)
    workshop.outcome = outcome


# What the plan form changes: saving it must not write back the live state (status, phase,
# reveal, lock, revision) of the copy loaded when the form was posted.
PLAN_FIELDS = ["title", "date", "facilitator", "anonymous"]


@transaction.atomic
def save_plan(workshop: Workshop, form: Any) -> None:
    """Save an edited plan (a bound, valid WorkshopForm) unless the workshop closed meanwhile."""
    claim(workshop)
    form.save(commit=False).save(update_fields=PLAN_FIELDS)
    form.save_m2m()


@transaction.atomic
def set_timer(workshop: Workshop, minutes: int | None) -> None:
    ends_at = timezone.now() + timedelta(minutes=minutes) if minutes else None
    # The timer's buttons are among the controls: the page redraws whole.
    claim(workshop, timer_ends_at=ends_at)


@transaction.atomic
def set_revealed(workshop: Workshop, revealed: bool) -> None:
    claim(workshop, ratings_revealed=revealed)


@transaction.atomic
def set_locked(workshop: Workshop, locked: bool) -> None:
    claim(workshop, locked=locked)


@transaction.atomic
def join(workshop: Workshop, name: str, side: str) -> Participant:
    claim(workshop, shows=STATUS)
    return Participant.objects.create(workshop=workshop, name=name, side=side)


@transaction.atomic
def propose(participant: Participant, proposal: Proposal) -> Proposal:
    claim(participant.workshop, PARTICIPANTS_MAY_PROPOSE, PROPOSALS)
    proposal.workshop = participant.workshop
    proposal.participant = participant
    proposal.save()
    return proposal


@transaction.atomic
def rate(participant: Participant, touch_point: TouchPoint, score: int) -> EffectivenessRating:
    """Record the participant's vote, replacing any earlier one on the same touch point."""
    claim(participant.workshop, PARTICIPANTS_MAY_RATE, touching(touch_point))
    # Deleting a touch point bumps every open board under the same row lock (history.py), so
    # once claimed, a touch point deleted while the participant looked at it is seen gone.
    if not TouchPoint.objects.filter(pk=touch_point.pk).exists():
        raise Refused("This touch point was removed from the board meanwhile.")
    rating, _ = EffectivenessRating.objects.update_or_create(
        participant=participant,
        touch_point=touch_point,
        defaults={"score": score, "side": participant.side, "rated_by": participant.user},
    )
    return rating


@transaction.atomic
def capture(workshop: Workshop, touch_point: TouchPoint, user: Any) -> TouchPoint:
    claim_for_touchpoints(workshop)
    touch_point.workshop = workshop
    return create_touchpoint(touch_point, user)


@transaction.atomic
def edit(
    workshop: Workshop,
    touch_point: TouchPoint,
    before: dict[str, str],
    expected_version: int,
    user: Any,
) -> TouchPoint:
    """Save a board edit; StaleEdit (from update_touchpoint) rolls the revision bump back."""
    claim_for_touchpoints(workshop)
    return update_touchpoint(touch_point, before, expected_version, user)


@transaction.atomic
def remove(workshop: Workshop, touch_point: TouchPoint, user: Any) -> None:
    claim_for_touchpoints(workshop)
    delete_touchpoint(touch_point, user)


@transaction.atomic
def adopt_rating(
    workshop: Workshop, touch_point: TouchPoint, expected_version: int, user: Any
) -> TouchPoint:
    """Set the effectiveness to the rounded mean of this workshop's votes (both sides).

    StaleEdit (from update_touchpoint) if it changed since the facilitator saw it.
    """
    claim_for_touchpoints(workshop, MAY_ADOPT_RATINGS)
    votes = EffectivenessRating.objects.filter(
        touch_point=touch_point, participant__workshop=workshop
    ).aggregate(total=Sum("score"), count=Count("id"))
    if not votes["count"]:
        raise Refused("No participant has rated this touch point yet.")
    before = snapshot(touch_point)
    touch_point.effectiveness = rounded_mean(votes["total"], votes["count"])
    update_touchpoint(touch_point, before, expected_version, user)
    record_adopted(workshop, [touch_point.pk])
    return touch_point


@transaction.atomic
def adopt_ratings(workshop: Workshop, user: Any) -> int:
    """Adopt the rated average of every touch point on the board whose votes say otherwise.

    One transaction: if someone edits one of them meanwhile, StaleEdit and nothing is adopted.
    """
    claim_for_touchpoints(workshop, MAY_ADOPT_RATINGS)
    rated = {
        badge.touch_point.pk: badge.rated_effectiveness
        for badge in build_board(workshop).badges
        if badge.adoptable
    }
    touch_points = TouchPoint.objects.filter(pk__in=rated).select_related(
        "business_unit", "it_team", "channel"
    )
    edits = []
    for touch_point in touch_points.order_by("pk"):
        before = snapshot(touch_point)
        touch_point.effectiveness = rated[touch_point.pk]
        edits.append((touch_point, before))
    update_touchpoints(edits, ["effectiveness"], user)
    record_adopted(workshop, list(rated))
    return len(rated)


def record_adopted(workshop: Workshop, touch_point_ids: list[int]) -> None:
    """Remember the touch points that took their rated average (under claim's row lock)."""
    outcome = Workshop.objects.values_list("outcome", flat=True).get(pk=workshop.pk)
    adopted = sorted(set(outcome.get(ADOPTED_IDS, [])) | set(touch_point_ids))
    remember(workshop, ADOPTED_IDS, adopted)


@transaction.atomic
def accept(proposal: Proposal, touch_point: TouchPoint, user: Any) -> TouchPoint:
    """Turn a pending proposal into `touch_point` (the proposal's values, maybe edited)."""
    claim_for_touchpoints(proposal.workshop, shows=PROPOSALS)
    decided = decide(proposal, ProposalStatus.ACCEPTED)
    touch_point.workshop = proposal.workshop
    create_touchpoint(touch_point, user)
    decided.update(touch_point=touch_point)
    Proposal.objects.filter(merged_into=proposal).update(touch_point=touch_point)
    return touch_point


@transaction.atomic
def merge(proposal: Proposal, into: TouchPoint, user: Any) -> TouchPoint:
    """Fold a proposal into an existing touch point: its description is appended."""
    claim_for_touchpoints(proposal.workshop, shows=PROPOSALS)
    # Re-read under a row lock: an edit saved since the facilitator picked the target is kept
    # (the description is appended to it), and a target deleted meanwhile is refused.
    current = TouchPoint.objects.select_for_update().filter(pk=into.pk).first()
    if current is None:
        raise Refused("The touch point to merge into was deleted meanwhile.")
    into = current
    decide(proposal, ProposalStatus.MERGED).update(touch_point=into)
    if proposal.description and proposal.description not in into.description:
        before = snapshot(into)
        into.description = "\n".join(filter(None, [into.description, proposal.description]))
        update_touchpoint(into, before, into.version, user)
    return into


@transaction.atomic
def merge_all(proposals: list[Proposal], into: TouchPoint, user: Any) -> TouchPoint:
    """Fold every proposal of a duplicate group into one touch point, all or none."""
    for proposal in proposals:
        into = merge(proposal, into, user)
    return into


@transaction.atomic
def merge_duplicates(keep: Proposal, duplicates: list[Proposal]) -> None:
    """Fold pending duplicates into the pending proposal `keep`; their descriptions join its own.

    Each duplicate is claimed as one decision (two facilitators cannot both fold it), and `keep`
    must still be pending: accepted later, it hands its touch point to the duplicates too.
    """
    claim(keep.workshop, shows=PROPOSALS)
    current = Proposal.objects.select_for_update().filter(pk=keep.pk, status=ProposalStatus.PENDING)
    if not current.exists():
        raise Refused("Someone already decided on the proposal to merge into.")
    texts = [keep.description]
    for duplicate in duplicates:
        if duplicate.pk == keep.pk:
            continue
        decide(duplicate, ProposalStatus.MERGED).update(merged_into=keep)
        if duplicate.description and duplicate.description not in texts:
            texts.append(duplicate.description)
    current.update(description="\n".join(filter(None, texts)))


@transaction.atomic
def reject(proposal: Proposal) -> None:
    claim(proposal.workshop, shows=PROPOSALS)
    decide(proposal, ProposalStatus.REJECTED)


def decide(proposal: Proposal, status: str) -> Any:
    """Claim a pending proposal for one decision: two facilitators cannot both decide it."""
    pending = Proposal.objects.filter(pk=proposal.pk, status=ProposalStatus.PENDING)
    if not pending.update(status=status, decided_at=timezone.now()):
        raise Refused("Someone already decided on this proposal.")
    proposal.status = status
    return Proposal.objects.filter(pk=proposal.pk)


@transaction.atomic
def close(workshop: Workshop) -> None:
    """Freeze the workshop and record what it produced on its row."""
    claim(workshop)
    outcome = measure_outcome(workshop)
    claim(
        workshop,
        status=WorkshopStatus.CLOSED,
        phase=WorkshopPhase.CLOSED,
        closed_at=timezone.now(),
        timer_ends_at=None,
        outcome=outcome,
    )
    data = {"workshop": workshop.pk, "title": workshop.title, "date": str(workshop.date)}
    webhooks.emit(workshop.workspace_id, WebhookEvent.WORKSHOP_CLOSED, data | {"outcome": outcome})


def measure_outcome(workshop: Workshop) -> dict[str, Any]:
    added = TouchPoint.objects.filter(workshop=workshop)
    rows, columns = scope_units(workshop)
    on_board = scope_touchpoints(workshop, rows, columns).exclude(workshop=workshop)
    changed = session_changes(workshop, on_board)
    ratings = EffectivenessRating.objects.filter(participant__workshop=workshop)
    proposals = workshop.proposals.all()
    running = Workshop.objects.values_list("outcome", flat=True).get(pk=workshop.pk)
    return {
        "added": added.count(),
        "changed": changed.values("touch_point").distinct().count(),
        "rated": ratings.values("touch_point").distinct().count(),
        "ratings": ratings.count(),
        "participants": workshop.participants.count(),
        "proposals": proposals.count(),
        "accepted": proposals.filter(status=ProposalStatus.ACCEPTED).count(),
        "merged": proposals.filter(status=ProposalStatus.MERGED).count(),
        "rejected": proposals.filter(status=ProposalStatus.REJECTED).count(),
        "adopted": len(running.get(ADOPTED_IDS, [])),
        SUMMARY: summarise(workshop, running.get(START_SCORE), changed),
    }
