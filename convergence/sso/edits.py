"""An admin's changes to the group mappings, each in the audit log ("sso_mapping.*")."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from convergence import audit
from convergence.models import GroupMapping, Workspace


@transaction.atomic
def create_mapping(workspace: Workspace, group: str, role: str, actor: User) -> GroupMapping:
    mapping = GroupMapping.objects.create(workspace=workspace, group=group, role=role)
    audit.record(
        workspace=workspace,
        actor=actor,
        action="sso_mapping.created",
        target=group,
        after={"group": group, "role": role},
    )
    return mapping


@transaction.atomic
def change_mapping(mapping: GroupMapping, role: str, actor: User) -> None:
    before = mapping.role
    if before == role:
        return
    mapping.role = role
    mapping.save(update_fields=["role"])
    audit.record(
        workspace=mapping.workspace,
        actor=actor,
        action="sso_mapping.changed",
        target=mapping.group,
        before={"role": before},
        after={"role": role},
    )


@transaction.atomic
def delete_mapping(mapping: GroupMapping, actor: User) -> None:
    audit.record(
        workspace=mapping.workspace,
        actor=actor,
        action="sso_mapping.deleted",
        target=mapping.group,
        before={"group": mapping.group, "role": mapping.role},
    )
    mapping.delete()
