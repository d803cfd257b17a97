"""The floors benchmarks are read against, measured in the same run as the figure (Django set up).

- sql_aggregate_pass: one SQL statement aggregating a workspace's touch points per pair (count,
  rated count, effectiveness sum, levels, deepest channel), fetched into Python: the least a
  scoring of those touch points must read.
- copy_floor: PostgreSQL COPY of the rows an import wrote (its units, and its people if any)
  into a second workspace, rolled back: the least writing those rows costs, indexes included.
"""

from __future__ import annotations

import io
import time
import uuid
from collections.abc import Sequence

from django.db import connection, models, transaction

from convergence.models import Workspace
from touchpoints.models import Channel, OrgUnit, Person, TouchPoint

AGGREGATE_SQL = f"""
SELECT tp.business_unit_id, tp.it_team_id, count(*), count(tp.effectiveness),
       sum(tp.effectiveness), count(DISTINCT tp.level), max(ch.category), min(tp.frequency)
FROM {TouchPoint._meta.db_table} AS tp
LEFT JOIN {Channel._meta.db_table} AS ch ON ch.id = tp.channel_id
WHERE tp.workspace_id = %s
GROUP BY tp.business_unit_id, tp.it_team_id
"""


def sql_aggregate_pass(workspace_id: int) -> int:
    """Run the aggregate and fetch every row; return how many pairs it found."""
    with connection.cursor() as cursor:
        cursor.execute(AGGREGATE_SQL, [workspace_id])
        return len(cursor.fetchall())


# What an import writes, for its COPY floor: the column the workspace id lives in is swapped.
WRITTEN_BY_IMPORTS: Sequence[type[models.Model]] = (OrgUnit, Person)


def copy_floor(workspace_id: int) -> tuple[float, int]:
    """Seconds to COPY the rows ``workspace_id`` holds in WRITTEN_BY_IMPORTS into a new
    workspace (in one transaction, then rolled back), and how many rows that was. Rows are
    dumped before the clock starts; unique codes and e-mails stay unique in the new workspace.
    The copied units take ids of their own (the first ones' shifted past the table's largest),
    and their parents and the copied people's units follow: every reference points into the
    new workspace and is checked as an import's is (deferred checks at the end, inside the
    clock)."""
    with transaction.atomic():
        twin = Workspace.objects.create(slug=f"copy-floor-{uuid.uuid4().hex[:8]}", name="floor")
        shift = _unit_id_shift()
        dumps = [
            (model, *_dump(model, workspace_id, twin.pk, shift)) for model in WRITTEN_BY_IMPORTS
        ]
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for model, columns, text, count in dumps:
                if count:
                    _load(cursor, model, columns, text)
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed, sum(count for _, _, _, count in dumps)


def _unit_id_shift() -> int:
    """What added to a unit id gives an id no unit has."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {OrgUnit._meta.db_table}")
        return int(cursor.fetchone()[0])


def _columns(model: type[models.Model]) -> list[str]:
    """The columns a COPY fills: a unit's id too (the copies' references are worked out)."""
    return [
        str(field.column)
        for field in model._meta.concrete_fields
        if model is OrgUnit or not isinstance(field, models.AutoField | models.BigAutoField)
    ]


def _refers_to_a_unit(model: type[models.Model], column: str) -> bool:
    field = next(field for field in model._meta.concrete_fields if field.column == column)
    return (model is OrgUnit and field.primary_key) or field.related_model is OrgUnit


def _dump(
    model: type[models.Model], workspace_id: int, into_id: int, shift: int
) -> tuple[list[str], str, int]:
    """The model's rows of the workspace as COPY text, with ``into_id`` as their workspace and
    every unit id (the unit's own, its parent's, a person's unit) shifted by ``shift``."""
    columns = _columns(model)
    quote = connection.ops.quote_name

    def selected_as(column: str) -> str:
        if column == "workspace_id":
            return str(int(into_id))
        if _refers_to_a_unit(model, column):
            return f"{quote(column)} + {int(shift)}"
        return quote(column)

    selected = ", ".join(map(selected_as, columns))
    table = quote(model._meta.db_table)
    buffer = io.StringIO()
    with connection.cursor() as cursor:
        query = f"SELECT {selected} FROM {table} WHERE workspace_id = {int(workspace_id)}"
        cursor.cursor.copy_expert(f"COPY ({query}) TO STDOUT", buffer)
    text = buffer.getvalue()
    return columns, text, text.count("\n")


def _load(cursor: object, model: type[models.Model], columns: list[str], text: str) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(column) for column in columns)
    sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
    cursor.cursor.copy_expert(sql, io.StringIO(text))  # type: ignore[attr-defined]  # Django's cursor wrapper
