"""Insert many plain rows fast: COPY on PostgreSQL, bulk_create elsewhere.

A full-granularity report stores tens of thousands of unit scores and gaps; building a model
instance per row and letting bulk_create render the INSERT costs seconds, COPY a fraction.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import Any

from django.db import connection, models

from convergence.copy_stream import CsvStream

BATCH = 5000
ANALYZE_AFTER = 1000


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    matched_on: Sequence[str] = (),
) -> None:
    """Insert `rows` (tuples of values for the columns of `fields`, attnames such as
    ``report_id``); JSON fields take plain dicts or lists. Give every column that has no database
    default: COPY leaves the others NULL, where bulk_create would apply the model's default.
    ``matched_on`` names the columns, beside the foreign keys, that other queries join the new
    rows on: their statistics are refreshed with the keys'. The rows are read as they are
    stored: a generator is never held whole."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return
    rows = chain([first], rows)
    if connection.vendor == "postgresql":
        copy_rows(model, fields, rows, matched_on)
    else:
        model._default_manager.bulk_create(
            (model(**dict(zip(fields, row, strict=True))) for row in rows), batch_size=BATCH
        )


def copy_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence[Any]],
    matched_on: Sequence[str] = (),
) -> None:
    quote = connection.ops.quote_name
    model_fields = [model_field(model, name) for name in fields]
    columns = [str(field.column) for field in model_fields]
    # A text column never takes NULL from an empty CSV value; a nullable key or number may.
    not_null = [
        quote(column)
        for field, column in zip(model_fields, columns, strict=True)
        if isinstance(field, models.CharField | models.TextField)
    ]
    json_at = [i for i, field in enumerate(model_fields) if isinstance(field, models.JSONField)]
    text = CsvStream(with_json(rows, json_at))
    options = "FORMAT csv"
    if not_null:
        options += f", FORCE_NOT_NULL ({', '.join(not_null)})"
    names = ", ".join(quote(column) for column in columns)
    sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN WITH ({options})"
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(sql, text)
        if text.count > ANALYZE_AFTER:
            # Without fresh statistics the planner takes the newest report for one row and
            # picks nested loops that cost seconds on the dashboard's drill-downs. Only the
            # key columns' statistics go stale that way (and ANALYZE also refreshes the row
            # count); the wide text and JSON columns made a whole-table ANALYZE cost ~0.5 s.
            keys = [*key_columns(model_fields), *matched_on] or columns
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)} ({', '.join(map(quote, keys))})")


def with_json(rows: Iterable[Sequence[Any]], json_at: Sequence[int]) -> Iterator[Sequence[Any]]:
    """The rows with their JSON fields' values as JSON text."""
    if not json_at:
        yield from rows
        return
    for row in rows:
        values = list(row)
        for i in json_at:
            values[i] = json.dumps(values[i])
        yield values


def key_columns(fields: Sequence[models.Field[Any, Any]]) -> list[str]:
    """The columns of the foreign keys among ``fields``: what a new batch's rows are found by."""
    return [str(field.column) for field in fields if isinstance(field, models.ForeignKey)]


def model_field(model: type[models.Model], attname: str) -> models.Field[Any, Any]:
    """The field behind an attname: ``report_id`` is the ``report`` foreign key."""
    field = model._meta.get_field(attname.removesuffix("_id"))
    assert isinstance(field, models.Field)
    return field
