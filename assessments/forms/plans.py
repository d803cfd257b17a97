"""Forms of the plan: targets, actions (with the desired touch point they create), filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User

from assessments.actions import TRACKED_FIELDS, DesiredTouchPoint
from assessments.models import Action, Target
from convergence.forms import model_choice_field
from convergence.models import Workspace
from touchpoints.models import Channel, Frequency, Level, OrgUnit, Side
from touchpoints.widgets import use_unit_pickers

# The action's unit and the pair of the desired touch point it creates.
ACTION_UNIT_SIDES = {"unit": Side.BUSINESS, "business_unit": Side.BUSINESS, "it_team": Side.IT}


class MemberChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class TargetForm(forms.ModelForm[Target]):
    """A band or score for a unit (or the whole workspace, with no unit) by a date."""

    class Meta:
        model = Target
        fields = ["unit", "band", "score", "due", "note"]
        widgets = {"due": forms.DateInput(attrs={"type": "date"})}
        labels = {"unit": "Unit (empty: the whole workspace)"}

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        units = OrgUnit.objects.filter(workspace=workspace).business().active().order_by("path")
        model_choice_field(self, "unit").queryset = units
        self.fields["score"].widget.attrs.update(min=0, max=100, step="0.1")
        whole = {"unit": "The whole workspace"}
        use_unit_pickers(self, workspace.slug, {"unit": Side.BUSINESS}, empty_labels=whole)

    def clean_score(self) -> float | None:
        score: float | None = self.cleaned_data.get("score")
        if score is not None and not 0 <= score <= 100:
            raise forms.ValidationError("A score is between 0 and 100.")
        return score

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("band") and cleaned.get("score") is None:
            raise forms.ValidationError("Give a band, a score, or both.")
        return cleaned

    def save(self, commit: bool = True) -> Target:
        self.instance.workspace = self.workspace
        return super().save(commit)


class ActionForm(forms.ModelForm[Action]):
    """What to do, who, by when; on a new action also the desired touch point it creates."""

    # Set by the view when someone else saved the action first; the form template shows it.
    stale_message = ""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # The gap it starts from (a report's gap id); the view reads the gap itself.
    gap = forms.IntegerField(widget=forms.HiddenInput, required=False)
    business_unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), required=False)
    it_team = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), required=False, label="IT team"
    )
    level = forms.ChoiceField(choices=[("", "—"), *Level.choices], required=False)
    channel = forms.ModelChoiceField(
        queryset=Channel.objects.none(),
        required=False,
        help_text="Empty: the level's plainest channel is assumed for the projection.",
    )
    frequency = forms.ChoiceField(
        choices=[("", "—"), *Frequency.choices],
        required=False,
        help_text="Empty: the level's cadence norm is assumed.",
    )

    class Meta:
        model = Action
        fields = TRACKED_FIELDS
        field_classes = {"owner": MemberChoiceField}
        widgets = {
            "due": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"title": "What to do", "unit": "For unit"}

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        units = OrgUnit.objects.filter(workspace=workspace).active().order_by("path")
        members = User.objects.filter(memberships__workspace=workspace).order_by("username")
        model_choice_field(self, "owner").queryset = members
        targets = Target.objects.filter(workspace=workspace).select_related("unit", "workspace")
        model_choice_field(self, "target").queryset = targets
        model_choice_field(self, "unit").queryset = units.business()
        model_choice_field(self, "business_unit").queryset = units.business()
        model_choice_field(self, "it_team").queryset = units.it()
        model_choice_field(self, "channel").queryset = Channel.objects.filter(workspace=workspace)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            for name in ("business_unit", "it_team", "level", "channel", "frequency"):
                del self.fields[name]
        use_unit_pickers(self, workspace.slug, ACTION_UNIT_SIDES)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.instance.pk:
            return cleaned
        given = [cleaned.get(name) for name in ("business_unit", "it_team", "level")]
        if any(given) and not all(given):
            self.add_error(
                None, "A touch point to create needs its business unit, IT team and level."
            )
        return cleaned

    def desired(self) -> list[DesiredTouchPoint]:
        data = self.cleaned_data
        if self.instance.pk or not data.get("level"):
            return []
        return [
            DesiredTouchPoint(
                data["business_unit"],
                data["it_team"],
                data["level"],
                data.get("channel"),
                data.get("frequency") or "",
            )
        ]

    def expected_version(self) -> int:
        return self.cleaned_data.get("version") or self.instance.version

    def save(self, commit: bool = True) -> Action:
        self.instance.workspace = self.workspace
        return super().save(commit)


class DesiredTouchPointForm(forms.Form):
    """One more desired touch point for an existing action."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    business_unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none())
    it_team = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), label="IT team")
    level = forms.ChoiceField(choices=Level.choices)
    channel = forms.ModelChoiceField(queryset=Channel.objects.none(), required=False)
    frequency = forms.ChoiceField(choices=[("", "—"), *Frequency.choices], required=False)

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.filter(workspace=workspace).active().order_by("path")
        model_choice_field(self, "business_unit").queryset = units.business()
        model_choice_field(self, "it_team").queryset = units.it()
        model_choice_field(self, "channel").queryset = Channel.objects.filter(workspace=workspace)
        use_unit_pickers(self, workspace.slug, ACTION_UNIT_SIDES)

    def desired(self) -> DesiredTouchPoint:
        data = self.cleaned_data
        return DesiredTouchPoint(
            data["business_unit"],
            data["it_team"],
            data["level"],
            data.get("channel"),
            data.get("frequency") or "",
        )


class StatusForm(forms.Form):
    """Move an action on the board: its new status, against the version on the card."""

    status = forms.ChoiceField(
        choices=[(s, s) for s in ("planned", "in_progress", "done", "dropped")]
    )
    version = forms.IntegerField()


class PlanFilterForm(forms.Form):
    """The plan page's filters: unit (its subtree), target, owner; and the grouping."""

    unit = forms.ModelChoiceField(queryset=OrgUnit.objects.none(), required=False)
    target = forms.ModelChoiceField(queryset=Target.objects.none(), required=False)
    by = forms.ChoiceField(choices=[("status", "By status"), ("owner", "By owner")], required=False)

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = OrgUnit.objects.filter(workspace=workspace).business().active()
        model_choice_field(self, "unit").queryset = units.order_by("path")
        targets = Target.objects.filter(workspace=workspace).select_related("unit", "workspace")
        model_choice_field(self, "target").queryset = targets
