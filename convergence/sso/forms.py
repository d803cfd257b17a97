from __future__ import annotations

from typing import Any

from django import forms

from convergence.models import GroupMapping, Role, Workspace


class GroupMappingForm(forms.Form):
    """A group name, exactly as the provider's groups claim spells it, and its role here."""

    group = forms.CharField(
        max_length=200, help_text="As the groups claim spells it (case counts)."
    )
    role = forms.ChoiceField(choices=Role.choices, initial=Role.VIEWER)

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace

    def clean_group(self) -> str:
        group = str(self.cleaned_data["group"]).strip()
        if GroupMapping.objects.filter(workspace=self.workspace, group=group).exists():
            raise forms.ValidationError(f"{group} is mapped already: change its role below.")
        return group


class MappingRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
