"""Derived tree state of a workspace's org chart: paths, depths and effective sides.

Units store only their parent and an optional side mark; everything else is derived here in
one pass over the workspace, so an import of thousands of units costs one read and one bulk
update instead of a query per node. An import derives the tree it is about to write before
writing it (derive_after), so each unit is written once, path and depth included.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction

from touchpoints.models import OrgUnit, Side
from touchpoints.workshops.locking import refresh_open_boards

ANALYZE_AFTER = 1000


class TreeCycleError(ValueError):
    """Raised when parents form a loop, which a tree cannot hold."""


@dataclass(frozen=True, slots=True)
class DerivedNode:
    path: str
    depth: int
    side: str

    def astuple(self) -> tuple[str, int, str]:
        return (self.path, self.depth, self.side)


def derive_nodes(parents: dict[int, int | None], marks: dict[int, str]) -> dict[int, DerivedNode]:
    """Walk the forest from its roots; a unit inherits the side of its nearest marked ancestor."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for unit_id, parent_id in parents.items():
        # A parent outside the workspace's set is treated as absent: the unit is a root.
        children[parent_id if parent_id in parents else None].append(unit_id)
    derived: dict[int, DerivedNode] = {}
    stack = [(root, "/", 0, Side.BUSINESS.value) for root in children[None]]
    while stack:
        unit_id, parent_path, depth, inherited_side = stack.pop()
        side = marks.get(unit_id) or inherited_side
        path = f"{parent_path}{unit_id}/"
        derived[unit_id] = DerivedNode(path=path, depth=depth, side=side)
        stack.extend((child, path, depth + 1, side) for child in children[unit_id])
    if len(derived) != len(parents):
        looped = sorted(set(parents) - set(derived))
        raise TreeCycleError(f"Units {looped[:10]} form a cycle of parents")
    return derived


@dataclass(frozen=True, slots=True)
class StoredNode:
    """A unit's tree fields as the database holds them."""

    parent_id: int | None
    side_mark: str
    derived: DerivedNode


def read_nodes(workspace_id: int) -> dict[int, StoredNode]:
    rows = OrgUnit.objects.filter(workspace_id=workspace_id).values_list(
        "id", "parent_id", "side_mark", "path", "depth", "side"
    )
    return {
        unit_id: StoredNode(parent_id, side_mark, DerivedNode(path, depth, side))
        for unit_id, parent_id, side_mark, path, depth, side in rows.order_by()
    }


def derive_after(
    stored: dict[int, StoredNode], parents: dict[int, int | None], marks: dict[int, str]
) -> dict[int, DerivedNode]:
    """The tree once ``parents`` and ``marks`` (by unit id, new units included) are written over
    the ``stored`` units: every unit's path, depth and side."""
    all_parents = {unit_id: node.parent_id for unit_id, node in stored.items()} | parents
    all_marks = {unit_id: node.side_mark for unit_id, node in stored.items()} | marks
    return derive_nodes(all_parents, {unit_id: mark for unit_id, mark in all_marks.items() if mark})


def tree_changed(workspace_id: int) -> None:
    """Every caller has just changed units (sides, parents, names, retirements): boards whose
    rows, columns or roll-up follow the tree must redraw rather than answer 304. After the
    commit: an import holds its transaction a while, and the bump's row locks would stall
    every open workshop's votes and controls until it ends."""
    transaction.on_commit(lambda: refresh_open_boards(workspace_id))


# What queries find and join units on; the names, codes and notes are left out: their wide
# text made an ANALYZE of 22,000 units 180-250 ms, against 45-85 ms for these.
ANALYZED_COLUMNS = (
    "id", "workspace_id", "parent_id", "side", "depth", "is_active", "location_id", "path",
)  # fmt: skip


def analyze_units(rows: int) -> None:
    """Fresh statistics after a large write: without them the touch point trigger's plan scans
    the table."""
    if connection.vendor == "postgresql" and rows > ANALYZE_AFTER:
        with connection.cursor() as cursor:
            columns = ", ".join(ANALYZED_COLUMNS)
            cursor.execute(f"ANALYZE {OrgUnit._meta.db_table} ({columns})")


def refresh_tree(workspace_id: int) -> int:
    """Recompute path, depth and side for every unit of a workspace; return how many changed."""
    units = list(
        OrgUnit.objects.filter(workspace_id=workspace_id).only(
            "id", "parent_id", "side_mark", "side", "path", "depth"
        )
    )
    derived = derive_nodes(
        {unit.pk: unit.parent_id for unit in units},
        {unit.pk: unit.side_mark for unit in units if unit.side_mark},
    )
    changed = [
        (node.path, node.depth, node.side, unit.pk)
        for unit in units
        if (unit.path, unit.depth, unit.side) != (node := derived[unit.pk]).astuple()
    ]
    write_derived(changed)
    tree_changed(workspace_id)
    return len(changed)


def write_derived(rows: list[tuple[str, int, str, int]]) -> None:
    """Store (path, depth, side, id) rows in one statement per batch.

    QuerySet.bulk_update builds a CASE per field and spends seconds in Python at 10,000 units;
    an UPDATE joined to a VALUES list does the same in a fraction of that.
    """
    table = OrgUnit._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_values

            execute_values(
                cursor.cursor,
                f"UPDATE {table} AS u SET path = v.path, depth = v.depth, side = v.side "
                "FROM (VALUES %s) AS v(path, depth, side, id) WHERE u.id = v.id",
                rows,
                page_size=2000,
            )
        else:
            cursor.executemany(
                f"UPDATE {table} SET path = %s, depth = %s, side = %s WHERE id = %s", rows
            )
    analyze_units(len(rows))
