"""Forms of the org chart's units: marking the IT branches."""

from __future__ import annotations

from django import forms

from touchpoints.models import Side


class SideMarkForm(forms.Form):
    side_mark = forms.ChoiceField(
        label="Side",
        choices=[("", "Inherit from the unit above"), *Side.choices],
        required=False,
        help_text="Mark the root of an IT branch as IT: every unit below follows "
        "unless it is marked otherwise.",
    )
