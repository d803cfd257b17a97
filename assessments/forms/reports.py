"""Forms of the gap reports: a request, the gap filters, recommendation texts, schedules."""

from __future__ import annotations

import string
from typing import Any

from django import forms
from django.contrib.auth.models import User

from assessments.assess import Scope
from assessments.models import (
    GapReport,
    Granularity,
    RecommendationText,
    ReportKind,
    ReportSchedule,
)
from assessments.models.reports import GAP_RULE_CHOICES
from assessments.report_mail import report_readers
from assessments.slope import tables
from convergence.forms import model_choice_field
from convergence.models import Workspace
from touchpoints.models import OrgUnit

PLACEHOLDERS = frozenset(
    {
        "subject",
        "business_unit",
        "it_team",
        "level",
        "location",
        "expected_frequency",
        "weakest_dimension",
    }
)


class ReportRequestForm(forms.Form):
    granularity = forms.ChoiceField(
        choices=[
            (Granularity.FULL, "Every unit"),
            (Granularity.DEPTH, "A depth of the org tree"),
            (Granularity.UNITS, "Chosen units"),
        ],
        initial=Granularity.FULL,
        help_text="Touch points of units below roll up to the units assessed.",
    )
    business_depth = forms.IntegerField(
        min_value=0, max_value=50, required=False, help_text="0 is the top of the tree."
    )
    it_depth = forms.IntegerField(
        min_value=0,
        max_value=50,
        required=False,
        label="IT depth",
        help_text="Leave empty for every IT team.",
    )
    unit_codes = forms.CharField(
        required=False,
        label="Unit codes",
        help_text="For a chosen set: the codes of the units, separated by commas.",
    )

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        granularity = data.get("granularity")
        if granularity == Granularity.DEPTH and data.get("business_depth") is None:
            self.add_error("business_depth", "Give the depth of the tree to assess.")
        if granularity == Granularity.UNITS:
            data["unit_ids"] = self.chosen_unit_ids(data.get("unit_codes", ""))
        return data

    def chosen_unit_ids(self, text: str) -> list[int]:
        codes = {code.strip() for code in text.split(",") if code.strip()}
        if not codes:
            self.add_error("unit_codes", "Give the codes of the units to assess.")
            return []
        found = dict(
            OrgUnit.objects.filter(
                workspace=self.workspace, code__in=codes, is_active=True
            ).values_list("code", "id")
        )
        if unknown := sorted(codes - found.keys()):
            self.add_error("unit_codes", f"No active unit has the code {', '.join(unknown[:10])}.")
        return sorted(found.values())

    def new_report(self, user: Any) -> GapReport:
        data = self.cleaned_data
        scope = Scope(
            data["granularity"],
            data.get("business_depth"),
            data.get("it_depth"),
            frozenset(data.get("unit_ids", [])),
        )
        return GapReport(
            workspace=self.workspace,
            kind=ReportKind.ON_DEMAND,
            granularity=scope.granularity,
            business_depth=scope.business_depth,
            it_depth=scope.it_depth,
            unit_ids=sorted(scope.unit_ids),
            requested_by=user,
        )


class GapFilterForm(forms.Form):
    severity = forms.ChoiceField(
        choices=[("", "Any severity"), *((s, s.title()) for s in tables.SEVERITIES)],
        required=False,
    )
    rule = forms.ChoiceField(
        choices=[("", "Any rule"), *GAP_RULE_CHOICES],
        required=False,
    )

    def filter(self, gaps: Any) -> Any:
        if not self.is_valid():
            return gaps
        if severity := self.cleaned_data.get("severity"):
            gaps = gaps.filter(severity=severity)
        if rule := self.cleaned_data.get("rule"):
            gaps = gaps.filter(rule=rule)
        return gaps


def unknown_placeholders(text: str) -> set[str]:
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"(an unmatched brace)"}
    return fields - PLACEHOLDERS


class RecommendationTextsForm(forms.Form):
    """One text per rule; a text equal to the default (or empty) keeps the default."""

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        own = dict(workspace.recommendation_texts.values_list("rule", "text"))
        for rule, default in tables.RECOMMENDATIONS.items():
            self.fields[rule] = forms.CharField(
                label=f"{rule} {tables.RULE_NAMES[rule]}",
                initial=own.get(rule, default),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=f"Default: {default}",
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for rule, text in list(data.items()):
            if unknown := unknown_placeholders(text or ""):
                allowed = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
                self.add_error(rule, f"Unknown {', '.join(sorted(unknown))}; use {allowed}.")
        return data

    def save(self) -> None:
        for rule, default in tables.RECOMMENDATIONS.items():
            text = (self.cleaned_data.get(rule) or "").strip()
            if not text or text == default:
                RecommendationText.objects.filter(workspace=self.workspace, rule=rule).delete()
            else:
                RecommendationText.objects.update_or_create(
                    workspace=self.workspace, rule=rule, defaults={"text": text}
                )


class MemberChoiceField(forms.ModelMultipleChoiceField[User]):
    """Members by name and e-mail address (the address the board pack goes to)."""

    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.email})"


class ScheduleForm(forms.Form):
    weekly = forms.BooleanField(required=False, label="A weekly report (every unit)")
    monthly = forms.BooleanField(required=False, label="A monthly report (every unit)")
    recipients = MemberChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Mail each scheduled report's board pack (PDF) to",
        help_text="Members who may see reports and have an e-mail address.",
    )

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        schedules = list(workspace.report_schedules.all())
        for schedule in schedules:
            self.fields[schedule.kind].initial = schedule.enabled
        readers = report_readers(workspace.pk).order_by("username")
        model_choice_field(self, "recipients").queryset = readers
        chosen = readers.filter(
            pk__in=ReportSchedule.recipients.through.objects.filter(
                reportschedule__workspace=workspace
            ).values("user_id")
        )
        self.fields["recipients"].initial = list(chosen.values_list("pk", flat=True))

    def save(self) -> None:
        for kind in (ReportKind.WEEKLY, ReportKind.MONTHLY):
            schedule, _ = ReportSchedule.objects.update_or_create(
                workspace=self.workspace,
                kind=kind,
                defaults={"enabled": self.cleaned_data[kind.value]},
            )
            schedule.recipients.set(self.cleaned_data["recipients"])
