"""The audit log's one entry point: `record(...)` after an administrative action succeeds.

Call it inside the same transaction as the change, so a rolled-back change leaves no entry.
`before` and `after` are small JSON-able dicts of the fields that changed (never a password, a
token or a secret: record its name or its last characters instead).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import Model, QuerySet

from convergence.models import AuditEntry, Workspace

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser, User


def record(
    *,
    workspace: Workspace | int | None,
    actor: User | AnonymousUser | None,
    action: str,
    target: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one entry: `action` is a dotted name such as "member.role_changed"."""
    user = actor if actor is not None and actor.is_authenticated else None
    workspace_id = workspace.pk if isinstance(workspace, Workspace) else workspace
    return AuditEntry.objects.create(
        workspace_id=workspace_id,
        actor=user,
        actor_label=user.get_username() if user is not None else "system",
        action=action,
        target=target[:300],
        before=before or {},
        after=after or {},
    )


def form_changes(form: forms.BaseForm) -> tuple[dict[str, Any], dict[str, Any]]:
    """What a bound, valid form changed: (before, after) of its changed fields, as text."""
    before = {name: _plain(_initial(form, name)) for name in form.changed_data}
    after = {name: _plain(form.cleaned_data.get(name)) for name in form.changed_data}
    return before, after


def _initial(form: forms.BaseForm, name: str) -> object:
    """The field's value before the change; chosen rows by name, as the cleaned value has them."""
    field = form.fields[name]
    value = form.get_initial_for_field(field, name)
    if isinstance(field, forms.BooleanField):
        return bool(value)  # an unset checkbox was off
    chosen = field.queryset if isinstance(field, forms.ModelChoiceField) else None
    if chosen is None or not value or isinstance(value, Model):
        return value
    if isinstance(field, forms.ModelMultipleChoiceField):
        return chosen.filter(pk__in=list(value))
    return chosen.filter(pk=value).first()


def _plain(value: object) -> Any:
    """A JSON-able stand-in: model instances by their name, collections item by item."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple | set | frozenset | QuerySet):
        return [_plain(item) for item in value]
    if isinstance(value, Model):
        return str(value)
    return str(value)
