"""Background jobs of the convergence app: webhook deliveries."""

from __future__ import annotations

from celery import Task, shared_task

from convergence.webhooks import delivery
from convergence.webhooks.models import DeliveryStatus


@shared_task(bind=True, max_retries=None)
def deliver_webhook(self: Task[[int], str], delivery_id: int) -> str:
    """One attempt at a delivery; after a failure Celery retries it (on the same queue) once the
    row's next attempt is due. The row, not Celery, counts the attempts and decides to give up."""
    status = delivery.attempt(delivery_id)
    if status == DeliveryStatus.RETRYING and not self.request.is_eager:
        # In-process (tests, no Redis) the next attempt waits for the sweep instead.
        raise self.retry(countdown=delivery.retry_delay_of(delivery_id))
    return status or "not due"


@shared_task
def sweep_webhook_deliveries() -> int:
    """Send the deliveries that are due but whose message was lost (the beat runs this)."""
    due = delivery.due_deliveries()
    for delivery_id in due:
        delivery.send_quietly(deliver_webhook, delivery_id)
    return len(due)
