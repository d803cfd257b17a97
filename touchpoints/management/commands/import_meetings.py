import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from convergence.models import Workspace
from touchpoints.meetings.jobs import (
    default_window,
    store_upload,
    summary_lines,
    time_zone_names,
)
from touchpoints.meetings.tasks import import_meetings
from touchpoints.models import MeetingImport, MeetingImportStatus, TitlePolicy


def a_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise CommandError(f"'{text}' is not a date (YYYY-MM-DD).") from error


def a_time_zone(text: str | None) -> str | None:
    if text is not None and text not in time_zone_names():
        raise CommandError(f"'{text}' is not a time zone name (like Europe/Brussels or UTC).")
    return text


class Command(BaseCommand):
    help = (
        "Import calendar files (.ics, a zip of them, Outlook CSV) into a workspace, synchronously: "
        "the meetings that join business and IT people become suggested touch points. Prints "
        "what was kept and skipped; exits 1 when the import fails."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument("--workspace", required=True, help="the workspace's slug")
        parser.add_argument("--since", type=a_date, help="first day (default: 6 months ago)")
        parser.add_argument("--until", type=a_date, help="last day (default: today)")
        parser.add_argument(
            "--titles",
            choices=TitlePolicy.values,
            default=TitlePolicy.KEEP,
            help="keep the meeting titles, keep only a hash of each, or drop them",
        )
        parser.add_argument(
            "--time-zone",
            help="zone of the times given without one (Outlook CSV, floating .ics times) and "
            "of --since/--until (default: the server's TIME_ZONE)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        time_zone = a_time_zone(options["time_zone"])
        workspace = Workspace.objects.filter(slug=options["workspace"]).first()
        if workspace is None:
            raise CommandError(f"No workspace '{options['workspace']}'.")
        try:
            files = [(path.name, path.read_bytes()) for path in options["files"]]
        except OSError as error:
            raise CommandError(str(error)) from error
        since, until = default_window()
        since, until = options["since"] or since, options["until"] or until
        if since > until:
            raise CommandError("--since is after --until.")
        job = store_upload(
            workspace,
            files,
            since=since,
            until=until,
            title_policy=options["titles"],
            time_zone=time_zone,
        )
        import_meetings(job.pk)
        job = MeetingImport.objects.get(pk=job.pk)
        if job.status != MeetingImportStatus.DONE:
            raise CommandError(job.error or f"Meeting import #{job.pk} did not finish.")
        self.stdout.write(f"Meeting import #{job.pk}, {since} to {until} ({job.time_zone})")
        for line in summary_lines(job):
            self.stdout.write(f"  {line}")
