"""Webhooks: deliveries signed, retried with a doubling delay, refused to the site's own
network, listed with their outcome; each product event announced; admins' changes audited."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.actions import create_action, snapshot, update_action
from assessments.models import Action, ActionStatus
from convergence import webhooks
from convergence.models import (
    AuditEntry,
    DeliveryStatus,
    Webhook,
    WebhookDelivery,
    WebhookEvent,
)
from convergence.webhooks import delivery
from convergence.webhooks.signing import signature_header, verify
from tests.conftest import Org, People, client_for
from tests.convergence.receiver import Receiver, receiver
from tests.touchpoints.test_import_plan import HEADER
from touchpoints.importing import apply_import
from touchpoints.models import ImportJob, ImportMode, Workshop
from touchpoints.workshops.facilitation import close

pytestmark = pytest.mark.django_db

Commit = Callable[..., Any]
ALL_EVENTS = [e for e in WebhookEvent.values if e != WebhookEvent.PING]


@pytest.fixture(autouse=True)
def loopback_receivers(settings: Any) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    settings.WEBHOOK_MAX_ATTEMPTS = 3


def hook(org: Org, url: str, events: list[str] | None = None, **fields: Any) -> Webhook:
    return Webhook.objects.create(
        workspace=org.workspace, url=url, events=events or ALL_EVENTS, **fields
    )


def make_due(row: WebhookDelivery) -> None:
    WebhookDelivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())


def test_the_signature_verifies_and_a_changed_body_or_an_old_time_does_not() -> None:
    header = signature_header("s3cret", 1_700_000_000, b'{"a":1}')
    assert verify("s3cret", header, b'{"a":1}', now=1_700_000_100)
    assert not verify("s3cret", header, b'{"a":2}', now=1_700_000_100)
    assert not verify("other", header, b'{"a":1}', now=1_700_000_100)
    assert not verify("s3cret", header, b'{"a":1}', now=1_700_000_000 + 301)
    assert not verify("s3cret", "garbage", b'{"a":1}', now=1_700_000_000)


def test_a_delivery_is_posted_signed_with_its_event_and_id(
    org: Org, django_capture_on_commit_callbacks: Commit
) -> None:
    with receiver(200) as server:
        webhook = hook(org, server.url)
        with django_capture_on_commit_callbacks(execute=True):
            [sent] = webhooks.emit(org.workspace.pk, WebhookEvent.ACTION_DONE, {"action": 7})
    sent.refresh_from_db()
    assert (sent.status, sent.attempts, sent.response_status) == (DeliveryStatus.SUCCEEDED, 1, 200)
    [request] = server.requests
    body = json.loads(request.body)
    assert body["event"] == "action.done" and body["data"] == {"action": 7}
    assert body["id"] == str(sent.delivery_id) == request.headers["convergence-delivery"]
    assert (body["workspace"], request.headers["convergence-event"]) == ("acme", "action.done")
    now = int(timezone.now().timestamp())
    assert verify(webhook.secret, request.headers["convergence-signature"], request.body, now)


def test_only_active_subscribed_webhooks_of_the_workspace_hear_an_event(
    org: Org, other_org: Org
) -> None:
    wants = hook(org, "http://a.example/", [WebhookEvent.REPORT_FINISHED])
    hook(org, "http://b.example/", [WebhookEvent.WORKSHOP_CLOSED])
    hook(org, "http://c.example/", [WebhookEvent.REPORT_FINISHED], is_active=False)
    hook(other_org, "http://d.example/", [WebhookEvent.REPORT_FINISHED])
    sent = webhooks.emit(org.workspace.pk, WebhookEvent.REPORT_FINISHED, {})
    assert [row.webhook for row in sent] == [wants]


def test_a_failing_receiver_is_retried_with_a_doubling_delay_then_given_up(org: Org) -> None:
    with receiver(500, 503, 500, 200) as server:
        row = WebhookDelivery.objects.create(webhook=hook(org, server.url), event="ping")
        assert delivery.attempt(row.pk) == DeliveryStatus.RETRYING
        row.refresh_from_db()
        assert row.last_attempt_at is not None
        assert row.next_attempt_at == row.last_attempt_at + datetime.timedelta(seconds=30)
        assert row.error == "The receiver answered 500 Internal Server Error"
        assert delivery.attempt(row.pk) is None  # not due yet: nothing sent
        make_due(row)
        assert delivery.attempt(row.pk) == DeliveryStatus.RETRYING
        row.refresh_from_db()
        assert row.last_attempt_at is not None
        assert row.next_attempt_at == row.last_attempt_at + datetime.timedelta(seconds=60)
        make_due(row)
        assert delivery.attempt(row.pk) == DeliveryStatus.FAILED  # the third of three
        assert len(server.requests) == 3
        delivery.send_again(row)
        assert delivery.attempt(row.pk) == DeliveryStatus.SUCCEEDED
    assert [r.body for r in server.requests[1:]] == [server.requests[0].body] * 3


def test_an_unreachable_receiver_is_a_failed_attempt_with_the_reason(org: Org) -> None:
    with receiver(200) as server:
        url = server.url
    row = WebhookDelivery.objects.create(webhook=hook(org, url), event="ping")
    assert delivery.attempt(row.pk) == DeliveryStatus.RETRYING
    row.refresh_from_db()
    assert row.response_status is None and row.error.startswith("Could not reach the receiver")


def test_a_redirect_is_not_followed(org: Org) -> None:
    with receiver(302) as server:
        row = WebhookDelivery.objects.create(webhook=hook(org, server.url), event="ping")
        delivery.attempt(row.pk)
    row.refresh_from_db()
    assert (row.status, row.response_status) == (DeliveryStatus.RETRYING, 302)
    assert [r.path for r in server.requests] == ["/hook"]


def test_the_sites_own_network_is_refused_unless_allowed(org: Org, settings: Any) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False
    with receiver(200) as server:
        row = WebhookDelivery.objects.create(webhook=hook(org, server.url), event="ping")
        delivery.attempt(row.pk)
        assert server.requests == []
    row.refresh_from_db()
    assert "127.0.0.1 is on a private network" in row.error


def test_the_sweep_sends_due_deliveries_whose_message_was_lost(org: Org) -> None:
    with receiver(200) as server:
        row = WebhookDelivery.objects.create(webhook=hook(org, server.url), event="ping")
        assert delivery.due_deliveries() == []  # its own message is still on its way
        an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
        WebhookDelivery.objects.filter(pk=row.pk).update(created_at=an_hour_ago)
        assert delivery.due_deliveries() == [row.pk]
        from convergence.tasks import sweep_webhook_deliveries

        assert sweep_webhook_deliveries() == 1
    row.refresh_from_db()
    assert row.status == DeliveryStatus.SUCCEEDED and len(server.requests) == 1


def events_of(org: Org) -> list[tuple[str, dict[str, Any]]]:
    rows = WebhookDelivery.objects.filter(webhook__workspace=org.workspace).order_by("pk")
    return [(row.event, row.payload) for row in rows]


def test_an_applied_import_a_closed_workshop_and_a_done_action_are_announced(
    org: Org, people: People
) -> None:
    hook(org, "http://receiver.example/")
    job = ImportJob.objects.create(
        workspace=org.workspace,
        data=(HEADER + "S,Revenue,G,London\n").encode(),
        filename="chart.csv",
        mode=ImportMode.ADD_UPDATE,
    )
    plan = apply_import(job)
    workshop = Workshop.objects.create(workspace=org.workspace, title="Kick-off", date="2030-01-15")
    close(workshop)
    action = create_action(Action(workspace=org.workspace, title="Meet"), [], people.manager)
    before = snapshot(action)
    action.status = ActionStatus.DONE
    update_action(action, before, action.version, people.manager)
    [imported, closed, done] = events_of(org)
    assert imported == (
        "import.applied",
        {"import": job.pk, "filename": "chart.csv", "counts": plan.counts()},
    )
    assert closed[0] == "workshop.closed" and closed[1]["title"] == "Kick-off"
    assert done == (
        "action.done",
        {"action": action.pk, "title": "Meet", "gap_rule": "", "marked_by": "mark"},
    )


def test_a_finished_report_is_announced_with_its_counts_and_path(
    org: Org, without_board_pack: None
) -> None:
    from assessments import gap_reports
    from assessments.models import GapReport

    hook(org, "http://receiver.example/", [WebhookEvent.REPORT_FINISHED])
    report = GapReport.objects.create(workspace=org.workspace)
    gap_reports.build_report(report.pk)
    report.refresh_from_db()
    [(event, data)] = events_of(org)
    assert event == "report.finished"
    assert data["report"] == report.pk and data["gaps_by_rule"] == report.gap_counts_by_rule
    assert data["path"] == reverse("report_detail", args=["acme", report.pk])


def test_admins_add_edit_rotate_ping_and_delete_each_audited(
    org: Org, people: People, django_capture_on_commit_callbacks: Commit
) -> None:
    client, slug = client_for(people.admin), org.workspace.slug
    with receiver(200) as server:
        added = client.post(
            reverse("webhook_list", args=[slug]),
            {"url": server.url, "events": ["report.finished"], "is_active": "on"},
        )
        webhook = Webhook.objects.get(workspace=org.workspace)
        assert added["Location"] == reverse("webhook_detail", args=[slug, webhook.pk])
        client.post(
            reverse("webhook_detail", args=[slug, webhook.pk]),
            {"url": server.url, "events": ["report.finished", "action.done"], "is_active": "on"},
        )
        secret = webhook.secret
        client.post(reverse("webhook_rotate", args=[slug, webhook.pk]))
        webhook.refresh_from_db()
        assert webhook.secret != secret and webhook.events == ["report.finished", "action.done"]
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("webhook_ping", args=[slug, webhook.pk]))
        assert json.loads(server.requests[0].body)["event"] == "ping"
        page = client.get(reverse("webhook_detail", args=[slug, webhook.pk]))
        assert b"Delivered" in page.content and b"(HTTP 200)" in page.content
        client.post(reverse("webhook_delete", args=[slug, webhook.pk]))
    assert not Webhook.objects.exists()
    entries = AuditEntry.objects.filter(workspace=org.workspace).order_by("pk")
    assert [e.action for e in entries] == [
        "webhook.created",
        "webhook.changed",
        "webhook.secret_rotated",
        "webhook.deleted",
    ]
    assert entries[1].before == {"events": ["report.finished"]}
    assert entries[1].after == {"events": ["report.finished", "action.done"]}
    assert secret not in json.dumps([e.after for e in entries])
    assert webhook.secret not in json.dumps([e.after for e in entries])


@pytest.mark.parametrize(
    ("url", "error"),
    [
        ("ftp://files.example/", b"Use an http:// or https:// address."),
        ("https://user:pw@hooks.example/", b"Leave credentials out of the URL"),
        ("not a url", b"Enter a valid URL"),
    ],
)
def test_a_bad_url_is_refused_with_a_clear_error(
    org: Org, people: People, url: str, error: bytes
) -> None:
    response = client_for(people.admin).post(
        reverse("webhook_list", args=[org.workspace.slug]), {"url": url, "events": ["ping"]}
    )
    assert response.status_code == 200 and error in response.content
    assert b"Select a valid choice" in response.content  # ping is not an event to subscribe to
    assert not Webhook.objects.exists()


def test_a_given_up_delivery_can_be_sent_again_from_its_page(
    org: Org, people: People, django_capture_on_commit_callbacks: Commit
) -> None:
    with receiver(200) as server:
        webhook = hook(org, server.url)
        row = WebhookDelivery.objects.create(
            webhook=webhook, event="ping", status=DeliveryStatus.FAILED, attempts=3
        )
        url = reverse("webhook_delivery_retry", args=[org.workspace.slug, webhook.pk, row.pk])
        with django_capture_on_commit_callbacks(execute=True):
            client_for(people.admin).post(url)
    row.refresh_from_db()
    assert (row.status, row.attempts, len(server.requests)) == (DeliveryStatus.SUCCEEDED, 1, 1)


def test_another_workspaces_delivery_is_not_found_through_ones_own_webhook(
    org: Org, other_org: Org, people: People
) -> None:
    mine = hook(org, "http://a.example/")
    theirs = WebhookDelivery.objects.create(
        webhook=hook(other_org, "http://b.example/"), event="ping", status=DeliveryStatus.FAILED
    )
    url = reverse("webhook_delivery_retry", args=[org.workspace.slug, mine.pk, theirs.pk])
    assert client_for(people.admin).post(url).status_code == 404


__all__ = ["Receiver"]
