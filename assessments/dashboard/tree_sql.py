"""The org chart's materialised path in SQL: a unit's ancestor at a given depth.

``OrgUnit.path`` is "/<root id>/<child id>/.../<own id>/", so the ancestor at depth ``d`` is the
``d + 2``-th field of the path split on "/" (the first field is empty). Grouping by that field
rolls every descendant up to its ancestor in one query.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.db.backends.signals import connection_created
from django.db.models import CharField, F, Func, IntegerField, Value
from django.db.models.functions import Cast, NullIf
from django.dispatch import receiver


class SplitPart(Func):
    """PostgreSQL's ``split_part(text, delimiter, n)``; SQLite gets the same as a function."""

    function = "split_part"
    output_field = CharField()


def ancestor_at(path_field: str, depth: int) -> SplitPart:
    """The id (as text) of the ancestor at ``depth`` of the unit whose path is ``path_field``;
    the empty string for a unit shallower than ``depth``."""
    return SplitPart(F(path_field), Value("/"), Value(depth + 2))


def ancestor_id_at(path_field: str, depth: int) -> Cast:
    """``ancestor_at`` as an integer (NULL for a unit shallower than ``depth``). Grouping and
    sorting tens of thousands of touch points by integers is much cheaper than by text, which
    PostgreSQL compares through the collation."""
    return Cast(NullIf(ancestor_at(path_field, depth), Value("")), IntegerField())


def split_part(text: str | None, delimiter: str, index: int) -> str | None:
    if text is None:
        return None
    parts = text.split(delimiter)
    return parts[index - 1] if 0 < index <= len(parts) else ""


@receiver(connection_created)
def add_split_part_to_sqlite(sender: object, connection: Any, **kwargs: object) -> None:
    """The embedded default runs on SQLite, which has no split_part of its own."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("split_part", 3, split_part, deterministic=True)


@contextmanager
def reporting_memory() -> Iterator[None]:
    """Give the dashboard's grouping queries room to hash in memory (PostgreSQL only).

    On 100,000 touch points the default 4 MB work_mem makes PostgreSQL sort on disk, doubling a
    panel's time; ``SET LOCAL`` lasts only for this transaction, so other requests keep theirs.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '64MB'")
        yield
