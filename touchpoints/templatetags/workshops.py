"""Template tags for workshop panels shown on other pages."""

from __future__ import annotations

from django import template
from django.utils import timezone

from convergence.models import Workspace
from touchpoints.models import Workshop, WorkshopStatus

register = template.Library()


@register.inclusion_tag("touchpoints/workshops/upcoming_panel.html")
def upcoming_workshops(workspace: Workspace, limit: int = 3) -> dict[str, object]:
    """The workspace's next workshops (live ones first), for the workspace home."""
    workshops = (
        Workshop.objects.filter(workspace=workspace, date__gte=timezone.localdate())
        .exclude(status=WorkshopStatus.CLOSED)
        .order_by("date", "pk")[:limit]
    )
    return {"workspace": workspace, "workshops": workshops}
