from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from convergence.forms import model_choice_field
from convergence.models import Workspace
from touchpoints.history import TRACKED_FIELDS
from touchpoints.models import (
    Channel,
    Frequency,
    Level,
    OrgUnit,
    Side,
    State,
    TouchPoint,
)
from touchpoints.unit_rows import choice_depths
from touchpoints.widgets import PICKER_ABOVE, use_unit_pickers

# Above this many units a side's drop-down offers only the top levels of its tree.
FILTER_CHOICES_LIMIT = PICKER_ABOVE
UNIT_SIDES = {"business_unit": Side.BUSINESS, "it_team": Side.IT}
EFFECTIVENESS_CHOICES = [("", "Unrated"), *((str(n), f"{n} / 5") for n in range(1, 6))]


class UnitChoiceField(forms.ModelChoiceField[OrgUnit]):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return obj.name if obj.is_active else f"{obj.name} (retired)"


class TouchPointForm(forms.ModelForm[TouchPoint]):
    """Create or edit a touch point; choices are limited to the workspace's own units."""

    # Set by the view when someone else saved the touch point first; the form template shows it.
    stale_message = ""

    effectiveness = forms.TypedChoiceField(
        choices=EFFECTIVENESS_CHOICES, coerce=int, empty_value=None, required=False
    )
    # The version the editor started from: an edit against an older one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = TouchPoint
        fields = TRACKED_FIELDS
        field_classes = {"business_unit": UnitChoiceField, "it_team": UnitChoiceField}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        units = OrgUnit.objects.filter(workspace=workspace).order_by("name")
        model_choice_field(self, "business_unit").queryset = units.business().active()
        model_choice_field(self, "it_team").queryset = units.it().active()
        model_choice_field(self, "channel").queryset = Channel.objects.filter(workspace=workspace)
        self.fields["frequency"].required = False
        use_unit_pickers(self, workspace.slug, UNIT_SIDES)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        else:
            # Most touch points people name first are day-to-day ones; start there.
            self.initial.setdefault("level", Level.OPERATIONAL)
            self.initial.setdefault("frequency", Frequency.MONTHLY)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("state") == State.CURRENT:
            for field in ("channel", "frequency"):
                if not cleaned.get(field):
                    self.add_error(field, "A current touch point needs this.")
        return cleaned

    def expected_version(self) -> int:
        """The version the editor started from (the stored one when the form did not say)."""
        return self.cleaned_data.get("version") or self.instance.version

    def save(self, commit: bool = True) -> TouchPoint:
        self.instance.workspace = self.workspace
        return super().save(commit)


class TouchPointFilterForm(forms.Form):
    """The list's filters; every field is optional and bad values are simply ignored."""

    level = forms.ChoiceField(choices=[("", "Any level"), *Level.choices], required=False)
    channel = forms.ModelChoiceField(
        queryset=Channel.objects.none(), required=False, empty_label="Any channel"
    )
    # A unit stands for its whole subtree; deep units are found by name (`unit`).
    business_unit = UnitChoiceField(
        queryset=OrgUnit.objects.none(), required=False, empty_label="Any business unit"
    )
    it_team = UnitChoiceField(
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label="Any IT team",
        label="IT team",
    )
    unit = forms.CharField(
        required=False,
        max_length=100,
        label="Unit name contains",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Any unit"}),
    )
    state = forms.ChoiceField(choices=[("", "Any state"), *State.choices], required=False)
    effectiveness = forms.ChoiceField(
        choices=[("", "Any rating"), ("unrated", "Unrated"), *EFFECTIVENESS_CHOICES[1:]],
        required=False,
    )
    frequency = forms.ChoiceField(
        choices=[("", "Any frequency"), *Frequency.choices], required=False
    )
    # A unit's page links here: the touch points of that unit or below it, on either end, at
    # any depth of the tree (the drop-downs above hold only its top levels on a big chart).
    under = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "under").queryset = OrgUnit.objects.filter(workspace=workspace)
        depths = choice_depths(workspace.pk, FILTER_CHOICES_LIMIT)
        units = OrgUnit.objects.filter(workspace=workspace).order_by("path")
        business = units.business().filter(depth__lte=depths.get(Side.BUSINESS, 0))
        model_choice_field(self, "business_unit").queryset = business
        it = units.it().filter(depth__lte=depths.get(Side.IT, 0))
        model_choice_field(self, "it_team").queryset = it
        model_choice_field(self, "channel").queryset = Channel.objects.filter(workspace=workspace)

    def under_unit(self) -> OrgUnit | None:
        return self.cleaned_data.get("under") if self.is_valid() else None

    def filter(self, touchpoints: Any) -> Any:
        if not self.is_valid():
            return touchpoints
        data = self.cleaned_data
        for field in ("level", "channel", "state", "frequency"):
            if data.get(field):
                touchpoints = touchpoints.filter(**{field: data[field]})
        for field in ("business_unit", "it_team"):
            if data.get(field):
                touchpoints = touchpoints.filter(**{f"{field}__path__startswith": data[field].path})
        if under := data.get("under"):
            touchpoints = touchpoints.filter(
                Q(business_unit__path__startswith=under.path)
                | Q(it_team__path__startswith=under.path)
            )
        if data.get("unit"):
            touchpoints = touchpoints.filter(
                Q(business_unit__name__icontains=data["unit"])
                | Q(it_team__name__icontains=data["unit"])
            )
        if data.get("effectiveness") == "unrated":
            touchpoints = touchpoints.filter(effectiveness__isnull=True)
        elif data.get("effectiveness"):
            touchpoints = touchpoints.filter(effectiveness=int(data["effectiveness"]))
        return touchpoints
