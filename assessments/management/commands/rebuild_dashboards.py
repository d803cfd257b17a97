"""Rebuild the dashboards' read model now, in this process (PostgreSQL)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from assessments.dashboard.readmodel.build import rebuild
from convergence.models import Workspace


class Command(BaseCommand):
    help = "Rebuild the dashboards' rolled-up rows of one workspace (or of every workspace)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--workspace", help="the workspace's slug (default: every one)")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("The read model needs PostgreSQL; on SQLite panels compute live.")
        workspaces = Workspace.objects.order_by("slug")
        if options["workspace"]:
            workspaces = workspaces.filter(slug=options["workspace"])
            if not workspaces.exists():
                raise CommandError(f"No workspace {options['workspace']!r}")
        for workspace in workspaces:
            state = rebuild(workspace.pk)
            self.stdout.write(
                f"{workspace.slug}: {state.touchpoints} current touch points rolled up"
                f" in {state.build_seconds:.1f} s (as of {state.as_of:%Y-%m-%d %H:%M:%S})"
            )
