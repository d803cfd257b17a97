"""Meeting import jobs end to end: store an upload, read it in the worker, say what happened."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any, Protocol
from zoneinfo import ZoneInfo, available_timezones

from django.db import transaction
from django.utils import timezone

from convergence import audit
from convergence.models import Workspace
from touchpoints.meetings.importing import import_occurrences
from touchpoints.meetings.occurrence import Occurrence, SkipReport
from touchpoints.meetings.store import Classifiers
from touchpoints.models import MeetingImport, MeetingImportFile, TitlePolicy

# The default window: the last six months.
WINDOW = dt.timedelta(days=183)
Progress = Callable[[int, str], None]
# Within a big file, the step says how far the reader got this often.
PROGRESS_EVERY = 5000


class Reader(Protocol):
    """touchpoints.meetings.reading.read_calendar_files, or a stand-in for it."""

    def __call__(
        self,
        files: Iterable[tuple[str, bytes]],
        *,
        since: dt.datetime,
        until: dt.datetime,
        report: SkipReport,
        floating: dt.tzinfo = ...,
        names: Mapping[str, str] | None = None,
    ) -> Iterator[Occurrence]: ...


@cache
def time_zone_names() -> tuple[str, ...]:
    """Every zoneinfo name ("Europe/Brussels"), sorted, for the upload form and the command."""
    return tuple(sorted(available_timezones()))


def default_window(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    until = today or timezone.localdate()
    return until - WINDOW, until


@transaction.atomic
def store_upload(
    workspace: Workspace,
    files: Sequence[tuple[str, bytes]],
    *,
    since: dt.date,
    until: dt.date,
    title_policy: str = TitlePolicy.KEEP,
    time_zone: str | None = None,
    user: Any = None,
) -> MeetingImport:
    """Store the uploaded files, unread, as a queued job (the worker reads them); `time_zone`
    (a zoneinfo name, default the server's) is what times without a zone mean."""
    names = ", ".join(name for name, _ in files)
    job = MeetingImport.objects.create(
        workspace=workspace,
        filenames=names[:1000],
        since=since,
        until=until,
        title_policy=title_policy,
        time_zone=time_zone or timezone.get_default_timezone_name(),
        step="Waiting for a worker",
        queued_at=timezone.now(),
        created_by=user,
    )
    MeetingImportFile.objects.bulk_create(
        MeetingImportFile(job=job, name=name[:255], data=data) for name, data in files
    )
    audit.record(
        workspace=workspace,
        actor=user,
        action="meetings.imported",
        target=f"meeting import #{job.pk}",
        after={"files": names[:300], "since": str(since), "until": str(until)}
        | {"titles": title_policy, "time_zone": job.time_zone},
    )
    return job


def zone_of(job: MeetingImport) -> ZoneInfo:
    return ZoneInfo(job.time_zone)


def window_of(job: MeetingImport) -> tuple[dt.datetime, dt.datetime]:
    """The job's dates as the reader's [since, until): from the first day's start to the end
    of the last day, in the job's time zone."""
    zone = zone_of(job)
    since = dt.datetime.combine(job.since, dt.time.min, zone)
    until = dt.datetime.combine(job.until + dt.timedelta(days=1), dt.time.min, zone)
    return since, until


def read_files(
    job: MeetingImport,
    reader: Reader,
    report: SkipReport,
    progress: Progress,
    names: Mapping[str, str],
) -> Iterator[Occurrence]:
    """Every occurrence of the job's files in its window; `names` gives the e-mail of the
    people CSV exports name by display name. The reader takes the files one at a time (the
    progress steps), and reads an occurrence found in two files once."""
    since, until = window_of(job)
    stored = list(job.files.values_list("pk", "name"))
    percent, current = 5, ""  # the file being read

    def files() -> Iterator[tuple[str, bytes]]:
        nonlocal percent, current
        for done, (pk, name) in enumerate(stored):
            percent, current = 5 + 80 * done // len(stored), name
            progress(percent, f"Reading {name}")
            yield name, bytes(MeetingImportFile.objects.values_list("data", flat=True).get(pk=pk))
        progress(90, "Finding the touch points")

    found = reader(
        files(), since=since, until=until, report=report, floating=zone_of(job), names=names
    )
    for count, occurrence in enumerate(found, 1):
        if count % PROGRESS_EVERY == 0:
            progress(percent, f"Reading {current}: {count:,} occurrences so far")
        yield occurrence


def run_import(
    job: MeetingImport,
    *,
    reader: Reader,
    classifiers: Classifiers,
    progress: Progress,
    names: Mapping[str, str] | None = None,
) -> tuple[Counter[str], SkipReport]:
    """Read the job's files and import their meetings (all of it or nothing)."""
    report = SkipReport()
    counts = import_occurrences(
        job.workspace_id,
        read_files(job, reader, report, progress, names or {}),
        title_policy=job.title_policy,
        classifiers=classifiers,
        report=report,
        job_id=job.pk,
        window=window_of(job),
    )
    return counts, report


# (count key, label for one, label for any other number)
COUNT_LABELS = [
    ("occurrences", "occurrence read in the window", "occurrences read in the window"),
    (
        "new",
        "meeting kept (business and IT people together)",
        "meetings kept (business and IT people together)",
    ),
    ("already_imported", "already imported", "already imported"),
    (
        "no_pair",
        "without a business-IT pair (nothing kept)",
        "without a business-IT pair (nothing kept)",
    ),
    ("unknown_people", "person not in the directory", "people not in the directory"),
    ("suggestions", "pair and level suggested", "pairs and levels suggested"),
]


def counted(count: int, one: str, many: str) -> str:
    """ "1 meeting kept", "4,537 occurrences read"."""
    return f"{count:,} {one if count == 1 else many}"


def summary_lines(job: MeetingImport) -> list[str]:
    """What the job did, as the job page and the command line say it."""
    lines = [counted(job.counts.get(key, 0), one, many) for key, one, many in COUNT_LABELS]
    for reason, skipped in job.skipped.items():
        examples = ", ".join(skipped.get("examples", []))
        lines.append(
            f"skipped, {reason}: {skipped.get('count', 0):,}"
            + (f" ({examples})" if examples else "")
        )
    return lines
