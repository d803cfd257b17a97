"""The people directory's forms: its filters, and the people upload."""

from __future__ import annotations

from django import forms

from touchpoints.forms.imports import UploadForm


class PersonFilterForm(forms.Form):
    """The directory's filters; both optional."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label="Name or e-mail contains",
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    unit = forms.CharField(
        required=False,
        max_length=200,
        label="Unit (name contains, or code)",
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def values(self) -> tuple[str, str]:
        if not self.is_valid():
            return "", ""
        return self.cleaned_data["q"], self.cleaned_data["unit"]


class PeopleUploadForm(UploadForm):
    """A people file: the org-chart upload's size limit, without its column mapping."""

    mapping = None  # type: ignore[assignment]  # removes the parent form's field
    file = forms.FileField(
        label="People file",
        help_text="CSV (any delimiter) or XLSX: a column each for the e-mail, the name and the "
        "unit code, and optionally the job title, grade and employee id.",
    )
