from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password

from convergence.members import user_exists
from convergence.models import Role


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


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
