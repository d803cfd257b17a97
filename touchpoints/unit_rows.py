"""Read models over the org chart: the unit tree with each unit's touch point counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count

from touchpoints.models import ImportJob, ImportStatus, OrgUnit, Side, TouchPoint
from touchpoints.unit_tree import Forest, Item, build_forest


@dataclass(frozen=True, slots=True)
class UnitRow:
    unit: OrgUnit
    touchpoints: int
    # Touch points of the unit and everything below it: a division is connected through its teams.
    subtree_touchpoints: int

    @property
    def is_disconnected(self) -> bool:
        """An active unit with nothing below it meeting the other side: a gap to look at."""
        return self.unit.is_active and self.subtree_touchpoints == 0


def touchpoint_counts(workspace_id: int) -> Counter[int]:
    """Touch points per unit (as business unit or as IT team), in two grouped queries."""
    counts: Counter[int] = Counter()
    touchpoints = TouchPoint.objects.filter(workspace_id=workspace_id)
    for end in ("business_unit", "it_team"):
        for row in touchpoints.values(end).annotate(n=Count("id")).order_by():
            counts[row[end]] += row["n"]
    return counts


def subtree_counts(paths: dict[int, str], own: Counter[int]) -> Counter[int]:
    """Add each unit's own count to itself and to every ancestor named in its path."""
    totals: Counter[int] = Counter()
    for unit_id, path in paths.items():
        if own[unit_id]:
            for ancestor in path.strip("/").split("/"):
                totals[int(ancestor)] += own[unit_id]
    return totals


UNITS_PER_PAGE = 200


def choice_depths(workspace_id: int, limit: int) -> dict[str, int]:
    """Per side, the deepest tree level whose units, with all those above, stay within `limit`:
    a drop-down of a 10,000-unit chart would be unusable, its top levels are not."""
    counts = (
        OrgUnit.objects.filter(workspace_id=workspace_id)
        .values_list("side", "depth")
        .annotate(n=Count("id"))
        .order_by("side", "depth")
    )
    depths: dict[str, int] = {}
    running: Counter[str] = Counter()
    for side, depth, n in counts:
        running[side] += n
        if running[side] <= limit or side not in depths:
            depths[side] = depth
    return depths


def unit_page(
    workspace_id: int, *, side: str = "", search: str = "", page: str | None = None
) -> Page[UnitRow]:
    """One page of the tree in path order (an org chart may hold tens of thousands of units)."""
    units = OrgUnit.objects.filter(workspace_id=workspace_id)
    if side in Side.values:
        units = units.filter(side=side)
    if search:
        units = units.filter(name__icontains=search)
    found = Paginator(units.select_related("location").order_by("path"), UNITS_PER_PAGE)
    current = found.get_page(page)
    own = touchpoint_counts(workspace_id)
    paths = dict(OrgUnit.objects.filter(workspace_id=workspace_id).values_list("id", "path"))
    totals = subtree_counts(paths, own)
    rows = [
        UnitRow(unit=unit, touchpoints=own[unit.pk], subtree_touchpoints=totals[unit.pk])
        for unit in current.object_list
    ]
    return Page(rows, current.number, found)  # type: ignore[arg-type]  # the page holds UnitRows built from the OrgUnit paginator's page


def unit_forest(workspace_id: int, search: str = "") -> Forest:
    """The active units as a tree to draw (one query), each with its side."""
    rows = (
        OrgUnit.objects.filter(workspace_id=workspace_id, is_active=True)
        .order_by("path")
        .values_list("pk", "parent_id", "name", "code", "side", "side_mark")
    )
    items = (
        Item(str(pk), str(parent) if parent else None, name, code, _side_note(side, mark), pk)
        for pk, parent, name, code, side, mark in rows.iterator(chunk_size=5000)
    )
    return build_forest(items, search)


def _side_note(side: str, side_mark: str) -> str:
    label = "IT" if side == Side.IT else "business"
    return f"{label} (marked)" if side_mark else label


def last_import_orphans(workspace_id: int) -> int | None:
    """Units the last applied import made roots because their parent was not in its file."""
    preview = (
        ImportJob.objects.filter(workspace_id=workspace_id, status=ImportStatus.APPLIED)
        .order_by("-finished_at", "-pk")
        .values_list("preview", flat=True)
        .first()
    )
    return preview.get("orphans") if isinstance(preview, dict) else None
