"""The channel catalogue's form: a workspace's channel names are unique whatever their case."""

from __future__ import annotations

from typing import Any

from django import forms

from convergence.models import Workspace
from touchpoints.models import Channel


class ChannelForm(forms.ModelForm[Channel]):
    class Meta:
        model = Channel
        fields = ["name", "category", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"category": "Sets the channel's depth on the slope."}

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.workspace = workspace

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        taken = Channel.objects.filter(workspace=self.instance.workspace, name__iexact=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("This workspace already has a channel of that name.")
        return name
