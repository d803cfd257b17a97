"""Writing an import plan: one transaction, a handful of set-based statements.

QuerySet.bulk_update builds a CASE per field and takes seconds at 20,000 units; like
touchpoints.derived_tree.write_derived, changed units are written with one UPDATE joined to a
VALUES list per batch on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from django.db import connection
from django.db.models import F, OuterRef, Q, Subquery, Value
from django.db.models.functions import Concat, Left
from django.utils import timezone

from touchpoints.derived_tree import refresh_tree
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
    report(40, "Creating new units")
    ids = create_units(plan, location_ids)
    report(55, "Updating changed units")
    write_units(plan.targets, ids, location_ids, now)
    report(70, "Retiring units missing from the file")
    retired = [stored.id for stored in plan.retire]
    retire_units(retired, now)
    flag_touchpoints(retired, f"was retired by {label}")
    unflag_reactivated([ids[c.code] for c in plan.changes["reactivated"]])
    report(80, "Rebuilding the tree")
    refresh_tree(plan.workspace_id)
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


def create_units(plan: ImportPlan, location_ids: dict[str, int]) -> dict[str, int]:
    """Insert new units, parents before children, with their parent set; return every id.

    New units go in by generations (a parent may be new too), so each row is written once.
    """
    ids = {t.code: t.stored.id for t in plan.targets if t.stored is not None}
    for generation in generations([t for t in plan.targets if t.stored is None]):
        rows = [
            (
                plan.workspace_id,
                target.code,
                target.name,
                ids[target.parent_code] if target.parent_code else None,
                target.kind,
                location_ids.get(target.location) if target.location else None,
                target.side_mark,
                target.criticality,
                target.note,
            )
            for target in generation
        ]
        ids.update(insert_units(rows))
    return ids


def generations(new: list[Target]) -> list[list[Target]]:
    """New units grouped so that a unit's new parent is always in an earlier group."""
    generation_of: dict[str, int] = {}
    groups: list[list[Target]] = []
    for target in new:  # parents come first in a plan
        level = generation_of.get(target.parent_code, -1) + 1 if target.parent_code else 0
        generation_of[target.code] = level
        if level == len(groups):
            groups.append([])
        groups[level].append(target)
    return groups


INSERT_COLUMNS = (
    "workspace_id, code, name, parent_id, kind, location_id, side_mark, criticality, note, "
    "side, is_active, path, depth, created_at, updated_at"
)


def insert_units(rows: Sequence[tuple[object, ...]]) -> dict[str, int]:
    """Insert (workspace_id, code, name, parent_id, kind, location_id, side_mark, criticality,
    note) rows; return their ids by code. Path, depth and side are left to refresh_tree."""
    table = OrgUnit._meta.db_table
    if connection.vendor != "postgresql":
        units = [OrgUnit(**dict(zip(FIELDS, row, strict=True))) for row in rows]
        return {unit.code: unit.pk for unit in OrgUnit.objects.bulk_create(units)}
    from psycopg2.extras import execute_values

    with connection.cursor() as cursor:
        returned = execute_values(
            cursor.cursor,
            f"INSERT INTO {table} ({INSERT_COLUMNS}) VALUES %s RETURNING code, id",
            rows,
            template="(%s, %s, %s, %s, %s, %s, %s, %s, %s, 'business', true, '', 0, now(), now())",
            page_size=BATCH,
            fetch=True,
        )
    return dict(returned)


FIELDS = (
    "workspace_id",
    "code",
    "name",
    "parent_id",
    "kind",
    "location_id",
    "side_mark",
    "criticality",
    "note",
)


def write_units(
    targets: Sequence[Target], ids: dict[str, int], location_ids: dict[str, int], now: datetime
) -> None:
    """Store every field of the changed units that were already there."""
    rows = [
        (
            ids[t.code],
            t.name,
            ids[t.parent_code] if t.parent_code else None,
            t.kind,
            location_ids.get(t.location) if t.location else None,
            t.side_mark,
            t.criticality,
            t.note,
        )
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
                "criticality = v.criticality, note = v.note, is_active = true, "
                "retired_at = NULL, updated_at = now() FROM (VALUES %s) "
                "AS v(id, name, parent_id, kind, location_id, side_mark, criticality, note) "
                "WHERE u.id = v.id",
                rows,
                page_size=BATCH,
            )
        else:
            cursor.executemany(
                f"UPDATE {table} SET name = %s, parent_id = %s, kind = %s, location_id = %s, "
                "side_mark = %s, criticality = %s, note = %s, is_active = 1, retired_at = NULL, "
                "updated_at = %s WHERE id = %s",
                [(*row[1:], now, row[0]) for row in rows],
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
