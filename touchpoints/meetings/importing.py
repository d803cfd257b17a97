"""One meeting import, all of it or nothing: store the new meetings, rebuild the suggestions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction

from convergence.models import Workspace
from touchpoints.meetings.occurrence import Occurrence, SkipReport
from touchpoints.meetings.refresh import refresh_suggestions
from touchpoints.meetings.store import Classifiers, store_occurrences


def import_occurrences(
    workspace_id: int,
    occurrences: Iterable[Occurrence],
    *,
    title_policy: str,
    classifiers: Classifiers,
    report: SkipReport,
    job_id: int | None = None,
    window: tuple[datetime, datetime] | None = None,
) -> Counter[str]:
    """Store the occurrences worth keeping and, when any was new, rebuild the suggestions.

    One transaction, the workspace row locked: imports of one workspace run one at a time, and
    one that fails (an unreadable file half-way) leaves everything as it was.
    """
    with transaction.atomic():
        Workspace.objects.select_for_update().filter(pk=workspace_id).first()
        counts = store_occurrences(
            workspace_id,
            occurrences,
            job_id=job_id,
            title_policy=title_policy,
            classifiers=classifiers,
            report=report,
            window=window,
        )
        if counts["new"]:
            counts["suggestions"] = refresh_suggestions(workspace_id, classifiers.level)
    return counts
