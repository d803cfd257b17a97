"""Forms of the org chart's units: marking the IT branches, and one unit added or edited."""

from __future__ import annotations

from typing import Any

from django import forms

from convergence.forms import model_choice_field
from convergence.models import Workspace
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


class OrgUnitForm(forms.ModelForm[OrgUnit]):
    """A unit added or edited one at a time (the API's; imports bring the chart in bulk). Its
    parent is a unit of the same workspace, never itself nor one below it."""

    class Meta:
        model = OrgUnit
        fields = ["code", "name", "parent", "kind", "location", "side_mark", "criticality", "note"]

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.workspace = workspace
        parents = OrgUnit.objects.filter(workspace=workspace)
        if self.instance.pk:
            parents = parents.exclude(path__startswith=self.instance.path)
        model_choice_field(self, "parent").queryset = parents
        model_choice_field(self, "location").queryset = workspace.locations.all()

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        units = OrgUnit.objects.filter(workspace=self.instance.workspace, code=code)
        if units.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("This workspace already has a unit with that code.")
        return code
