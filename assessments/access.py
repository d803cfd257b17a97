"""Access helpers for gap reports: the report, or 404 when it is not the member's workspace's."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from assessments.models import GapReport
from convergence.models import Membership


def get_report(membership: Membership, pk: int) -> GapReport:
    return get_object_or_404(
        GapReport.objects.select_related("assessment", "requested_by"),
        pk=pk,
        workspace=membership.workspace,
    )
