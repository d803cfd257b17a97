"""Forms of the API: a new token, and running an app's own form on API input so that the API
validates exactly as the web page does and answers its messages (422, errors per field)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.db.models import Model
from django.forms.models import model_to_dict
from django.utils import timezone
from ninja import Schema
from pydantic import ConfigDict, field_validator

from convergence.api.errors import FormInvalid


class Body(Schema):
    """A request body: JSON types taken strictly (false is not 0, "3" is not 3); the values then
    go to the app's form, which checks them as the web page does."""

    model_config = ConfigDict(strict=True)

    @field_validator("*", mode="before")
    @classmethod
    def text_is_unicode(cls, value: Any) -> Any:
        """JSON may carry a lone surrogate ("\\ud800"), which no form post can and no database
        stores: refused here (422) rather than failing at the save."""
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("Text must be valid Unicode (a lone surrogate is not).") from None
        return value


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="What the token is for, e.g. “Power BI refresh”."
    )
    expires_on = forms.DateField(
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        label="Expires on (optional)",
        help_text="The token stops working at the start of this day (UTC); empty: never.",
    )

    def clean_expires_on(self) -> datetime.date | None:
        day: datetime.date | None = self.cleaned_data.get("expires_on")
        if day is not None and day <= timezone.now().date():
            raise forms.ValidationError("Choose a day after today.")
        return day

    def expires_at(self) -> datetime.datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return datetime.datetime.combine(day, datetime.time.min, tzinfo=datetime.UTC)


def form_values(instance: Model, fields: Iterable[str]) -> dict[str, Any]:
    """An object's stored values as a form would post them (related rows by primary key,
    empty values as ""), the base a partial update lays its changes over."""
    return posted(model_to_dict(instance, fields=list(fields)))


def checked[FormT: forms.BaseForm](form: FormT) -> FormT:
    """The bound form if it is valid; otherwise FormInvalid, answered 422 with its messages."""
    if not form.is_valid():
        raise FormInvalid(form)
    return form


def posted(changes: Mapping[str, Any]) -> dict[str, Any]:
    """API values as form data: None is an empty field, as an empty input posts it."""
    return {name: "" if value is None else value for name, value in changes.items()}
