"""Finding people in a workspace's directory: by name or e-mail, by unit."""

from __future__ import annotations

from django.db.models import Q

from convergence.models import Workspace
from touchpoints.models import Person
from touchpoints.models.people import PersonQuerySet


def find_people(workspace: Workspace, text: str = "", unit: str = "") -> PersonQuerySet:
    """The workspace's people not erased, whose name or e-mail contains `text` and whose unit's
    name contains `unit` or whose code is `unit` (blank: anyone), unit and all."""
    people = Person.objects.present().filter(workspace=workspace).select_related("unit")
    if text := text.strip():
        people = people.filter(Q(name__icontains=text) | Q(email__icontains=text.casefold()))
    if unit := unit.strip():
        people = people.filter(Q(unit__name__icontains=unit) | Q(unit__code=unit))
    return people.order_by("name", "pk")
