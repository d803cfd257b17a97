"""Reading the audit log: an admin's filters, the page of entries, and the CSV export."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from convergence.cells import neutralise
from convergence.forms import choice_field
from convergence.models import AuditEntry, Workspace

EXPORT_HEADER = ("When (UTC)", "Who", "Action", "What", "Before", "After")


class AuditFilterForm(forms.Form):
    """The log's filters, read from the query string; an invalid one is ignored, never a 500."""

    action = forms.ChoiceField(required=False, label="Action")
    actor = forms.CharField(required=False, max_length=150, label="Who")
    since = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, workspace: Workspace, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        actions = workspace_entries(workspace).order_by("action").values_list("action", flat=True)
        choice_field(self, "action").choices = [
            ("", "Any action"),
            *((a, a) for a in actions.distinct()),
        ]
        self.workspace = workspace

    def entries(self) -> QuerySet[AuditEntry]:
        """The workspace's entries these filters keep, newest first (all of them when invalid)."""
        found = workspace_entries(self.workspace)
        if not self.is_valid():
            return found
        data = self.cleaned_data
        if data["action"]:
            found = found.filter(action=data["action"])
        if data["actor"]:
            found = found.filter(actor_label__icontains=data["actor"])
        if data["since"]:
            found = found.filter(created_at__gte=start_of(data["since"]))
        if data["until"]:
            found = found.filter(created_at__lt=start_of(data["until"]) + timedelta(days=1))
        return found


def workspace_entries(workspace: Workspace) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(workspace=workspace).order_by("-created_at", "-pk")


def start_of(day: date) -> datetime:
    """Midnight at the start of `day`, in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


class _Echo:
    """A file-like that hands back what csv writes, so rows stream one by one."""

    def write(self, value: str) -> str:
        return value


def export_rows(entries: QuerySet[AuditEntry]) -> Iterator[str]:
    """The entries as CSV lines (UTF-8 BOM first, for Excel), every cell neutralised."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(EXPORT_HEADER)
    for entry in entries.iterator(chunk_size=2000):
        row = (
            entry.created_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
            entry.actor_label,
            entry.action,
            entry.target,
            json.dumps(entry.before, ensure_ascii=False, sort_keys=True),
            json.dumps(entry.after, ensure_ascii=False, sort_keys=True),
        )
        yield writer.writerow([neutralise(cell) for cell in row])
