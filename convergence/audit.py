"""The audit log's one entry point: `record(...)` after an administrative action succeeds.

Call it inside the same transaction as the change, so a rolled-back change leaves no entry.
`before` and `after` are small JSON-able dicts of the fields that changed (never a password, a
token or a secret: record its name or its last characters instead).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from convergence.models import AuditEntry, Workspace

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def record(
    *,
    workspace: Workspace | None,
    actor: User | AnonymousUser | None,
    action: str,
    target: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one entry: `action` is a dotted name such as "member.role_changed"."""
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEntry.objects.create(
        workspace=workspace,
        actor=user,
        actor_label=user.get_username() if user is not None else "system",
        action=action,
        target=target[:300],
        before=before or {},
        after=after or {},
    )
