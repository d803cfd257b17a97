"""Invitations: an admin invites an e-mail address with a role; the mail's link works once and
until it expires; the invitee sets a password, signs in, or signs in with single sign-on.

The link holds a random token; the database keeps only its SHA-256 digest, so a copy of the
database opens no invitation. Accepting claims the row with a conditional UPDATE: two clicks on
one link make one membership.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from convergence import audit
from convergence.invitations.mail import send_invitation
from convergence.models import Invitation, InvitationStatus, Membership, Workspace
from convergence.tokens import digest_of


class InvitationUnusable(Exception):
    """The link was used, revoked or has expired (the status says which)."""

    def __init__(self, status: InvitationStatus) -> None:
        super().__init__(status.label)
        self.status = status


def find(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("workspace").filter(token_digest=digest_of(token)).first()
    )


@transaction.atomic
def invite(workspace: Workspace, email: str, role: str, actor: User) -> Invitation:
    """Create the invitation and mail its link; a mail that cannot be sent undoes it all."""
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        workspace=workspace,
        email=email,
        role=role,
        token_digest=digest_of(token),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
    )
    audit.record(
        workspace=workspace,
        actor=actor,
        action="invitation.sent",
        target=email,
        after={"email": email, "role": role, "expires_at": invitation.expires_at.isoformat()},
    )
    send_invitation(invitation, token)
    return invitation


@transaction.atomic
def revoke(invitation: Invitation, actor: User) -> bool:
    """Revoke a pending invitation; False when it was already used, revoked or expired."""
    revoked = (
        Invitation.objects.pending().filter(pk=invitation.pk).update(revoked_at=timezone.now())
    )
    if revoked:
        audit.record(
            workspace=invitation.workspace,
            actor=actor,
            action="invitation.revoked",
            target=invitation.email,
            before={"email": invitation.email, "role": invitation.role},
        )
    return bool(revoked)


@transaction.atomic
def accept(invitation: Invitation, user: User) -> Membership:
    """The user joins with the invitation's role (a member already keeps their role, and a
    membership a group mapping granted becomes the invitation's)."""
    claimed = (
        Invitation.objects.pending()
        .filter(pk=invitation.pk)
        .update(accepted_at=timezone.now(), accepted_by=user)
    )
    if not claimed:
        invitation.refresh_from_db()
        raise InvitationUnusable(invitation.status)
    membership, created = Membership.objects.get_or_create(
        workspace=invitation.workspace, user=user, defaults={"role": invitation.role}
    )
    if membership.from_sso:  # the invitation holds it now: later sign-ins leave it alone
        membership.from_sso = False
        membership.save(update_fields=["from_sso"])
    audit.record(
        workspace=invitation.workspace,
        actor=user,
        action="invitation.accepted",
        target=invitation.email,
        after={"user": user.get_username(), "role": membership.role, "new_member": created},
    )
    return membership


@transaction.atomic
def accept_with_new_account(invitation: Invitation, user: User) -> Membership:
    """A new account (unsaved, its password set) gets the invitation's e-mail and joins."""
    user.email = invitation.email
    user.save()
    return accept(invitation, user)


def account_exists(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()
