"""Webhook pages: admins register receivers, read each delivery's outcome and send again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from convergence.access import get_membership, signed_in_user
from convergence.htmx import HtmxHttpRequest, render_page
from convergence.models import Capability, Membership
from convergence.webhooks import admin_actions
from convergence.webhooks.delivery import send_again
from convergence.webhooks.forms import WebhookForm
from convergence.webhooks.models import Webhook, WebhookDelivery

DELIVERIES_PER_PAGE = 25


def get_webhook(membership: Membership, pk: int) -> Webhook:
    return get_object_or_404(Webhook, pk=pk, workspace=membership.workspace)


@login_required
@require_http_methods(["GET", "POST"])
def webhook_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    form = WebhookForm(request.POST or None, workspace=membership.workspace)
    if request.method == "POST" and form.is_valid():
        webhook = admin_actions.save_webhook(form, signed_in_user(request))
        messages.success(request, f"Added the webhook to {webhook.url}.")
        return redirect("webhook_detail", slug, webhook.pk)
    webhooks = membership.workspace.webhooks.order_by("url")
    context = membership.page_context(form=form, webhooks=webhooks)
    return render(request, "webhooks/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def webhook_detail(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    webhook = get_webhook(membership, pk)
    form = WebhookForm(request.POST or None, instance=webhook, workspace=membership.workspace)
    if request.method == "POST" and form.is_valid():
        admin_actions.save_webhook(form, signed_in_user(request))
        messages.success(request, "Saved the webhook.")
        return redirect("webhook_detail", slug, pk)
    deliveries = webhook.deliveries.order_by("-created_at", "-pk")
    page = Paginator(deliveries, DELIVERIES_PER_PAGE).get_page(request.GET.get("page"))
    context = membership.page_context(webhook=webhook, form=form, page=page, query="")
    return render_page(request, "webhooks/detail.html", context, partial="deliveries")


@login_required
@require_POST
def webhook_delete(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    webhook = get_webhook(membership, pk)
    admin_actions.delete_webhook(webhook, signed_in_user(request))
    messages.success(request, f"Deleted the webhook to {webhook.url}.")
    return redirect("webhook_list", slug)


@login_required
@require_POST
def webhook_rotate(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    admin_actions.rotate_secret(get_webhook(membership, pk), signed_in_user(request))
    messages.success(request, "A new signing secret is in use: give it to the receiver.")
    return redirect("webhook_detail", slug, pk)


@login_required
@require_POST
def webhook_ping(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    admin_actions.ping(get_webhook(membership, pk), signed_in_user(request))
    messages.success(request, "Sent a test delivery; its outcome shows below in a moment.")
    return redirect("webhook_detail", slug, pk)


@login_required
@require_POST
def delivery_retry(request: HtmxHttpRequest, slug: str, pk: int, delivery: int) -> HttpResponse:
    membership = get_membership(request, slug, Capability.ADMINISTER)
    webhook = get_webhook(membership, pk)
    send_again(get_object_or_404(WebhookDelivery, pk=delivery, webhook=webhook))
    messages.success(request, "Sending it again.")
    return redirect("webhook_detail", slug, pk)
