"""/api/w/{slug}/workshops/: the workshops (read only), filtered as the list page is."""

from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from convergence.api.auth import Slug, member
from convergence.api.errors import READ_ERRORS
from convergence.api.filters import narrowed
from convergence.api.pagination import Pages
from convergence.models import Capability
from touchpoints.access import get_workshop
from touchpoints.api.schemas import WorkshopOut
from touchpoints.models import OrgUnit, Workshop, WorkshopStatus

router = Router()


class WorkshopFilters(Schema):
    status: WorkshopStatus | None = None
    q: str | None = None  # the title contains this


@router.get("", response={200: list[WorkshopOut], **READ_ERRORS})
@paginate(Pages)
def list_workshops(request: HttpRequest, slug: Slug, filters: Query[WorkshopFilters]) -> object:
    membership = member(request, slug, Capability.VIEW)
    workshops = narrowed(
        membership.workspace.workshops.order_by("-date", "-pk"),
        status=filters.status,
        title__icontains=filters.q,
    )
    only_ids = OrgUnit.objects.only("pk")
    return workshops.prefetch_related(
        Prefetch("business_units", queryset=only_ids), Prefetch("it_teams", queryset=only_ids)
    )


@router.get("{int:pk}/", response={200: WorkshopOut, **READ_ERRORS})
def get_one(request: HttpRequest, slug: Slug, pk: int) -> Workshop:
    return get_workshop(member(request, slug, Capability.VIEW), pk)
