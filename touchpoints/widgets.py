"""A unit chooser for charts too big for a drop-down: the current choice plus an htmx search."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import Count
from django.urls import reverse

from touchpoints.models import OrgUnit

# Above this many active units a side's drop-down gives way to a search.
PICKER_ABOVE = 150


class UnitPicker(forms.Widget):
    """Renders the chosen unit as a checked radio and a search box whose results are radios of
    the same name, so the form posts a unit id exactly as a <select> would."""

    template_name = "touchpoints/widgets/unit_picker.html"

    def __init__(
        self,
        workspace_slug: str,
        side: str,
        attrs: dict[str, Any] | None = None,
        empty_label: str = "",
    ):
        """``empty_label``: for an optional field, the radio that chooses no unit."""
        super().__init__(attrs)
        self.workspace_slug, self.side, self.empty_label = workspace_slug, side, empty_label

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        # Scoped: a posted id of another workspace's unit is refused, and never shown by name.
        units = OrgUnit.objects.filter(workspace__slug=self.workspace_slug)
        chosen = units.filter(pk=value).first() if str(value or "").isdigit() else None
        search = reverse("unit_choices", args=[self.workspace_slug])
        context["widget"] |= {"chosen": chosen, "search_url": f"{search}?side={self.side}"}
        context["widget"]["empty_label"] = self.empty_label
        return context


def use_unit_pickers(
    form: forms.BaseForm,
    workspace_slug: str,
    sides: Mapping[str, str],
    empty_labels: Mapping[str, str] | None = None,
) -> None:
    """Give each unit field of ``form`` (name -> side) whose side has more active units than a
    drop-down can hold a UnitPicker instead; an optional field keeps a radio for no unit,
    labelled from ``empty_labels`` (name -> label) or "None"."""
    sizes = dict(
        OrgUnit.objects.filter(workspace__slug=workspace_slug, is_active=True)
        .values_list("side")
        .annotate(n=Count("id"))
        .order_by()
    )
    for name, side in sides.items():
        field = form.fields.get(name)
        if field is None or sizes.get(side, 0) <= PICKER_ABOVE:
            continue
        empty = "" if field.required else (empty_labels or {}).get(name, "None")
        field.widget = UnitPicker(workspace_slug, side, empty_label=empty)
