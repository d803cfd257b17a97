"""/api/w/{slug}/units/: the org chart's units, in tree order, filtered as the org chart page
is (side, name search) and by subtree, depth and whether they are active."""

from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from convergence.api.auth import Slug, member
from convergence.api.errors import READ_ERRORS
from convergence.api.filters import narrowed
from convergence.api.pagination import Pages
from convergence.models import Capability
from touchpoints.api.schemas import UnitOut
from touchpoints.models import OrgUnit, Side

router = Router()


class UnitFilters(Schema):
    side: Side | None = None
    q: str | None = None  # the name or the code contains this
    under: int | None = None  # this unit and everything below it
    depth: int | None = Field(None, ge=0)  # 0: the roots
    active: bool | None = None


@router.get("", response={200: list[UnitOut], **READ_ERRORS})
@paginate(Pages)
def list_units(request: HttpRequest, slug: Slug, filters: Query[UnitFilters]) -> object:
    membership = member(request, slug, Capability.VIEW)
    units = OrgUnit.objects.filter(workspace=membership.workspace).order_by("path", "pk")
    if filters.q:
        units = units.filter(Q(name__icontains=filters.q) | Q(code__icontains=filters.q))
    if filters.under is not None:
        top = get_object_or_404(OrgUnit, pk=filters.under, workspace=membership.workspace)
        units = units.filter(path__startswith=top.path)
    return narrowed(units, side=filters.side, depth=filters.depth, is_active=filters.active)


@router.get("{int:pk}/", response={200: UnitOut, **READ_ERRORS})
def get_one(request: HttpRequest, slug: Slug, pk: int) -> OrgUnit:
    membership = member(request, slug, Capability.VIEW)
    return get_object_or_404(OrgUnit, pk=pk, workspace=membership.workspace)
