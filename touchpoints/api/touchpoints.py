"""/api/w/{slug}/touchpoints/: the list with the list page's filters, one, add, edit, delete.

Writes run TouchPointForm (the web form) and touchpoints.history (the same history and the same
version check as the edit page)."""

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from convergence.api.auth import Slug, member
from convergence.api.errors import READ_ERRORS, WRITE_ERRORS, StaleVersion
from convergence.api.forms import checked, form_values, posted
from convergence.api.pagination import Pages
from convergence.models import Capability
from touchpoints.access import get_touchpoint
from touchpoints.api.schemas import TouchPointIn, TouchPointOut, TouchPointPatch, choice
from touchpoints.forms.touchpoints import TouchPointFilterForm, TouchPointForm
from touchpoints.history import (
    TRACKED_FIELDS,
    StaleEdit,
    create_touchpoint,
    delete_touchpoint,
    snapshot,
    update_touchpoint,
)
from touchpoints.models import Frequency, Level, State, TouchPoint

router = Router()


class TouchPointFilters(Schema):
    """The touch point list page's filters; a unit (business_unit, it_team, under) stands for
    its whole subtree."""

    level: str | None = choice(Level, None)
    channel: int | None = None
    business_unit: int | None = None
    it_team: int | None = None
    under: int | None = None
    unit: str | None = None  # a unit name contains this, on either end
    state: str | None = choice(State, None)
    frequency: str | None = choice(Frequency, None)
    effectiveness: str | None = None  # 1..5, or "unrated"


@router.get("", response={200: list[TouchPointOut], **READ_ERRORS})
@paginate(Pages)
def list_touchpoints(request: HttpRequest, slug: Slug, filters: Query[TouchPointFilters]) -> object:
    membership = member(request, slug, Capability.VIEW)
    data = posted(filters.dict(exclude_none=True))
    form = TouchPointFilterForm(data, workspace=membership.workspace)
    checked(form)
    return form.filter(membership.workspace.touchpoints.order_by("-updated_at", "-pk"))


@router.get("{int:pk}/", response={200: TouchPointOut, **READ_ERRORS})
def get_one(request: HttpRequest, slug: Slug, pk: int) -> TouchPoint:
    return get_touchpoint(member(request, slug, Capability.VIEW), pk)


@router.post("", response={201: TouchPointOut, **WRITE_ERRORS})
def create(request: HttpRequest, slug: Slug, payload: TouchPointIn) -> Status[TouchPoint]:
    membership = member(request, slug, Capability.EDIT_TOUCHPOINTS)
    form = checked(TouchPointForm(posted(payload.dict()), workspace=membership.workspace))
    return Status(201, create_touchpoint(form.save(commit=False), membership.user))


@router.patch("{int:pk}/", response={200: TouchPointOut, **WRITE_ERRORS})
def edit(request: HttpRequest, slug: Slug, pk: int, payload: TouchPointPatch) -> TouchPoint:
    """Change the fields sent; `version` is the one read. A stale version answers 409."""
    membership = member(request, slug, Capability.EDIT_TOUCHPOINTS)
    touch_point = get_touchpoint(membership, pk)
    before = snapshot(touch_point)
    data = form_values(touch_point, TRACKED_FIELDS) | posted(payload.dict(exclude_unset=True))
    form = TouchPointForm(data, instance=touch_point, workspace=membership.workspace)
    checked(form)
    try:
        return update_touchpoint(form.save(commit=False), before, payload.version, membership.user)
    except StaleEdit:
        raise StaleVersion(current_version(pk)) from None


def current_version(pk: int) -> int:
    return TouchPoint.objects.filter(pk=pk).values_list("version", flat=True).get()


@router.delete("{int:pk}/", response={204: None, **WRITE_ERRORS})
def delete(request: HttpRequest, slug: Slug, pk: int) -> Status[None]:
    membership = member(request, slug, Capability.EDIT_TOUCHPOINTS)
    delete_touchpoint(get_touchpoint(membership, pk), membership.user)
    return Status(204, None)
