"""Django admin scoping: superusers see all; other staff only the workspaces they administer.

Scoped are the rows of a list, the choices of its filters, and the choices (and so the accepted
values) of every foreign key and many-to-many field of a form: a staff admin of one workspace
never reads another's names nor points a row at another's objects.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from convergence.models import Membership, Role, Workspace


def administered(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Workspace]:
    admins = Membership.objects.filter(user_id=user.pk or 0, role=Role.ADMIN)
    return Workspace.objects.filter(pk__in=admins.values("workspace_id"))


def workspace_path(model: type[models.Model]) -> str | None:
    """The lookup from `model` to its workspace ('' for Workspace itself), or None."""
    if model is Workspace:
        return ""
    names = {field.name for field in model._meta.get_fields()}
    if "workspace" in names:
        return "workspace"
    for field in model._meta.get_fields():
        target = field.related_model if field.many_to_one else None
        if isinstance(target, type) and "workspace" in {f.name for f in target._meta.get_fields()}:
            return f"{field.name}__workspace"
    return None


def scoped_choices(
    queryset: QuerySet[Any], user: AbstractBaseUser | AnonymousUser, any_user: bool = False
) -> QuerySet[Any]:
    """The related rows a staff member may choose: their workspaces', or fellow members."""
    model = queryset.model
    if model is get_user_model():
        if any_user:
            return queryset
        members = Membership.objects.filter(workspace__in=administered(user)).values("user_id")
        return queryset.filter(pk__in=members)
    path = workspace_path(model)
    if path is None:
        return queryset
    return queryset.filter(**{f"{path}__in" if path else "pk__in": administered(user)})


class WorkspaceScopedAdmin:
    """Mixin for ModelAdmins and inlines of models with a path to a workspace.

    `workspace_lookup` is that path ('' for Workspace itself); `any_user_fields` names the user
    fields that may point at any account (a new member is not a member yet).
    """

    workspace_lookup = "workspace"
    any_user_fields: tuple[str, ...] = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset: QuerySet[Any] = super().get_queryset(request)  # type: ignore[misc]  # a mixin: the ModelAdmin or inline it is mixed into has it
        if request.user.is_superuser:
            return queryset
        prefix = f"{self.workspace_lookup}__" if self.workspace_lookup else ""
        return queryset.filter(
            **{f"{prefix}memberships__user": request.user, f"{prefix}memberships__role": Role.ADMIN}
        )

    def get_list_filter(self, request: HttpRequest) -> list[Any]:
        """Relation filters offer only what the (scoped) list holds, not every workspace's."""
        filters = list(super().get_list_filter(request))  # type: ignore[misc]  # a mixin: the ModelAdmin or inline it is mixed into has it
        if request.user.is_superuser:
            return filters
        return [self._related_only(entry) for entry in filters]

    def _related_only(self, entry: Any) -> Any:
        if not isinstance(entry, str) or "__" in entry:
            return entry
        field = self.model._meta.get_field(entry)  # type: ignore[attr-defined]  # a mixin: the ModelAdmin it is mixed into has `model`
        return (entry, admin.RelatedOnlyFieldListFilter) if field.is_relation else entry

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]  # a mixin: the ModelAdmin or inline it is mixed into has it
        return self._scope(formfield, db_field, request)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)  # type: ignore[misc]  # a mixin: the ModelAdmin or inline it is mixed into has it
        return self._scope(formfield, db_field, request)

    def _scope(self, formfield: Any, db_field: Any, request: HttpRequest) -> Any:
        if formfield is not None and not request.user.is_superuser:
            any_user = db_field.name in self.any_user_fields
            formfield.queryset = scoped_choices(formfield.queryset, request.user, any_user)
        return formfield


def members_of_administered(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Any]:
    """The accounts a staff member may see: members of the workspaces they administer."""
    members = Membership.objects.filter(workspace__in=administered(user)).values("user_id")
    return get_user_model().objects.filter(pk__in=members)


def may_manage(staff: AbstractBaseUser | AnonymousUser, account: Any) -> bool:
    """Whether a non-superuser staff member may change (or delete, or reset) `account`.

    Only accounts that belong to nothing but workspaces `staff` administers, and that are not
    superusers nor other staff: otherwise resetting a shared member's password would hand
    over the other workspace, or another admin's account.
    """
    if account.is_superuser or (account.is_staff and account.pk != staff.pk):
        return False
    memberships = Membership.objects.filter(user_id=account.pk)
    if not memberships.exists():
        return False
    return not memberships.exclude(workspace__in=administered(staff)).exists()


class ReadOnlyAdmin(WorkspaceScopedAdmin):
    """Rows the app writes itself (snapshots, jobs, logs): looked at in the admin, never added
    or edited there."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LockedAdmin(ReadOnlyAdmin):
    """Read only, and never deleted one by one either: the audit log, the read model, and the
    rows whose own pages audit every change (SSO mappings, invitations)."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
