"""The people directory's forms: its filters, and the people upload."""

from __future__ import annotations

from django import forms


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
