"""Access helpers of the assessments app: a report, target, action or survey round of the
member's workspace, or 404."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from assessments.models import Action, GapReport, SurveyRound, Target
from convergence.models import Membership
from convergence.params import parse_id
from touchpoints.models import OrgUnit, Side


def get_report(membership: Membership, pk: int) -> GapReport:
    return get_object_or_404(
        GapReport.objects.select_related("assessment", "requested_by"),
        pk=pk,
        workspace=membership.workspace,
    )


def get_action(membership: Membership, pk: int) -> Action:
    return get_object_or_404(
        Action.objects.with_progress().select_related("owner", "target__unit", "unit"),
        pk=pk,
        workspace=membership.workspace,
    )


def get_target(membership: Membership, pk: int) -> Target:
    return get_object_or_404(
        Target.objects.select_related("unit"), pk=pk, workspace=membership.workspace
    )


def business_unit_or_none(membership: Membership, raw: str | None) -> OrgUnit | None:
    """A business unit of the workspace named by the query string; unknown ones are ignored."""
    pk = parse_id(raw)
    if pk is None:
        return None
    return OrgUnit.objects.filter(workspace=membership.workspace, side=Side.BUSINESS, pk=pk).first()


def get_round(membership: Membership, pk: int) -> SurveyRound:
    return get_object_or_404(
        SurveyRound.objects.select_related("instrument", "workspace"),
        pk=pk,
        workspace=membership.workspace,
    )


def get_unit(membership: Membership, pk: int) -> OrgUnit:
    return get_object_or_404(
        OrgUnit.objects.select_related("location", "workspace"),
        pk=pk,
        workspace=membership.workspace,
    )
