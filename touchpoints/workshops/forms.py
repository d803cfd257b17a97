"""Forms of the workshop screens: planning, capture on the board, joining and proposing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser

from convergence.forms import choice_field, choices_of, model_choice_field
from convergence.models import Role, Workspace
from convergence.params import parse_id
from touchpoints.forms.touchpoints import TouchPointForm
from touchpoints.models import (
    Channel,
    ChannelCategory,
    Frequency,
    InitiatedBy,
    Level,
    OrgUnit,
    Proposal,
    Side,
    State,
    Workshop,
)
from touchpoints.models.workshops import JOIN_CODE_ALPHABET
from touchpoints.workshops.board import subtree_filter


class FacilitatorChoiceField(forms.ModelChoiceField[AbstractBaseUser]):
    def label_from_instance(self, obj: AbstractBaseUser) -> str:
        return obj.get_username()


class WorkshopForm(forms.ModelForm[Workshop]):
    """Plan a workshop; scope units must be the workspace's own, each on its proper side."""

    class Meta:
        model = Workshop
        fields = ["title", "date", "facilitator", "anonymous", "business_units", "it_teams"]
        field_classes = {"facilitator": FacilitatorChoiceField}
        widgets = {
            # A date input takes and sends ISO dates whatever the locale: format it so, or an
            # edited plan shows its date blank (the locale's format is not a valid value).
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "business_units": forms.CheckboxSelectMultiple,
            "it_teams": forms.CheckboxSelectMultiple,
        }
        labels = {"it_teams": "IT teams", "anonymous": "Anonymous"}

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        units = OrgUnit.objects.filter(workspace=workspace).order_by("path")
        model_choice_field(self, "business_units").queryset = units.business()
        model_choice_field(self, "it_teams").queryset = units.it()
        runners = get_user_model().objects.filter(
            memberships__workspace=workspace,
            memberships__role__in=[Role.ADMIN, Role.FACILITATOR],
        )
        model_choice_field(self, "facilitator").queryset = runners.order_by("username")

    def chosen(self, name: str) -> list[OrgUnit]:
        """The units chosen now (bound), else the initial ones: stored, or copied from a plan."""
        values = self.data.getlist(name) if self.is_bound else self.initial.get(name, [])  # type: ignore[attr-defined]  # bound data is a QueryDict; django-stubs types it as a Mapping
        ids = [parse_id(str(getattr(value, "pk", value))) for value in values]
        units = choices_of(self, name).filter(pk__in=[pk for pk in ids if pk is not None])
        return list(units.order_by("path"))

    def save(self, commit: bool = True) -> Workshop:
        self.instance.workspace = self.workspace
        return super().save(commit)


def plan_initial(workshop: Workshop) -> dict[str, Any]:
    """A past workshop's plan to start a new one from: its title, facilitator, setting, scope."""
    return {
        "title": workshop.title,
        "facilitator": workshop.facilitator_id,
        "anonymous": workshop.anonymous,
        "business_units": list(workshop.business_units.values_list("pk", flat=True)),
        "it_teams": list(workshop.it_teams.values_list("pk", flat=True)),
    }


# What a click on a cell proposes: capture should take seconds.
CAPTURE_DEFAULTS = {
    "level": Level.OPERATIONAL,
    "frequency": Frequency.MONTHLY,
    "state": State.CURRENT,
    "initiated_by": InitiatedBy.BOTH,
}


class BoardTouchPointForm(TouchPointForm):
    """The touch point form of the board's side panel: units limited to the board's scope."""

    def __init__(self, *args: Any, workshop: Workshop, **kwargs: Any) -> None:
        super().__init__(*args, workspace=workshop.workspace, **kwargs)
        for name, scope in (
            ("business_unit", workshop.business_units.all()),
            ("it_team", workshop.it_teams.all()),
        ):
            field = model_choice_field(self, name)
            field.queryset = choices_of(self, name).filter(subtree_filter(list(scope)))
        self.fields["level"].widget.attrs["autofocus"] = True


def service_desk(workspace_id: int) -> Channel | None:
    """The channel a new touch point or proposal starts with: most pairs meet there."""
    return Channel.objects.filter(
        workspace_id=workspace_id, category=ChannelCategory.SERVICE_DESK
    ).first()


def capture_initial(workspace: Workspace, business_unit: str, it_team: str) -> dict[str, Any]:
    desk = service_desk(workspace.pk)
    return {**CAPTURE_DEFAULTS, "channel": desk, "business_unit": business_unit, "it_team": it_team}


class JoinCodeForm(forms.Form):
    code = forms.CharField(max_length=12, label="Workshop code")

    def clean_code(self) -> str:
        return normalise_code(self.cleaned_data["code"])


def normalise_code(code: str) -> str:
    """Codes are read aloud and typed on phones: ignore case, spaces and dashes."""
    cleaned = code.upper().replace(" ", "").replace("-", "")
    return "".join(char for char in cleaned if char in JOIN_CODE_ALPHABET)


class ParticipantForm(forms.Form):
    name = forms.CharField(max_length=120, label="Your name")
    side = forms.ChoiceField(choices=Side.choices, widget=forms.RadioSelect, label="You speak for")


PROPOSAL_STATES = [
    (State.CURRENT, "Current: we meet here today"),
    (State.DESIRED, "Desired: we should meet here"),
]


class ProposalForm(forms.ModelForm[Proposal]):
    """A participant's suggestion: the pair comes from the workshop's scope.

    Channel and frequency may stay empty (a participant may not know them, and a desired touch
    point needs neither): the facilitator completes a current one on accepting it.
    """

    class Meta:
        model = Proposal
        fields = [
            "state",
            "business_unit",
            "it_team",
            "level",
            "channel",
            "frequency",
            "description",
        ]
        labels = {
            "state": "It is",
            "it_team": "IT team",
            "description": "What happens there?",
        }
        widgets = {
            "state": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, workshop: Workshop, **kwargs: Any) -> None:
        initial = {
            "state": State.CURRENT,
            "level": Level.OPERATIONAL,
            "frequency": Frequency.MONTHLY,
            "channel": service_desk(workshop.workspace_id),
        }
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        choice_field(self, "state").choices = PROPOSAL_STATES
        # A page loaded before the choice existed posts none: it proposed a current one.
        self.fields["state"].required = False
        model_choice_field(self, "business_unit").queryset = workshop.business_units.order_by(
            "name"
        )
        model_choice_field(self, "it_team").queryset = workshop.it_teams.order_by("name")
        model_choice_field(self, "channel").queryset = Channel.objects.filter(
            workspace=workshop.workspace_id
        )
        model_choice_field(self, "channel").empty_label = "Don't know"
        choice_field(self, "frequency").choices = [("", "Don't know"), *Frequency.choices]

    def clean_state(self) -> str:
        return self.cleaned_data.get("state") or State.CURRENT


def proposal_as_data(proposal: Proposal) -> dict[str, Any]:
    """A proposal as touch point form data, for accepting it as it stands."""
    return {
        "business_unit": proposal.business_unit_id,
        "it_team": proposal.it_team_id,
        "level": proposal.level,
        "channel": proposal.channel_id or "",
        "frequency": proposal.frequency,
        "initiated_by": InitiatedBy.BOTH,
        "state": proposal.state,
        "description": proposal.description,
    }
