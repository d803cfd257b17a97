"""Writing an import plan: one transaction, a handful of set-based statements.

Each unit is written once: new units' ids are reserved first, so the whole tree after the
import (path, depth and side of every unit) is derived before anything is written, and a new
unit goes in with its path and a changed one is updated with it. Only units the file does not
touch but whose place follows from one it moves (add-and-update mode, retired units under a
moved parent) get a second statement of their own.

QuerySet.bulk_update builds a CASE per field and takes seconds at 20,000 units; like
touchpoints.derived_tree.write_derived, changed units are written with one UPDATE joined to a
VALUES list per batch on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import connection
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat, Left
from django.utils import timezone

from convergence.copy_stream import CsvStream
from touchpoints.derived_tree import (
    DerivedNode,
    StoredNode,
    analyze_units,
    derive_after,
    read_nodes,
    tree_changed,
    write_derived,
)
from touchpoints.importing.plan import ImportPlan, Target
from touchpoints.models import Location, OrgUnit, TouchPoint

Progress = Callable[[int, str], None]
BATCH = 2000
# SQLite allows 32,766 parameters a statement; id lists are cut well below that.
ID_BATCH = 5000
RETIRED_FLAG_MARK = "was retired by import"
SIDE_FLAG_MARK = "changed side"
FLAG_WIDTH = TouchPoint._meta.get_field("flag").max_length or 200


class ImportRefused(Exception):
    """The file cannot be applied; the message says why, for a person to act on."""


def write_plan(
    plan: ImportPlan,
    label: str,
    progress: Progress | None = None,
    allowed_retire: int | None = None,
) -> None:
    """Apply `plan` to its workspace; the caller holds the transaction (all or nothing).

    Retirements past the guard (ImportPlan.needs_confirmation) need `allowed_retire`, the
    number the admin confirmed, to be at least the number the plan retires.
    """
    report = progress or (lambda percent, step: None)
    refusal = plan.refusal or plan.guard_refusal(allowed_retire)
    if refusal:
        raise ImportRefused(refusal)
    now = timezone.now()
    location_ids = ensure_locations(plan.workspace_id, plan.targets)
    report(40, "Deriving the tree")
    stored = read_nodes(plan.workspace_id)
    ids = reserve_ids(plan)
    tree = derive_after(stored, *tree_fields(plan, ids))
    report(50, "Writing new and changed units")
    insert_units(new_unit_rows(plan, ids, location_ids, tree))
    write_units(plan.targets, ids, location_ids, tree)
    write_derived(moved_along(stored, tree, plan, ids))
    report(70, "Retiring units missing from the file")
    retired = [stored.id for stored in plan.retire]
    retire_units(retired, now)
    flag_touchpoints(retired, f"was retired by {label}")
    unflag_reactivated([ids[c.code] for c in plan.changes["reactivated"]])
    tree_changed(plan.workspace_id)
    report(80, "Flagging touch points whose ends changed side")
    flag_wrong_sides(plan.workspace_id, f"changed side in {label}")


def ensure_locations(workspace_id: int, targets: Iterable[Target]) -> dict[str, int]:
    """Location ids by name; names the workspace does not know yet are created."""
    wanted = {target.location for target in targets if target.location}
    known = dict(
        Location.objects.filter(workspace_id=workspace_id).values_list("name", "id").order_by()
    )
    missing = [Location(workspace_id=workspace_id, name=name) for name in wanted - known.keys()]
    for location in Location.objects.bulk_create(missing, batch_size=BATCH):
        known[location.name] = location.pk
    return known


def reserve_ids(plan: ImportPlan) -> dict[str, int]:
    """Every target's id by code: the stored one, or one taken now for a new unit."""
    ids = {t.code: t.stored.id for t in plan.targets if t.stored is not None}
    new = [t.code for t in plan.targets if t.stored is None]
    if not new:
        return ids
    table = OrgUnit._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, len(new)],
            )
            taken = [row[0] for row in cursor.fetchall()]
        else:
            # SQLite (the demo): one writer at a time, and this transaction is writing.
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")
            first = cursor.fetchone()[0] + 1
            taken = list(range(first, first + len(new)))
    return ids | dict(zip(new, taken, strict=True))


def tree_fields(
    plan: ImportPlan, ids: dict[str, int]
) -> tuple[dict[int, int | None], dict[int, str]]:
    """The parent and side mark of every target by id, as the import writes them."""
    parents = {ids[t.code]: ids[t.parent_code] if t.parent_code else None for t in plan.targets}
    marks = {ids[t.code]: t.side_mark for t in plan.targets}
    return parents, marks


def unit_fields(
    target: Target, ids: dict[str, int], location_ids: dict[str, int], tree: dict[int, DerivedNode]
) -> tuple[Any, ...]:
    """(name, parent_id, kind, location_id, side_mark, criticality, note, path, depth, side)."""
    return (
        target.name,
        ids[target.parent_code] if target.parent_code else None,
        target.kind,
        location_ids.get(target.location) if target.location else None,
        target.side_mark,
        target.criticality,
        target.note,
        *tree[ids[target.code]].astuple(),
    )


def new_unit_rows(
    plan: ImportPlan,
    ids: dict[str, int],
    location_ids: dict[str, int],
    tree: dict[int, DerivedNode],
) -> list[tuple[Any, ...]]:
    return [
        (ids[t.code], plan.workspace_id, t.code, *unit_fields(t, ids, location_ids, tree))
        for t in plan.targets
        if t.stored is None
    ]


def moved_along(
    stored: dict[int, StoredNode],
    tree: dict[int, DerivedNode],
    plan: ImportPlan,
    ids: dict[str, int],
) -> list[tuple[str, int, str, int]]:
    """(path, depth, side, id) of stored units the import does not write but whose place in
    the tree changes with it (children of a moved unit the file leaves out)."""
    written = {ids[t.code] for t in plan.targets if t.stored is None or t.is_changed}
    return [
        (*node.astuple(), unit_id)
        for unit_id, node in tree.items()
        if unit_id in stored and unit_id not in written and stored[unit_id].derived != node
    ]


INSERT_COLUMNS = (
    "id, workspace_id, code, name, parent_id, kind, location_id, side_mark, criticality, note, "
    "path, depth, side, is_active, created_at, updated_at"
)


def insert_units(rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert (id, workspace_id, code, name, parent_id, kind, location_id, side_mark,
    criticality, note, path, depth, side) rows: parents may come after their children, the
    foreign key is checked at commit."""
    table = OrgUnit._meta.db_table
    now = timezone.now()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY, its CSV written as the database reads it: an INSERT of 2,500 units bound
            # client-side by execute_values took 90 ms, most of it building the statement.
            stamp = now.isoformat()
            cursor.cursor.copy_expert(
                f"COPY {table} ({INSERT_COLUMNS}) FROM STDIN WITH (FORMAT csv)",
                CsvStream(((*row, "t", stamp, stamp) for row in rows), null_unquoted=True),
            )
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({INSERT_COLUMNS}) VALUES "
                "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 1, %s, %s)",
                [(*row, now, now) for row in rows],
            )
    analyze_units(len(rows))


def write_units(
    targets: Sequence[Target],
    ids: dict[str, int],
    location_ids: dict[str, int],
    tree: dict[int, DerivedNode],
) -> None:
    """Store every field of the changed units that were already there, path and depth too."""
    rows = [
        (ids[t.code], *unit_fields(t, ids, location_ids, tree))
        for t in targets
        if t.stored is not None and t.is_changed
    ]
    table = OrgUnit._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_values

            execute_values(
                cursor.cursor,
                f"UPDATE {table} AS u SET name = v.name, parent_id = v.parent_id::bigint, "
                "kind = v.kind, location_id = v.location_id::bigint, side_mark = v.side_mark, "
                "criticality = v.criticality, note = v.note, path = v.path, depth = v.depth, "
                "side = v.side, is_active = true, retired_at = NULL, updated_at = now() "
                "FROM (VALUES %s) AS v(id, name, parent_id, kind, location_id, side_mark, "
                "criticality, note, path, depth, side) WHERE u.id = v.id",
                rows,
                page_size=BATCH,
            )
        else:
            cursor.executemany(
                f"UPDATE {table} SET name = %s, parent_id = %s, kind = %s, location_id = %s, "
                "side_mark = %s, criticality = %s, note = %s, path = %s, depth = %s, "
                "side = %s, is_active = 1, retired_at = NULL, updated_at = %s WHERE id = %s",
                [(*row[1:], timezone.now(), row[0]) for row in rows],
            )


def retire_units(unit_ids: list[int], now: datetime) -> None:
    for batch in batched(unit_ids):
        OrgUnit.objects.filter(pk__in=batch).update(is_active=False, retired_at=now, updated_at=now)


def flag_touchpoints(unit_ids: list[int], why: str) -> None:
    """Flag the touch points of these units: "Unit X <why>"; the edit form sees the new version."""
    for end in ("business_unit", "it_team"):
        for batch in batched(unit_ids):
            TouchPoint.objects.filter(**{f"{end}_id__in": batch}).update(
                flag=unit_flag(end, why), version=F("version") + 1
            )


def unflag_reactivated(unit_ids: list[int]) -> None:
    """A unit back in the file takes its touch points back: the retirement flag goes, unless
    the other end is still retired (the flag is then about that end)."""
    for batch in batched(unit_ids):
        TouchPoint.objects.filter(
            Q(business_unit_id__in=batch) | Q(it_team_id__in=batch),
            flag__contains=RETIRED_FLAG_MARK,
            business_unit__is_active=True,
            it_team__is_active=True,
        ).update(flag="", version=F("version") + 1)


def flag_wrong_sides(workspace_id: int, why: str) -> None:
    """Flag touch points whose ends are no longer business and IT: "Unit X <why>".

    The database checks the ends' sides when a touch point is written, not when a unit's side
    changes, so whoever changes sides calls this. Touch points already flagged for it are left.
    """
    touchpoints = TouchPoint.objects.filter(workspace_id=workspace_id).exclude(
        flag__contains=SIDE_FLAG_MARK
    )
    for end, side in (("business_unit", "business"), ("it_team", "it")):
        wrong = touchpoints.exclude(**{f"{end}__side": side}).values("pk")
        TouchPoint.objects.filter(pk__in=wrong).update(
            flag=unit_flag(end, why), version=F("version") + 1
        )


def unit_flag(end: str, why: str) -> Left:
    """A touch point's flag naming its `end` unit: "Unit X <why>", cut to the flag's width."""
    name = Subquery(OrgUnit.objects.filter(pk=OuterRef(f"{end}_id")).values("name")[:1])
    return Left(Concat(Value("Unit "), name, Value(f" {why}")), FLAG_WIDTH)


def batched(ids: list[int]) -> Iterable[list[int]]:
    for start in range(0, len(ids), ID_BATCH):
        yield ids[start : start + ID_BATCH]
