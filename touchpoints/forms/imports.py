"""Forms of the org-chart import: the upload and the column mapping."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings

from touchpoints.orgchart import FIELDS

# Uploads are read in memory; the same limit as Django's own for request bodies.
MAX_UPLOAD_BYTES = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
DETECT = ""
# A field switched off: the parser reads an empty column name as "do not use".
OFF = "-"


def parse_mapping_lines(lines: Iterable[str]) -> dict[str, str]:
    """FIELD=COLUMN entries (a line or an argument each) to a mapping; ValueError if malformed."""
    mapping: dict[str, str] = {}
    for line in (line.strip() for line in lines):
        if not line:
            continue
        field, equals, column = line.partition("=")
        field = field.strip().lower()
        if not equals or field not in FIELDS:
            raise ValueError(f"'{line}' is not FIELD=COLUMN with FIELD one of {', '.join(FIELDS)}.")
        mapping[field] = column.strip()
    return mapping


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Org-chart file",
        help_text="CSV (any delimiter), XLSX or JSON, as the HR system exports it.",
    )
    mapping = forms.CharField(
        label="Column mapping (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "parent=Reports To\nname=Title"}),
        help_text="One FIELD=COLUMN a line; leave empty to detect the columns "
        "(or use the mapping remembered from the last import).",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 2**20:.1f} MB; the limit is "
                f"{MAX_UPLOAD_BYTES / 2**20:.0f} MB. Export fewer columns, or split it."
            )
        return upload

    def clean_mapping(self) -> dict[str, str] | None:
        try:
            return parse_mapping_lines(self.cleaned_data["mapping"].splitlines()) or None
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error


class MappingForm(forms.Form):
    """One select per field, offering the columns the file has."""

    def __init__(self, *args: Any, columns: list[str], mapping: dict[str, str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [(DETECT, "Detect"), (OFF, "Not in this file"), *((c, c) for c in columns)]
        for field in FIELDS:
            chosen = mapping.get(field)
            initial = DETECT if chosen is None else (chosen or OFF)
            self.fields[field] = forms.ChoiceField(
                label=field.replace("_", " ").capitalize(),
                choices=choices,
                required=False,
                initial=initial,
            )

    def mapping(self) -> dict[str, str]:
        """The chosen mapping: detected fields left out, switched-off fields mapped to ''."""
        chosen = {field: self.cleaned_data.get(field) or DETECT for field in FIELDS}
        return {
            field: "" if column == OFF else column
            for field, column in chosen.items()
            if column != DETECT
        }
