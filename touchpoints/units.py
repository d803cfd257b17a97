"""Read models over the org chart: the unit tree with each unit's touch point counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from touchpoints.models import OrgUnit, Side, TouchPoint


@dataclass(frozen=True, slots=True)
class UnitRow:
    unit: OrgUnit
    touchpoints: int

    @property
    def is_disconnected(self) -> bool:
        """An active unit with no touch point with the other side: a gap to look at."""
        return self.unit.is_active and self.touchpoints == 0


def touchpoint_counts(workspace_id: int) -> Counter[int]:
    """Touch points per unit (as business unit or as IT team), in two grouped queries."""
    counts: Counter[int] = Counter()
    touchpoints = TouchPoint.objects.filter(workspace_id=workspace_id)
    for end in ("business_unit", "it_team"):
        for row in touchpoints.values(end).annotate(n=Count("id")).order_by():
            counts[row[end]] += row["n"]
    return counts


def unit_rows(workspace_id: int, *, side: str = "", search: str = "") -> list[UnitRow]:
    units = OrgUnit.objects.filter(workspace_id=workspace_id)
    if side in Side.values:
        units = units.filter(side=side)
    if search:
        units = units.filter(name__icontains=search)
    units = units.select_related("location").order_by("path")
    counts = touchpoint_counts(workspace_id)
    return [UnitRow(unit=unit, touchpoints=counts[unit.pk]) for unit in units]
