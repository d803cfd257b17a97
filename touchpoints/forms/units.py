"""Forms of the org chart's units: marking the IT branches."""

from __future__ import annotations

from typing import Any

from django import forms

from convergence.forms import model_choice_field
from touchpoints.models import OrgUnit, Side


class SideMarkForm(forms.Form):
    side_mark = forms.ChoiceField(
        label="Side",
        choices=[("", "Inherit from the unit above"), *Side.choices],
        required=False,
        help_text="Mark the root of an IT branch as IT: every unit below follows "
        "unless it is marked otherwise.",
    )


class BulkMarkForm(forms.Form):
    """Several units of one workspace marked at once (ticked in the tree, or suggestions)."""

    units = forms.ModelMultipleChoiceField(queryset=OrgUnit.objects.none())
    side_mark = forms.ChoiceField(
        label="Mark them",
        choices=[*Side.choices, ("", "Inherit from the unit above")],
        required=False,
    )

    def __init__(self, *args: Any, workspace_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = model_choice_field(self, "units")
        field.queryset = OrgUnit.objects.filter(workspace_id=workspace_id, is_active=True)
        field.error_messages["required"] = "Tick at least one unit."
