"""Accounts, groups and permissions in the Django admin, scoped like every other model.

A superuser sees and changes everything. Other staff see the members of the workspaces they
administer, change only accounts that belong to nothing else (convergence.admin_scoping.
may_manage), and never the superuser or staff flags, groups or permissions: no staff member
can make themselves, or anyone, more than they are. Groups are for superusers only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.db.models import QuerySet
from django.http import HttpRequest

from convergence.admin_scoping import may_manage, members_of_administered

PRIVILEGES = ("is_superuser", "is_staff", "groups", "user_permissions")

admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class ScopedUserAdmin(UserAdmin[User]):
    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(pk__in=members_of_administered(request.user).values("pk"))

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[User], search_term: str
    ) -> tuple[QuerySet[User], bool]:
        """The member picker also finds one account outside by its exact username (a new
        member is no member yet), never by browsing or a partial name."""
        found, distinct = super().get_search_results(request, queryset, search_term)
        adding_member = request.resolver_match and request.resolver_match.url_name == "autocomplete"
        if request.user.is_superuser or not adding_member or not search_term.strip():
            return found, distinct
        exact = User.objects.filter(username__iexact=search_term.strip(), is_superuser=False)
        return found | exact, True

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = tuple(super().get_readonly_fields(request, obj))
        return readonly if request.user.is_superuser else (*readonly, *PRIVILEGES)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if obj is None or request.user.is_superuser:
            return allowed
        return allowed and may_manage(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        if obj is None or request.user.is_superuser:
            return allowed
        return allowed and obj.pk != request.user.pk and may_manage(request.user, obj)


@admin.register(Group)
class SuperuserOnlyGroupAdmin(GroupAdmin):
    """A group's permissions are anyone's who joins it: only superusers manage them."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)
