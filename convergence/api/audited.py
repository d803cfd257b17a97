"""The audit entry of an administrative write made through the API, by the token's owner."""

from typing import Any

from convergence import audit
from convergence.models import Membership


def record(
    membership: Membership,
    action: str,
    target: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    audit.record(
        workspace=membership.workspace,
        actor=membership.user,
        action=action,
        target=target,
        before=before,
        after=after,
    )
