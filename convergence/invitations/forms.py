from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import UserCreationForm

from convergence.models import Invitation, Role, Workspace


class InviteForm(forms.Form):
    """An e-mail address and the role it joins with."""

    email = forms.EmailField(max_length=254)
    role = forms.ChoiceField(choices=Role.choices, initial=Role.VIEWER)

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workspace = workspace

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        if self.workspace.memberships.filter(user__email__iexact=email).exists():
            raise forms.ValidationError(f"{email} already belongs to this workspace.")
        pending = Invitation.objects.pending().filter(workspace=self.workspace)
        if pending.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                f"{email} has a pending invitation: revoke it first to send a new one."
            )
        return email


class NewAccountForm(UserCreationForm):  # type: ignore[type-arg]  # django-stubs: User implied
    """The invitee's new account: a username and a password typed twice."""
