"""Saving actions of the plan with a record of who changed what, and the desired touch points
they create. Edits are optimistic, as for touch points: one made against an older version is
refused (StaleEdit), not merged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F

from assessments.models import Action, ActionChange, ActionStatus
from convergence import webhooks
from convergence.models import WebhookEvent
from touchpoints.history import StaleEdit, create_touchpoint, display_value
from touchpoints.models import Channel, OrgUnit, State, TouchPoint

# The fields people edit on an action (ActionForm shows exactly these).
TRACKED_FIELDS = ["title", "description", "owner", "due", "status", "target", "unit"]

__all__ = [
    "TRACKED_FIELDS",
    "DesiredTouchPoint",
    "StaleEdit",
    "add_touch_point",
    "create_action",
    "delete_action",
    "snapshot",
    "update_action",
]


@dataclass(frozen=True)
class DesiredTouchPoint:
    """A touch point the action will create: its pair and level, optionally channel and
    frequency (the projection assumes the level's defaults without them)."""

    business_unit: OrgUnit
    it_team: OrgUnit
    level: str
    channel: Channel | None = None
    frequency: str = ""


def snapshot(action: Action) -> dict[str, str]:
    return {field: display_value(action, field) for field in TRACKED_FIELDS}


def record(action: Action, kind: str, changes: dict[str, list[str]], user: Any) -> None:
    ActionChange.objects.create(
        workspace_id=action.workspace_id,
        action=action,
        action_label=str(action)[:200],
        kind=kind,
        changes=changes,
        changed_by=user,
    )


@transaction.atomic
def create_action(action: Action, desired: list[DesiredTouchPoint], user: Any) -> Action:
    action.created_by = action.updated_by = user
    action.save()
    added = {field: ["—", value] for field, value in snapshot(action).items()}
    labels = [str(link_touch_point(action, wanted, user)) for wanted in desired]
    if labels:
        added["touch points"] = ["—", "; ".join(labels)]
    record(action, ActionChange.Kind.CREATED, added, user)
    return action


def link_touch_point(action: Action, wanted: DesiredTouchPoint, user: Any) -> TouchPoint:
    """Link the pair's desired touch point at that level if there is one, so two actions on one
    gap share it; else create it. One whose pair is already current at that level is still
    recorded: it keeps the pair expected, and the projection counts it as realised."""
    existing = TouchPoint.objects.filter(
        workspace_id=action.workspace_id,
        business_unit=wanted.business_unit,
        it_team=wanted.it_team,
        level=wanted.level,
        state=State.DESIRED,
    ).first()
    touch_point = existing or create_touchpoint(
        TouchPoint(
            workspace_id=action.workspace_id,
            business_unit=wanted.business_unit,
            it_team=wanted.it_team,
            level=wanted.level,
            channel=wanted.channel,
            frequency=wanted.frequency,
            state=State.DESIRED,
            description=f"Planned by the action “{action.title}”"[:1000],
        ),
        user,
    )
    action.touch_points.add(touch_point)
    return touch_point


@transaction.atomic
def add_touch_point(
    action: Action, wanted: DesiredTouchPoint, expected_version: int, user: Any
) -> TouchPoint:
    """Add one desired touch point to an existing action, as an edit of the action."""
    claim(action, expected_version, user)
    touch_point = link_touch_point(action, wanted, user)
    record(action, ActionChange.Kind.UPDATED, {"touch points": ["—", str(touch_point)]}, user)
    return touch_point


def claim(action: Action, expected_version: int, user: Any) -> None:
    """The conditional UPDATE is the lock: of two concurrent edits only one matches."""
    claimed = Action.objects.filter(pk=action.pk, version=expected_version).update(
        version=F("version") + 1
    )
    if not claimed:
        raise StaleEdit
    action.version = expected_version + 1
    action.updated_by = user


@transaction.atomic
def update_action(
    action: Action, before: dict[str, str], expected_version: int, user: Any
) -> Action:
    """Save an edit made against `expected_version`; raise StaleEdit if someone got there first."""
    claim(action, expected_version, user)
    action.save()
    changes = {
        field: [before[field], now]
        for field, now in snapshot(action).items()
        if before.get(field) != now
    }
    if changes:
        record(action, ActionChange.Kind.UPDATED, changes, user)
    if "status" in changes and action.status == ActionStatus.DONE:
        webhooks.emit(action.workspace_id, WebhookEvent.ACTION_DONE, done_payload(action, user))
    return action


def done_payload(action: Action, user: Any) -> dict[str, object]:
    return {
        "action": action.pk,
        "title": action.title,
        "gap_rule": action.gap_rule,
        "marked_by": user.get_username() if user is not None else None,
    }


@transaction.atomic
def delete_action(action: Action, user: Any) -> None:
    """Delete the action; its desired touch points stay on the map (they are expectations)."""
    if not Action.objects.select_for_update().filter(pk=action.pk).exists():
        return
    removed = {field: [value, "—"] for field, value in snapshot(action).items()}
    record(action, ActionChange.Kind.DELETED, removed, user)
    action.delete()
