"""Narrowing an API list by the filters its caller gave."""

from typing import Any

from django.db.models import Model, QuerySet


def narrowed[M: Model](queryset: QuerySet[M], **lookups: Any) -> QuerySet[M]:
    """The queryset filtered by each lookup whose value was given (None and "" mean any)."""
    return queryset.filter(
        **{lookup: value for lookup, value in lookups.items() if value not in (None, "")}
    )
