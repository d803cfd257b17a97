"""A unit chooser for charts too big for a drop-down: the current choice plus an htmx search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse

from touchpoints.models import OrgUnit


class UnitPicker(forms.Widget):
    """Renders the chosen unit as a checked radio and a search box whose results are radios of
    the same name, so the form posts a unit id exactly as a <select> would."""

    template_name = "touchpoints/widgets/unit_picker.html"

    def __init__(self, workspace_slug: str, side: str, attrs: dict[str, Any] | None = None):
        super().__init__(attrs)
        self.workspace_slug, self.side = workspace_slug, side

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        chosen = OrgUnit.objects.filter(pk=value).first() if str(value or "").isdigit() else None
        search = reverse("unit_choices", args=[self.workspace_slug])
        context["widget"] |= {"chosen": chosen, "search_url": f"{search}?side={self.side}"}
        return context
