"""The workspace home's panel of the member's own open actions, due soon and overdue marked."""

from __future__ import annotations

import datetime

from django import template
from django.conf import settings
from django.utils import timezone

from assessments.models import Action, Target
from convergence.models import Membership

register = template.Library()
SHOWN = 8


@register.inclusion_tag("assessments/my_actions_panel.html")
def my_actions(membership: Membership) -> dict[str, object]:
    """Open actions the member owns, soonest first (one query)."""
    mine = (
        Action.objects.open()
        .filter(workspace_id=membership.workspace_id, owner_id=membership.user_id)
        .order_by("due", "pk")
    )
    actions = list(mine[: SHOWN + 1])
    return {
        "membership": membership,
        "workspace": membership.workspace,
        "actions": actions[:SHOWN],
        "more": len(actions) > SHOWN,
        "today": timezone.localdate(),
    }


@register.filter
def due_soon(action: Action, today: object) -> bool:
    """``{% if action|due_soon:today %}``: open and due within ACTION_DUE_SOON_DAYS."""
    return isinstance(today, datetime.date) and action.is_due_soon(
        today, settings.ACTION_DUE_SOON_DAYS
    )


@register.filter
def targets_of(targets: dict[int, list[Target]], unit_id: int) -> list[Target]:
    """``{% for target in row_targets|targets_of:row.id %}`` on the roll-up."""
    return targets.get(unit_id, [])


@register.filter
def distance_from(target: Target, score: float) -> float:
    return target.distance(score)


@register.filter
def reached_by(target: Target, row: object) -> bool:
    """Whether a roll-up row (score and band) reaches the target."""
    score, band = getattr(row, "score", None), getattr(row, "band", "")
    return score is not None and bool(band) and target.is_reached(score, band)
