"""Access helpers for touch point objects: the object, or 404 when it is not the member's."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from convergence.models import Membership
from touchpoints.models import TouchPoint, Workshop


def get_touchpoint(membership: Membership, pk: int) -> TouchPoint:
    return get_object_or_404(
        TouchPoint.objects.with_related(), pk=pk, workspace=membership.workspace
    )


def get_workshop(membership: Membership, pk: int) -> Workshop:
    return get_object_or_404(
        Workshop.objects.select_related("facilitator"), pk=pk, workspace=membership.workspace
    )
