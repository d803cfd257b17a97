"""Managing who belongs to a workspace, without ever leaving it without an admin."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db import transaction

from convergence import audit
from convergence.models import Membership, Role, Workspace

if TYPE_CHECKING:
    from django.contrib.auth.models import User

    Actor = User | None


class LastAdminError(Exception):
    """The change would leave the workspace with nobody able to administer it."""


def is_last_admin(membership: Membership) -> bool:
    if membership.role != Role.ADMIN:
        return False
    admins = Membership.objects.filter(workspace_id=membership.workspace_id, role=Role.ADMIN)
    return not admins.exclude(pk=membership.pk).exists()


@transaction.atomic
def add_member(
    workspace: Workspace, username: str, role: str, password: str = "", *, actor: Actor = None
) -> Membership:
    """Add an existing user, or create the account when a password is given for a new name.

    Adding someone who already belongs changes their role, under the same last-admin rule."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model.objects.create_user(username=username, password=password)
    membership, created = Membership.objects.get_or_create(
        workspace=workspace, user=user, defaults={"role": role}
    )
    if not created:
        change_role(membership, role, actor=actor)
    else:
        audit.record(
            workspace=workspace,
            actor=actor,
            action="member.added",
            target=username,
            after={"role": role},
        )
    return membership


def lock_members(workspace_id: int) -> None:
    """Lock a workspace's memberships, so two admins demoting each other cannot both succeed."""
    list(Membership.objects.select_for_update().filter(workspace_id=workspace_id))


@transaction.atomic
def change_role(membership: Membership, role: str, *, actor: Actor = None) -> None:
    lock_members(membership.workspace_id)
    if role != Role.ADMIN and is_last_admin(membership):
        raise LastAdminError
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    if before != role:
        audit.record(
            workspace=membership.workspace,
            actor=actor,
            action="member.role_changed",
            target=membership.user.get_username(),
            before={"role": before},
            after={"role": role},
        )


@transaction.atomic
def remove_member(membership: Membership, *, actor: Actor = None) -> None:
    lock_members(membership.workspace_id)
    if is_last_admin(membership):
        raise LastAdminError
    membership.delete()
    audit.record(
        workspace=membership.workspace,
        actor=actor,
        action="member.removed",
        target=membership.user.get_username(),
        before={"role": membership.role},
    )


def user_exists(username: str) -> bool:
    return get_user_model().objects.filter(username=username).exists()
