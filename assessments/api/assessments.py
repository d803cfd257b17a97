"""/api/w/{slug}/assessments/: the dated snapshots, newest first, and their unit scores."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from assessments.api.schemas import AssessmentOut, UnitScoreOut
from assessments.models import Assessment, Band
from convergence.api.auth import Slug, member
from convergence.api.errors import READ_ERRORS
from convergence.api.filters import narrowed
from convergence.api.pagination import Pages
from convergence.models import Capability, Membership
from touchpoints.models import Side

router = Router()


def get_assessment(membership: Membership, pk: int) -> Assessment:
    return get_object_or_404(Assessment, pk=pk, workspace=membership.workspace)


class UnitScoreFilters(Schema):
    side: Side | None = None
    band: Band | None = None


@router.get("", response={200: list[AssessmentOut], **READ_ERRORS})
@paginate(Pages)
def list_assessments(request: HttpRequest, slug: Slug) -> object:
    membership = member(request, slug, Capability.REPORTS)
    return membership.workspace.assessments.order_by("-created_at", "-pk")


@router.get("{int:pk}/", response={200: AssessmentOut, **READ_ERRORS})
def get_one(request: HttpRequest, slug: Slug, pk: int) -> Assessment:
    return get_assessment(member(request, slug, Capability.REPORTS), pk)


@router.get("{int:pk}/units/", response={200: list[UnitScoreOut], **READ_ERRORS})
@paginate(Pages)
def unit_scores(
    request: HttpRequest, slug: Slug, pk: int, filters: Query[UnitScoreFilters]
) -> object:
    """The assessment's units, weakest first on each side (the report page's order)."""
    assessment = get_assessment(member(request, slug, Capability.REPORTS), pk)
    units = assessment.units.order_by("side", "score", "name", "pk")
    return narrowed(units, side=filters.side, band=filters.band)
