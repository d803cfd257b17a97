"""/api/w/{slug}/units/: the org chart's units, in tree order, filtered as the org chart page
is (side, name search) and by subtree, depth and whether they are active; admins add and edit
units one at a time (OrgUnitForm, audited as "unit.created" / "unit.changed")."""

from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from convergence.api.audited import record
from convergence.api.auth import Slug, member
from convergence.api.errors import READ_ERRORS, WRITE_ERRORS, StaleVersion
from convergence.api.filters import narrowed
from convergence.api.forms import checked, form_values, posted
from convergence.api.pagination import Pages
from convergence.models import Capability
from touchpoints.api.schemas import UnitIn, UnitOut, UnitPatch
from touchpoints.forms.units import OrgUnitForm
from touchpoints.history import StaleEdit
from touchpoints.models import OrgUnit, Side
from touchpoints.unit_edits import save_unit

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


FIELDS = ["code", "name", "parent", "kind", "location", "side_mark", "criticality", "note"]


@router.post("", response={201: UnitOut, **WRITE_ERRORS})
def create(request: HttpRequest, slug: Slug, payload: UnitIn) -> Status[OrgUnit]:
    """Add a unit (admins). Its side follows its mark, or the unit above it."""
    membership = member(request, slug, Capability.ADMINISTER)
    form = checked(OrgUnitForm(posted(payload.dict()), workspace=membership.workspace))
    with transaction.atomic():
        unit = save_unit(form)
        record(membership, "unit.created", unit_label(unit), after=form_values(unit, FIELDS))
    return Status(201, unit)


@router.patch("{int:pk}/", response={200: UnitOut, **WRITE_ERRORS})
def edit(request: HttpRequest, slug: Slug, pk: int, payload: UnitPatch) -> OrgUnit:
    """Change the fields sent (admins); `version` is the one read. A stale version (an edit,
    an import or a side mark since) answers 409; the units below follow a new parent or mark."""
    membership = member(request, slug, Capability.ADMINISTER)
    unit = get_object_or_404(OrgUnit, pk=pk, workspace=membership.workspace)
    before = form_values(unit, FIELDS)
    data = before | posted(payload.dict(exclude_unset=True, exclude={"version"}))
    form = checked(OrgUnitForm(data, instance=unit, workspace=membership.workspace))
    try:
        with transaction.atomic():
            saved = save_unit(form, payload.version)
            record(
                membership, "unit.changed", unit_label(saved), before, form_values(saved, FIELDS)
            )
    except StaleEdit:
        stored = OrgUnit.objects.filter(pk=pk).values_list("version", flat=True).get()
        raise StaleVersion(stored) from None
    return saved


def unit_label(unit: OrgUnit) -> str:
    return f"unit {unit.code} {unit.name}"
