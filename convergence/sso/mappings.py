"""The groups claim mapped to workspaces and roles, applied at each single sign-on.

A sign-in grants a membership of every workspace where one of the user's groups is mapped (the
highest role when several are), changes the role of a membership it granted when the mapping
changed, and removes a membership it granted once no group grants it. Memberships an admin added
or an invitation brought are never touched. The last admin of a workspace is never demoted or
removed by a sign-in (members.LastAdminError): that membership stays as it is.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction

from convergence import audit
from convergence.members import LastAdminError, change_role, remove_member
from convergence.models import GroupMapping, Membership, Role

RANK = {Role.VIEWER: 0, Role.MANAGER: 1, Role.FACILITATOR: 2, Role.ADMIN: 3}


def groups_of(claims: dict[str, Any]) -> set[str]:
    """The groups claim: a list of names (or one name), whitespace trimmed; case is kept."""
    value = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    names = [value] if isinstance(value, str) else value
    return {str(name).strip() for name in names if str(name).strip()}


def granted_roles(groups: set[str]) -> dict[int, str]:
    """Workspace id → the highest role the groups are mapped to there."""
    roles: dict[int, str] = {}
    for mapping in GroupMapping.objects.filter(group__in=groups):
        best = roles.get(mapping.workspace_id)
        if best is None or RANK[Role(mapping.role)] > RANK[Role(best)]:
            roles[mapping.workspace_id] = mapping.role
    return roles


@transaction.atomic
def apply_group_mappings(user: User, groups: set[str]) -> None:
    granted = granted_roles(groups)
    held = {
        m.workspace_id: m for m in Membership.objects.select_related("workspace").filter(user=user)
    }
    for workspace_id, role in granted.items():
        membership = held.get(workspace_id)
        if membership is None:
            grant(user, workspace_id, role, groups)
        elif membership.from_sso and membership.role != role:
            follow(membership, role)
    for workspace_id, membership in held.items():
        if membership.from_sso and workspace_id not in granted:
            withdraw(membership)


def grant(user: User, workspace_id: int, role: str, groups: set[str]) -> None:
    membership = Membership.objects.create(
        workspace_id=workspace_id, user=user, role=role, from_sso=True
    )
    audit.record(
        workspace=membership.workspace,
        actor=None,
        action="member.added",
        target=user.get_username(),
        after={"role": role, "by": "single sign-on", "groups": sorted(groups)},
    )


def follow(membership: Membership, role: str) -> None:
    """The role a changed mapping now grants (members.change_role writes the audit entry)."""
    with contextlib.suppress(LastAdminError):
        change_role(membership, role)


def withdraw(membership: Membership) -> None:
    """No group grants it any more (members.remove_member writes the audit entry)."""
    with contextlib.suppress(LastAdminError):
        remove_member(membership)
