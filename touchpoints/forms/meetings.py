"""Forms of the meeting import and of the suggestions' review queue."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from convergence.forms import model_choice_field
from convergence.models import Workspace
from touchpoints.meetings.jobs import default_window, time_zone_names
from touchpoints.models import Level, OrgUnit, Suggestion, SuggestionStatus, TitlePolicy

MAX_UPLOAD_BYTES = settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class CalendarFilesField(forms.FileField):
    """One or many files (Django's documented pattern for a multiple file input)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[Any]]:
        files = data if isinstance(data, list | tuple) else [data]
        return [super(CalendarFilesField, self).clean(one, initial) for one in files]


class MeetingUploadForm(forms.Form):
    calendars = CalendarFilesField(
        label="Calendar files",
        help_text="One or many .ics files, a .zip of them, or Outlook's CSV calendar export.",
    )
    since = forms.DateField(
        label="From", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    until = forms.DateField(
        label="To", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    titles = forms.ChoiceField(
        label="Meeting titles",
        choices=TitlePolicy.choices,
        initial=TitlePolicy.KEEP,
        help_text="Kept titles are shown as examples in the suggestions; a hash or nothing is "
        "kept otherwise (the channel is read from the title either way).",
    )
    time_zone = forms.ChoiceField(
        label="Time zone of the calendars",
        choices=lambda: [(name, name) for name in time_zone_names()],
        initial=timezone.get_default_timezone_name,
        help_text="What times without a zone mean: every time in an Outlook CSV export, "
        '"floating" .ics times. The window\'s dates are days in this zone too.',
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        since, until = default_window()
        self.fields["since"].initial, self.fields["until"].initial = since, until

    def clean_calendars(self) -> list[tuple[str, bytes]]:
        uploads: list[UploadedFile[Any]] = self.cleaned_data["calendars"]
        total = sum(upload.size or 0 for upload in uploads)
        if total > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The files are {total / 2**20:.1f} MB together; the limit is "
                f"{MAX_UPLOAD_BYTES / 2**20:.0f} MB. Export a shorter window, or upload in parts."
            )
        return [(upload.name or "calendar", upload.read()) for upload in uploads]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", "The window ends before it starts.")
        return cleaned


STATUS_FILTER = [("", "Any status"), *SuggestionStatus.choices, ("lapsed", "Possibly lapsed")]


class SuggestionFilterForm(forms.Form):
    """The queue's filters; bad values are ignored, pending suggestions are the default."""

    status = forms.ChoiceField(choices=STATUS_FILTER, required=False)
    level = forms.ChoiceField(choices=[("", "Any level"), *Level.choices], required=False)
    business_unit = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), required=False, empty_label="Any business unit"
    )
    it_team = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), required=False, empty_label="Any IT team", label="IT team"
    )
    min_meetings = forms.IntegerField(label="At least meetings", min_value=1, required=False)

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the units some meeting suggested: a big chart's thousands would make no list.
        suggested = Suggestion.objects.filter(workspace=workspace)
        units = OrgUnit.objects.filter(workspace=workspace).order_by("name")
        business = units.filter(pk__in=suggested.values("business_unit"))
        model_choice_field(self, "business_unit").queryset = business
        model_choice_field(self, "it_team").queryset = units.filter(
            pk__in=suggested.values("it_team")
        )

    def chosen(self) -> dict[str, Any]:
        """The valid filters (status "pending" unless another was asked for)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        values = {name: data.get(name) for name in self.fields if name not in self.errors}
        if "status" not in self.data:
            values["status"] = SuggestionStatus.PENDING
        return values
