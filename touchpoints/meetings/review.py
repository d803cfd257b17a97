"""Reviewing suggestions: accept (as is or edited), merge into a touch point, reject; lapses.

A rejection is remembered (re-imports update the evidence and keep the status). A touch point
confirmed from meetings and not seen in any meeting for LAPSE_AFTER is possibly lapsed: derived
where it is read, from its suggestions' last meeting, never stored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import (
    BooleanField,
    Case,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from touchpoints.history import create_touchpoint, snapshot, update_touchpoint
from touchpoints.meetings.evidence import evidence_text
from touchpoints.models import (
    InitiatedBy,
    State,
    Suggestion,
    SuggestionStatus,
    TouchPoint,
)
from touchpoints.models.meetings import CONFIRMED

LAPSE_AFTER = timedelta(days=90)


class NeedsEditing(Exception):
    """The suggestion cannot become a touch point as it is: the reviewer edits it first."""


class NeedsChannel(NeedsEditing):
    """The meetings pointed at no channel."""

    def __str__(self) -> str:
        return "The meetings point at no channel: choose one."


class UnitRetired(NeedsEditing):
    """A unit of the pair was retired by an org-chart import since the meetings."""

    def __str__(self) -> str:
        return "A unit of this pair has been retired since: choose the units it is now."


def evidence_of(suggestion: Suggestion) -> str:
    return evidence_text(
        meeting_count=suggestion.meeting_count,
        first_seen=timezone.localtime(suggestion.first_seen),
        frequency=suggestion.frequency,
        business=(suggestion.business_unit.name, suggestion.business_people),
        it=(suggestion.it_team.name, suggestion.it_people),
        titles=suggestion.example_titles,
        today=timezone.localdate(),
    )


def origin_of(suggestion: Suggestion) -> str:
    return f"From meetings (suggestion #{suggestion.pk}): {evidence_of(suggestion)}"


def proposed(suggestion: Suggestion) -> TouchPoint:
    """The touch point the suggestion proposes, unsaved (the edit form starts from it)."""
    return TouchPoint(
        workspace_id=suggestion.workspace_id,
        business_unit=suggestion.business_unit,
        it_team=suggestion.it_team,
        level=suggestion.level,
        channel=suggestion.channel,
        frequency=suggestion.frequency,
        initiated_by=InitiatedBy.BOTH,
        state=State.CURRENT,
        description=evidence_of(suggestion)[:1000],
    )


def decide(suggestion: Suggestion, status: str, user: Any, touch_point: TouchPoint | None) -> None:
    suggestion.status, suggestion.touch_point = status, touch_point
    suggestion.decided_by, suggestion.decided_at = user, timezone.now()
    suggestion.save(update_fields=["status", "touch_point", "decided_by", "decided_at"])


@transaction.atomic
def accept(suggestion: Suggestion, user: Any, touch_point: TouchPoint | None = None) -> TouchPoint:
    """Create the touch point (the proposed one, or `touch_point` as the reviewer edited it),
    its history saying it came from meetings. NeedsEditing when it cannot be taken as it is."""
    if touch_point is None and not (
        suggestion.business_unit.is_active and suggestion.it_team.is_active
    ):
        raise UnitRetired
    chosen = touch_point or proposed(suggestion)
    if chosen.state == State.CURRENT and chosen.channel_id is None:
        raise NeedsChannel
    created = create_touchpoint(chosen, user, origin=origin_of(suggestion))
    decide(suggestion, SuggestionStatus.ACCEPTED, user, created)
    return created


@transaction.atomic
def merge(suggestion: Suggestion, touch_point: TouchPoint, user: Any) -> TouchPoint:
    """Fold the suggestion into an existing touch point of its pair, taking its frequency."""
    before = snapshot(touch_point)
    touch_point.frequency = suggestion.frequency
    merged = update_touchpoint(
        touch_point, before, touch_point.version, user, origin=origin_of(suggestion)
    )
    decide(suggestion, SuggestionStatus.MERGED, user, merged)
    return merged


def reject(suggestion: Suggestion, user: Any) -> None:
    decide(suggestion, SuggestionStatus.REJECTED, user, None)


@dataclass(frozen=True, slots=True)
class BulkOutcome:
    accepted: int
    without_channel: int

    def message(self) -> str:
        left = self.without_channel
        verb = "is" if left == 1 else "are"
        note = (
            f" {left} without a channel (or with a retired unit) {verb} left to edit: "
            "Edit and accept each."
            if left
            else ""
        )
        return f"Accepted {self.accepted} suggestion{'s' if self.accepted != 1 else ''}.{note}"


def bulk_accept(suggestions: QuerySet[Suggestion], user: Any) -> BulkOutcome:
    """Accept every pending suggestion of the set that names a channel and whose units are
    active, each in its own transaction; the others are left pending and counted."""
    pending = suggestions.filter(status=SuggestionStatus.PENDING).select_related(
        "business_unit", "it_team", "channel"
    )
    ready = Q(channel__isnull=False, business_unit__is_active=True, it_team__is_active=True)
    accepted = 0
    for suggestion in pending.filter(ready):
        accept(suggestion, user)
        accepted += 1
    return BulkOutcome(accepted, pending.exclude(ready).count())


def merge_targets(suggestion: Suggestion) -> QuerySet[TouchPoint]:
    """The touch points of the suggestion's pair it may be merged into."""
    return TouchPoint.objects.filter(
        workspace_id=suggestion.workspace_id,
        business_unit_id=suggestion.business_unit_id,
        it_team_id=suggestion.it_team_id,
    ).select_related("channel")


def latest_meeting(touch_point: OuterRef) -> Subquery:
    """The latest meeting among the suggestions confirmed into `touch_point`."""
    confirmed = Suggestion.objects.filter(touch_point=touch_point, status__in=CONFIRMED)
    return Subquery(
        confirmed.values("touch_point").annotate(seen=Max("last_seen")).values("seen")[:1]
    )


def lapse_cutoff() -> datetime:
    return timezone.now() - LAPSE_AFTER


def with_meeting_lapse(touchpoints: QuerySet[TouchPoint]) -> QuerySet[TouchPoint]:
    """Annotate `meetings_last_seen` (None unless confirmed from meetings) and
    `possibly_lapsed` (confirmed from meetings, none for LAPSE_AFTER)."""
    return touchpoints.annotate(
        meetings_last_seen=latest_meeting(OuterRef("pk")),
        possibly_lapsed=Case(
            When(meetings_last_seen__lt=lapse_cutoff(), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    )


def lapse_of(touch_point: TouchPoint) -> datetime | None:
    """The touch point's last meeting when it is possibly lapsed (confirmed from meetings, none
    for LAPSE_AFTER); None otherwise."""
    seen = Suggestion.objects.filter(touch_point=touch_point, status__in=CONFIRMED).aggregate(
        seen=Max("last_seen")
    )["seen"]
    return seen if seen is not None and seen < lapse_cutoff() else None


def lapsed(suggestions: QuerySet[Suggestion]) -> QuerySet[Suggestion]:
    """Confirmed suggestions whose touch point no meeting has shown for LAPSE_AFTER."""
    confirmed = suggestions.filter(status__in=CONFIRMED, touch_point__isnull=False)
    return confirmed.annotate(touch_point_seen=latest_meeting(OuterRef("touch_point"))).filter(
        touch_point_seen__lt=lapse_cutoff()
    )


def queue(workspace_id: int, filters: dict[str, Any]) -> QuerySet[Suggestion]:
    """The review queue: the workspace's suggestions matching `filters` (SuggestionFilterForm's
    chosen values), by unit pair."""
    rows = Suggestion.objects.filter(workspace_id=workspace_id).select_related(
        "business_unit", "it_team", "channel", "touch_point"
    )
    status = filters.get("status")
    if status == "lapsed":
        rows = lapsed(rows)
    elif status:
        rows = rows.filter(status=status)
    for field in ("level", "business_unit", "it_team"):
        if filters.get(field):
            rows = rows.filter(**{field: filters[field]})
    if filters.get("min_meetings"):
        rows = rows.filter(meeting_count__gte=filters["min_meetings"])
    return rows.order_by("business_unit__name", "it_team__name", "level", "pk")


@dataclass(frozen=True, slots=True)
class QueueRow:
    """A suggestion as the queue shows it: its evidence, and the touch points to merge into."""

    suggestion: Suggestion
    evidence: str
    targets: list[TouchPoint]

    @property
    def pair(self) -> str:
        return f"{self.suggestion.business_unit.name} ↔ {self.suggestion.it_team.name}"


def queue_rows(workspace_id: int, suggestions: list[Suggestion]) -> list[QueueRow]:
    targets = merge_choices(workspace_id, suggestions)
    return [QueueRow(s, evidence_of(s), targets[s.pk]) for s in suggestions]


def merge_choices(workspace_id: int, suggestions: list[Suggestion]) -> dict[int, list[TouchPoint]]:
    """suggestion pk -> the touch points of its pair (one query for a page of suggestions)."""
    pairs = {(s.business_unit_id, s.it_team_id) for s in suggestions}
    found: dict[tuple[int, int], list[TouchPoint]] = {}
    if pairs:
        rows = TouchPoint.objects.filter(
            workspace_id=workspace_id,
            business_unit_id__in={b for b, _ in pairs},
            it_team_id__in={t for _, t in pairs},
        ).select_related("business_unit", "it_team")
        for row in rows.order_by("level", "pk"):
            found.setdefault((row.business_unit_id, row.it_team_id), []).append(row)
    return {s.pk: found.get((s.business_unit_id, s.it_team_id), []) for s in suggestions}


def lapsed_count(membership: Any) -> int:
    """How many touch points of the workspace confirmed from meetings are possibly lapsed."""
    rows = lapsed(Suggestion.objects.filter(workspace_id=membership.workspace_id))
    return rows.values("touch_point").distinct().count()
