"""Webhooks: URLs an admin registers for events, and every delivery made to them."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models

from convergence.models import Workspace


class WebhookEvent(models.TextChoices):
    REPORT_FINISHED = "report.finished", "A gap report finished"
    WORKSHOP_CLOSED = "workshop.closed", "A workshop closed"
    IMPORT_APPLIED = "import.applied", "An org-chart import was applied"
    ACTION_DONE = "action.done", "An action was marked done"
    PING = "ping", "A test delivery (sent from the webhook's page)"


def new_secret() -> str:
    return secrets.token_urlsafe(32)


class Webhook(models.Model):
    """A receiver of a workspace's events; deliveries are signed with its secret (HMAC-SHA256)."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list)
    description = models.CharField(max_length=200, blank=True)
    # Kept as it is (not hashed): signing each delivery needs it.
    secret = models.CharField(max_length=64, default=new_secret)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url", "pk"]

    def __str__(self) -> str:
        return self.url

    def event_labels(self) -> list[str]:
        labels = dict(WebhookEvent.choices)
        return [labels.get(event, event) for event in self.events]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    RETRYING = "retrying", "Failed, will retry"
    SUCCEEDED = "succeeded", "Delivered"
    FAILED = "failed", "Failed, gave up"


class WebhookDelivery(models.Model):
    """One event sent (or to be sent) to one webhook, with the outcome of its last attempt."""

    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    # The receiver's idempotency key: a retried delivery keeps its id.
    delivery_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    event = models.CharField(max_length=40, choices=WebhookEvent.choices)
    payload = models.JSONField(default=dict)
    status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["webhook", "-created_at"], name="delivery_webhook_idx")]
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.event} to {self.webhook_id} ({self.status})"
