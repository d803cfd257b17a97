"""One unit added or edited (the API's OrgUnitForm): the tree's derived paths and sides follow,
and touch points whose ends change side are flagged, as when units are marked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from touchpoints.derived_tree import refresh_tree
from touchpoints.history import StaleEdit
from touchpoints.importing import flag_wrong_sides
from touchpoints.models import OrgUnit

if TYPE_CHECKING:
    from touchpoints.forms.units import OrgUnitForm


def save_unit(form: OrgUnitForm, expected_version: int | None = None) -> OrgUnit:
    """Save a new unit, or an edit made against `expected_version` (StaleEdit if the unit was
    written since: the database bumps the version on every write of an edited field)."""
    unit = form.instance
    with transaction.atomic():
        if unit.pk is not None:
            stored = OrgUnit.objects.select_for_update().filter(pk=unit.pk)
            if stored.values_list("version", flat=True).get() != expected_version:
                raise StaleEdit
        form.save()
        refresh_tree(unit.workspace_id)
        flag_wrong_sides(unit.workspace_id, f"changed side when {unit.name} was edited")
    unit.refresh_from_db()
    return unit
