"""Personal API tokens: issued once in clear, stored as a digest, revoked for good.

A token reads `cvg_<prefix>_<secret>`; the prefix is shown in lists, the whole token only once.
Its owner's role is read at each request (caller_for), never copied onto the token.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from convergence import audit
from convergence.models import ApiToken, Membership

PREFIX_CHARS = 8
# last_used_at is written at most this often, so a busy client costs no write per request.
LAST_USED_PRECISION = timedelta(minutes=1)


def digest_of(token: str) -> str:
    """The stored form: a token has 256 random bits, so a fast hash is as safe as a slow one."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Issued:
    token: ApiToken
    secret: str  # the token in clear: shown once, never stored


@transaction.atomic
def issue_token(membership: Membership, name: str, expires_at: datetime | None = None) -> Issued:
    """A new token of the member for their workspace, audited as "api_token.created"."""
    prefix = secrets.token_hex(PREFIX_CHARS // 2)
    secret = f"cvg_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        workspace_id=membership.workspace_id,
        user_id=membership.user_id,
        name=name,
        prefix=prefix,
        digest=digest_of(secret),
        expires_at=expires_at,
    )
    audit.record(
        workspace=membership.workspace,
        actor=membership.user,
        action="api_token.created",
        target=str(token),
        after=token_fields(token),
    )
    return Issued(token, secret)


@transaction.atomic
def revoke_token(token: ApiToken, actor: User) -> bool:
    """Revoke a live token (False if it already was), audited as "api_token.revoked"."""
    now = timezone.now()
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now)
    if not revoked:
        return False
    token.revoked_at = now
    audit.record(
        workspace=token.workspace,
        actor=actor,
        action="api_token.revoked",
        target=str(token),
        before=token_fields(token),
    )
    return True


def token_fields(token: ApiToken) -> dict[str, object]:
    """What the audit log keeps of a token: its name, prefix, owner and expiry, never the secret."""
    return {
        "name": token.name,
        "prefix": token.prefix,
        "owner": token.user.get_username(),
        "expires_at": token.expires_at.isoformat() if token.expires_at else None,
    }


@dataclass(frozen=True, slots=True)
class Caller:
    """Who an API request is from: the token and its owner's membership as it stands now."""

    token: ApiToken
    membership: Membership

    def __str__(self) -> str:
        # The rate limit keys its counters by this (ninja hashes it): one budget per token.
        return f"api-token-{self.token.pk}"


def caller_for(secret: str) -> Caller | None:
    """The caller a bearer token stands for, or None: unknown, revoked, expired, or its owner
    no longer a member. One query (the role joined in); last_used_at is refreshed once a minute
    at most."""
    members = Membership.objects.filter(
        workspace_id=OuterRef("workspace_id"), user_id=OuterRef("user_id")
    )
    token = (
        ApiToken.objects.live()
        .select_related("workspace", "user")
        .annotate(
            member_pk=Subquery(members.values("pk")[:1]),
            member_role=Subquery(members.values("role")[:1]),
        )
        .filter(digest=digest_of(secret), member_pk__isnull=False)
        .first()
    )
    if token is None:
        return None
    membership = Membership(
        pk=token.member_pk,  # type: ignore[attr-defined]  # annotated above
        workspace=token.workspace,
        user=token.user,
        role=token.member_role,  # type: ignore[attr-defined]  # annotated above
    )
    touch(token)
    return Caller(token, membership)


def touch(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
