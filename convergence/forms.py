from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.db.models import QuerySet
from django.utils.text import slugify

from convergence.members import user_exists
from convergence.models import Role, Workspace


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField[Any]:
    """The form's field `name`, typed as the model choice field it is (so that its queryset can
    be scoped to a workspace): django-stubs types `form.fields` as plain `Field`s."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a model choice field")
    return field


def choices_of(form: forms.BaseForm, name: str) -> QuerySet[Any]:
    """The queryset the form's model choice field `name` offers now."""
    queryset = model_choice_field(form, name).queryset
    if queryset is None:
        raise TypeError(f"{type(form).__name__}.{name} offers no queryset yet")
    return queryset


def choice_field(form: forms.BaseForm, name: str) -> forms.ChoiceField:
    """The form's field `name`, typed as the choice field it is (see model_choice_field)."""
    field = form.fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a choice field")
    return field


class AddMemberForm(forms.Form):
    """Add a person by username; a new name needs a first password to create the account."""

    username = forms.CharField(max_length=150)
    role = forms.ChoiceField(choices=Role.choices, initial=Role.VIEWER)
    password = forms.CharField(
        widget=forms.PasswordInput,
        required=False,
        help_text="Only for a new account: tell the person, who can change it later.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        username, password = cleaned.get("username"), cleaned.get("password", "")
        if username and not user_exists(username):
            if not password:
                self.add_error("password", f"No account '{username}' yet: give it a password.")
            else:
                try:
                    validate_password(password)
                except forms.ValidationError as error:
                    self.add_error("password", error)
        return cleaned


class WorkspaceForm(forms.Form):
    """Name a new workspace; its address is derived from the name unless given."""

    name = forms.CharField(max_length=200)
    slug = forms.SlugField(
        max_length=60,
        required=False,
        label="Short name for addresses",
        help_text="Letters, digits and hyphens; left empty, it is made from the name.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        slug = cleaned.get("slug") or slugify(cleaned.get("name", ""))[:60]
        if not slug:
            self.add_error("slug", "Give a short name made of letters, digits and hyphens.")
        elif Workspace.objects.filter(slug=slug).exists():
            self.add_error("slug", f"The short name '{slug}' is taken: choose another.")
        cleaned["slug"] = slug
        return cleaned


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
