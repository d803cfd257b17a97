"""Webhooks: signed deliveries of a workspace's events to URLs its admins register.

Apps announce an event with `webhooks.emit(workspace_id, WebhookEvent.X, data)` inside the
transaction of the change; the deliveries go out after it commits.
"""

from convergence.webhooks.delivery import emit

__all__ = ["emit"]
