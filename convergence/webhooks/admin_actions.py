"""What an admin does to webhooks, each change audited in its transaction."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction

from convergence import audit
from convergence.webhooks.delivery import queue_delivery
from convergence.webhooks.forms import WebhookForm
from convergence.webhooks.models import Webhook, WebhookEvent, new_secret


@transaction.atomic
def save_webhook(form: WebhookForm, actor: User) -> Webhook:
    created = form.instance._state.adding
    before, after = audit.form_changes(form)
    if created:
        form.instance.created_by = actor
    webhook = form.save()
    action = "webhook.created" if created else "webhook.changed"
    audit.record(
        workspace=webhook.workspace_id,
        actor=actor,
        action=action,
        target=webhook.url,
        before={} if created else before,
        after=after,
    )
    return webhook


@transaction.atomic
def delete_webhook(webhook: Webhook, actor: User) -> None:
    before = {"url": webhook.url, "events": webhook.events}
    webhook.delete()
    audit.record(
        workspace=webhook.workspace_id,
        actor=actor,
        action="webhook.deleted",
        target=before["url"],
        before=before,
    )


@transaction.atomic
def rotate_secret(webhook: Webhook, actor: User) -> None:
    """A new signing secret; the entry names the change, never the secret."""
    webhook.secret = new_secret()
    webhook.save(update_fields=["secret"])
    audit.record(
        workspace=webhook.workspace_id,
        actor=actor,
        action="webhook.secret_rotated",
        target=webhook.url,
        after={"secret_ends_with": webhook.secret[-4:]},
    )


def ping(webhook: Webhook, actor: User) -> None:
    """Send a test event to this webhook alone, whatever events it asked for."""
    data = {"message": "A test delivery from Convergence.", "sent_by": actor.get_username()}
    queue_delivery(webhook, WebhookEvent.PING, data)
