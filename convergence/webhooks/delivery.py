"""Making deliveries: one per subscribed webhook when an event happens, then one attempt at a
time until the receiver answers 2xx or the attempts run out.

Each attempt is a Celery task (convergence.tasks.deliver_webhook). A failed attempt schedules
the next after a doubling delay (WEBHOOK_RETRY_BASE_SECONDS, 2 ×, 4 ×...); the beat's sweep
re-sends any due delivery whose message was lost (a broker restart), so none waits forever.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import socket
import urllib.error
import urllib.request
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from convergence.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery
from convergence.webhooks.signing import SIGNATURE_HEADER, signature_header

logger = logging.getLogger(__name__)

DUE = [DeliveryStatus.PENDING, DeliveryStatus.RETRYING]
USER_AGENT = "Convergence-Webhooks/1"


class RefusedAddress(Exception):
    """The URL's host is on this site's own network (loopback, private, link-local...)."""


def emit(workspace_id: int, event: str, data: dict[str, Any]) -> list[WebhookDelivery]:
    """Queue `event` for every active webhook of the workspace that asked for it; sent once the
    current transaction commits (a rolled-back change announces nothing)."""
    hooks = Webhook.objects.filter(workspace_id=workspace_id, is_active=True)
    return [queue_delivery(hook, event, data) for hook in hooks if event in hook.events]


def queue_delivery(webhook: Webhook, event: str, data: dict[str, Any]) -> WebhookDelivery:
    from convergence.tasks import deliver_webhook  # the task module imports this one

    delivery = WebhookDelivery.objects.create(webhook=webhook, event=event, payload=data)
    transaction.on_commit(lambda: send_quietly(deliver_webhook, delivery.pk))
    return delivery


def send_quietly(task: Any, delivery_id: int, countdown: float = 0) -> None:
    """Enqueue an attempt; with the broker down the row stays due and the sweep sends it."""
    try:
        task.apply_async((delivery_id,), countdown=countdown)
    except Exception as error:  # any broker error: the sweep is the fallback
        logger.warning("Webhook delivery %s not queued: %s", delivery_id, error)


def body_of(delivery: WebhookDelivery) -> bytes:
    """The JSON sent: the same bytes at every attempt (the signature's timestamp changes)."""
    envelope = {
        "id": str(delivery.delivery_id),
        "event": delivery.event,
        "created_at": delivery.created_at.isoformat(),
        "workspace": delivery.webhook.workspace.slug,
        "data": delivery.payload,
    }
    return json.dumps(envelope, sort_keys=True, separators=(",", ":")).encode()


def claim_due(delivery_id: int) -> WebhookDelivery | None:
    """The delivery if it is due now and no other worker holds it (a second message for the
    same attempt finds it locked or no longer due, and does nothing)."""
    now = timezone.now()
    return (
        WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("webhook__workspace")
        .filter(pk=delivery_id, status__in=DUE, webhook__is_active=True)
        .exclude(next_attempt_at__gt=now)
        .first()
    )


def attempt(delivery_id: int) -> str | None:
    """Make one attempt at a due delivery and record its outcome; the new status, or None
    when there was nothing to do."""
    with transaction.atomic():
        delivery = claim_due(delivery_id)
        if delivery is None:
            return None
        status_code, error = post(delivery)
        record_outcome(delivery, status_code, error)
    return delivery.status


def post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    """POST the delivery; (HTTP status or None, error text or "")."""
    webhook, body = delivery.webhook, body_of(delivery)
    now = int(timezone.now().timestamp())
    request = urllib.request.Request(webhook.url, data=body, method="POST")
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Convergence-Event": delivery.event,
        "Convergence-Delivery": str(delivery.delivery_id),
        SIGNATURE_HEADER: signature_header(webhook.secret, now, body),
    }
    for name, value in headers.items():
        request.add_header(name, value)
    try:
        check_address(webhook.url)
        with NO_REDIRECTS.open(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:
            return int(response.status), ""
    except urllib.error.HTTPError as refused:
        return refused.code, f"The receiver answered {refused.code} {refused.reason}"
    except RefusedAddress as refused:
        return None, str(refused)
    except (OSError, ValueError) as error:
        return None, f"Could not reach the receiver: {error}"[:500]


def record_outcome(delivery: WebhookDelivery, status_code: int | None, error: str) -> None:
    delivery.attempts += 1
    delivery.last_attempt_at = timezone.now()
    delivery.response_status = status_code
    succeeded = status_code is not None and 200 <= status_code < 300
    delivery.error = "" if succeeded else (error or f"The receiver answered {status_code}")
    if succeeded:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.SUCCEEDED, None
    elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    else:
        delivery.status = DeliveryStatus.RETRYING
        delivery.next_attempt_at = delivery.last_attempt_at + retry_delay(delivery.attempts)
    delivery.save()


def retry_delay(attempts: int) -> timedelta:
    """After the n-th failed attempt: base × 2^(n-1), so 30 s, 1 min, 2 min, 4 min... by default."""
    return timedelta(seconds=settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempts - 1))


def retry_delay_of(delivery_id: int) -> float:
    """Seconds until the delivery's next attempt is due (0 when it is due now)."""
    due = WebhookDelivery.objects.values_list("next_attempt_at", flat=True).get(pk=delivery_id)
    return max(0.0, (due - timezone.now()).total_seconds()) if due else 0.0


def send_again(delivery: WebhookDelivery) -> None:
    """An admin's "send again": a fresh round of attempts for a delivery that gave up."""
    from convergence.tasks import deliver_webhook

    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=None
    )
    transaction.on_commit(lambda: send_quietly(deliver_webhook, delivery.pk))


def due_deliveries() -> list[int]:
    """Deliveries whose next attempt is due (or was never queued): the sweep sends them."""
    now = timezone.now()
    due = WebhookDelivery.objects.filter(status__in=DUE, webhook__is_active=True)
    late = due.exclude(next_attempt_at__gt=now).exclude(created_at__gt=now - SWEEP_GRACE)
    return list(late.values_list("pk", flat=True)[:SWEEP_BATCH])


# A new delivery's own message goes out at commit; the sweep leaves it that long first.
SWEEP_GRACE = timedelta(seconds=30)
SWEEP_BATCH = 500


def check_address(url: str) -> None:
    """Refuse a host that resolves to this site's own network, unless the site allows it
    (WEBHOOKS_ALLOW_PRIVATE_ADDRESSES: a receiver on the company network)."""
    if settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:
        return
    host = urlsplit(url).hostname or ""
    for *_, address in socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP):
        ip = ipaddress.ip_address(address[0])
        if not ip.is_global:
            raise RefusedAddress(
                f"{host} is on a private network ({ip}); the site refuses such receivers "
                "unless WEBHOOKS_ALLOW_PRIVATE_ADDRESSES is set."
            )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not an order: following one could reach an internal host."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


NO_REDIRECTS = urllib.request.build_opener(_NoRedirect)
