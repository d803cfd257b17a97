"""Forms of survey rounds: opening a round, editing the instrument, and the respondent's pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from assessments.forms.reports import ReportRequestForm
from assessments.models import RoleLevel, SurveyInstrument, SurveyRound
from assessments.rounds import current_instrument, default_instrument
from assessments.survey import Statement, instrument
from convergence.forms import model_choice_field
from convergence.models import Workspace
from touchpoints.models import OrgUnit, Side

DONT_KNOW = "dk"
ANSWER_CHOICES = [
    *((str(value), f"{value} {name}") for value, name in instrument.ANSWER_NAMES.items()),
    (DONT_KNOW, "Don't know"),
]
ADDED_PER_CRITERION = 2


class RoundForm(ReportRequestForm):
    """A new round: a title, the scope (as a report's), an instrument, a closing date."""

    field_order = ["title", "instrument", "granularity"]

    title = forms.CharField(max_length=200, initial="Perception survey")
    instrument = forms.ModelChoiceField(
        queryset=SurveyInstrument.objects.none(),
        empty_label=None,
        help_text="The default statements, or one of the workspace's edited versions.",
    )
    closes_at = forms.DateTimeField(
        required=False,
        label="Closing date",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Optional: answers are refused from then on and the round closes by itself.",
    )
    share_results = forms.BooleanField(
        required=False,
        label="Show respondents the group results once the round closes",
    )

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, workspace=workspace, **kwargs)
        default_instrument(workspace)
        field = model_choice_field(self, "instrument")
        field.queryset = SurveyInstrument.objects.filter(workspace=workspace)
        field.initial = current_instrument(workspace).pk

    def clean_closes_at(self) -> Any:
        closes_at = self.cleaned_data.get("closes_at")
        if closes_at is not None and closes_at <= timezone.now():
            raise forms.ValidationError("Give a closing date in the future, or none.")
        return closes_at

    def new_round(self, user: Any) -> SurveyRound:
        report = self.new_report(user)
        data = self.cleaned_data
        return SurveyRound(
            workspace=self.workspace,
            title=data["title"],
            instrument=data["instrument"],
            granularity=report.granularity,
            business_depth=report.business_depth,
            it_depth=report.it_depth,
            unit_ids=report.unit_ids,
            closes_at=data.get("closes_at"),
            share_results=data.get("share_results", False),
            opened_by=user,
        )


class InstrumentForm(forms.Form):
    """Each current statement's wording and a retire box, and new statements per criterion."""

    def __init__(self, *args: Any, current: SurveyInstrument, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current = current.statement_list()
        for statement in self.current:
            self.fields[f"text_{statement.id}"] = forms.CharField(
                max_length=300, initial=statement.text, label=statement.id
            )
            self.fields[f"retire_{statement.id}"] = forms.BooleanField(
                required=False, label="Retire"
            )
        for criterion, name in instrument.CRITERIA.items():
            for n in range(ADDED_PER_CRITERION):
                self.fields[f"add_{criterion}_{n}"] = forms.CharField(
                    max_length=300, required=False, label=f"New {name} statement"
                )

    def criteria(self) -> list[dict[str, Any]]:
        """For the template: each criterion's statement rows and its new-statement fields."""
        return [
            {
                "id": criterion,
                "name": name,
                "rows": [
                    (s, self[f"text_{s.id}"], self[f"retire_{s.id}"])
                    for s in self.current
                    if s.criterion == criterion
                ],
                "added": [self[f"add_{criterion}_{n}"] for n in range(ADDED_PER_CRITERION)],
            }
            for criterion, name in instrument.CRITERIA.items()
        ]

    def kept(self) -> list[Statement]:
        data = self.cleaned_data
        return [
            Statement(s.id, s.criterion, data[f"text_{s.id}"].strip())
            for s in self.current
            if not data.get(f"retire_{s.id}")
        ]

    def added(self) -> dict[str, list[str]]:
        data = self.cleaned_data
        return {
            criterion: [
                text
                for n in range(ADDED_PER_CRITERION)
                if (text := (data.get(f"add_{criterion}_{n}") or "").strip())
            ]
            for criterion in instrument.CRITERIA
        }

    def changes_anything(self) -> bool:
        unchanged = [(s.id, s.text) for s in self.current] == [(s.id, s.text) for s in self.kept()]
        return not unchanged or any(self.added().values())


class StartForm(forms.Form):
    """The respondent's first page: side, and optionally unit and role level."""

    side = forms.ChoiceField(choices=Side.choices, widget=forms.RadioSelect, label="I work in")
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    role_level = forms.ChoiceField(
        choices=[("", "Rather not say"), *RoleLevel.choices],
        required=False,
        widget=forms.RadioSelect,
        label="My role",
    )

    def __init__(self, *args: Any, workspace_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workspace_id = workspace_id

    def clean_unit(self) -> int | None:
        unit_id: int | None = self.cleaned_data.get("unit")
        if unit_id is None:
            return None
        units = OrgUnit.objects.filter(workspace_id=self.workspace_id, is_active=True)
        if not units.filter(pk=unit_id).exists():
            raise forms.ValidationError("Choose a unit from the list, or none.")
        return unit_id


class CriterionForm(forms.Form):
    """One criterion's statements, each 1-5 or "don't know"."""

    def __init__(self, *args: Any, statements: list[Statement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for statement in statements:
            self.fields[statement.id] = forms.ChoiceField(
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                label=statement.text,
                error_messages={"required": "Choose an answer, or don't know."},
            )

    def answers(self) -> dict[str, int | None]:
        return {
            statement_id: None if value == DONT_KNOW else int(value)
            for statement_id, value in self.cleaned_data.items()
        }
