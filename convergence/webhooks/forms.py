"""The webhook form: a URL, the events it wants, and whether it is on."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms

from convergence.models import Workspace
from convergence.webhooks.models import Webhook, WebhookEvent

SUBSCRIBABLE = [(value, label) for value, label in WebhookEvent.choices if value != "ping"]
MAX_WEBHOOKS = 20


class WebhookForm(forms.ModelForm[Webhook]):
    events = forms.MultipleChoiceField(
        choices=SUBSCRIBABLE, widget=forms.CheckboxSelectMultiple, label="Send these events"
    )

    class Meta:
        model = Webhook
        fields = ["url", "description", "events", "is_active"]
        labels = {"url": "Receiver URL", "is_active": "Active"}
        help_texts = {
            "url": "Each event is POSTed here as JSON, signed with the webhook's secret.",
        }

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.workspace = workspace

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"].strip()
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"}:
            raise forms.ValidationError("Use an http:// or https:// address.")
        if parts.username or parts.password:
            raise forms.ValidationError(
                "Leave credentials out of the URL: the signature tells the receiver who sent it."
            )
        return url

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        others = Webhook.objects.filter(workspace=self.instance.workspace)
        if self.instance._state.adding and others.count() >= MAX_WEBHOOKS:
            raise forms.ValidationError(f"A workspace has at most {MAX_WEBHOOKS} webhooks.")
        return data
