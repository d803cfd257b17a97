"""Django admin scoping: superusers see all; other staff only the workspaces they administer."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest

from convergence.models import Role


class WorkspaceScopedAdmin:
    """Mixin for ModelAdmins of models with a path to a workspace (`workspace_lookup`)."""

    workspace_lookup = "workspace"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset: QuerySet[Any] = super().get_queryset(request)  # type: ignore[misc]
        if request.user.is_superuser:
            return queryset
        return queryset.filter(
            **{
                f"{self.workspace_lookup}__memberships__user": request.user,
                f"{self.workspace_lookup}__memberships__role": Role.ADMIN,
            }
        )
