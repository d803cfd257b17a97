"""The meeting rule tables' forms: one form a row, in a formset ordered by its Order column."""

from __future__ import annotations

from typing import Any

from django import forms

from convergence.models import Workspace
from touchpoints.models import Channel, Level


class LevelRuleForm(forms.Form):
    title_keywords = forms.CharField(
        required=False,
        max_length=500,
        label="Job title has any of",
        help_text="Comma-separated words or phrases: head, vice president",
    )
    grades = forms.CharField(
        required=False, max_length=300, label="Grade is any of", help_text="Comma-separated: E1, E2"
    )
    max_depth = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=1000,
        label="Unit at most this deep",
        help_text="0 is the top of the tree",
    )
    # A blank first choice, so an untouched extra row stays unchanged and is not saved.
    level = forms.ChoiceField(choices=[("", "---------"), *Level.choices])


class ChannelKeywordForm(forms.Form):
    keyword = forms.CharField(max_length=100, help_text="A word or phrase of the meeting's title")
    channel = forms.ModelChoiceField(queryset=Channel.objects.none())
    min_attendees = forms.IntegerField(required=False, min_value=1, label="From attendees")
    max_attendees = forms.IntegerField(required=False, min_value=1, label="Up to attendees")

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        channel = self.fields["channel"]
        assert isinstance(channel, forms.ModelChoiceField)
        channel.queryset = Channel.objects.filter(workspace=workspace).order_by("name")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        low, high = cleaned.get("min_attendees"), cleaned.get("max_attendees")
        if low is not None and high is not None and low > high:
            raise forms.ValidationError("The smallest size is above the largest.")
        return cleaned


LevelRuleFormSet = forms.formset_factory(
    LevelRuleForm, extra=2, can_order=True, can_delete=True, max_num=100, validate_max=True
)
ChannelKeywordFormSet = forms.formset_factory(
    ChannelKeywordForm, extra=3, can_order=True, can_delete=True, max_num=300, validate_max=True
)
