"""Forms of the org-chart import: the upload and the column mapping."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings

from touchpoints.models import ImportMode
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
        help_text="CSV (any delimiter), XLSX, legacy XLS or JSON, as the HR system exports it.",
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


def column_label(column: str, first: list[str]) -> str:
    """`Post Unique Reference (55, 95, 47…)`: a column as the drop-down shows it."""
    return f"{column} ({', '.join(first)}…)" if first else f"{column} (empty)"


def detection_note(preview: dict[str, Any], field: str) -> str:
    """What detection took for `field` and why, and the next candidates."""
    column = (preview.get("mapping") or {}).get(field)
    if not column:
        return ""
    why = (preview.get("reasons") or {}).get(field, "")
    others = (preview.get("alternatives") or {}).get(field) or []
    note = f"Taken: '{column}'" + (f", because {why}." if why else ".")
    return note + (f" Next candidates: {', '.join(others)}." if others else "")


class ApplyForm(forms.Form):
    """Apply; past the retirement guard, the number of units retired must be typed."""

    confirm_retire = forms.IntegerField(
        label="Type the number of units this import retires", required=False, min_value=0
    )

    def __init__(self, *args: Any, preview: dict[str, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.retiring = int(preview.get("retiring") or 0)
        self.guarded = bool(preview.get("needs_confirmation"))
        self.refusal = (
            f"This import retires {self.retiring} units: type {self.retiring} to confirm."
        )
        self.fields["confirm_retire"].error_messages["invalid"] = self.refusal

    def clean_confirm_retire(self) -> int | None:
        if self.guarded and self.cleaned_data.get("confirm_retire") != self.retiring:
            raise forms.ValidationError(self.refusal)
        return self.retiring if self.guarded else None


class MappingForm(forms.Form):
    """One select per field offering the file's columns with their first values, each field
    saying which column was detected and why, and the import mode."""

    def __init__(
        self,
        *args: Any,
        preview: dict[str, Any],
        mapping: dict[str, str],
        mode: str = ImportMode.SYNC,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        samples: dict[str, list[str]] = preview.get("samples") or {}
        columns = [(c, column_label(c, samples.get(c, []))) for c in preview.get("columns", [])]
        choices = [(DETECT, "Detect"), (OFF, "Not in this file"), *columns]
        for field in FIELDS:
            chosen = mapping.get(field)
            self.fields[field] = forms.ChoiceField(
                label=field.replace("_", " ").capitalize(),
                choices=choices,
                required=False,
                initial=DETECT if chosen is None else (chosen or OFF),
                help_text=detection_note(preview, field),
            )
        self.fields["mode"] = forms.ChoiceField(
            label="Import mode",
            choices=ImportMode.choices,
            initial=mode,
            required=False,
            help_text="A full sync retires the units the file no longer lists; "
            "add and update only never retires.",
        )

    def mode(self) -> str:
        return str(self.cleaned_data.get("mode") or ImportMode.SYNC)

    def mapping(self) -> dict[str, str]:
        """The chosen mapping: detected fields left out, switched-off fields mapped to ''."""
        chosen = {field: self.cleaned_data.get(field) or DETECT for field in FIELDS}
        return {
            field: "" if column == OFF else column
            for field, column in chosen.items()
            if column != DETECT
        }
