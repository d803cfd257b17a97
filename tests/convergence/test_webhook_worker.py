"""A real Celery worker delivers webhooks and retries a failing receiver with a doubling delay."""

from __future__ import annotations

import pytest
from django.db import transaction

from convergence import webhooks
from convergence.models import DeliveryStatus, Webhook, WebhookDelivery, WebhookEvent
from tests.conftest import Org
from tests.convergence.receiver import receiver
from tests.worker import celery_worker, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

WORKER_SETTINGS = {
    "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": "1",  # the receiver is on loopback
    "WEBHOOK_RETRY_BASE_SECONDS": "1",
    "WEBHOOK_MAX_ATTEMPTS": "4",
}


def test_a_receiver_failing_twice_gets_the_event_on_the_third_attempt_after_1_then_2_s(
    org: Org,
) -> None:
    with (
        receiver(500, 502, 200) as server,
        celery_worker(["convergence.tasks.deliver_webhook"], **WORKER_SETTINGS),
    ):
        Webhook.objects.create(
            workspace=org.workspace, url=server.url, events=[WebhookEvent.WORKSHOP_CLOSED]
        )
        with transaction.atomic():
            [sent] = webhooks.emit(org.workspace.pk, WebhookEvent.WORKSHOP_CLOSED, {"id": 1})

        def delivered() -> bool:
            return WebhookDelivery.objects.get(pk=sent.pk).status == DeliveryStatus.SUCCEEDED

        assert wait_until(delivered, seconds=30)
    sent.refresh_from_db()
    assert (sent.attempts, sent.response_status, sent.error) == (3, 200, "")
    first, second, third = (request.at for request in server.requests)
    assert second - first >= 0.9 and third - second >= 1.9  # 1 s, then 2 s
    assert len({request.headers["convergence-delivery"] for request in server.requests}) == 1
