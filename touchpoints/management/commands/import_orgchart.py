from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from convergence.models import Workspace
from touchpoints.forms.imports import parse_mapping_lines
from touchpoints.importing import plan_import, summary_lines
from touchpoints.importing.jobs import preview_of, problems_of
from touchpoints.importing.plan import printable
from touchpoints.models import ImportJob, ImportMode, ImportStatus
from touchpoints.orgchart import FIELDS, parse_orgchart
from touchpoints.tasks import run_import


class Command(BaseCommand):
    help = (
        "Import an org-chart file (CSV, XLSX, XLS, JSON) into a workspace, synchronously. Prints "
        "what changes and every problem with its row; exits 1 when the file cannot be imported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--workspace", required=True, help="the workspace's slug")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help=f"use COLUMN for FIELD ({', '.join(FIELDS)}); an empty COLUMN turns the "
            "field off. A side column is read with --map side=COLUMN.",
        )
        parser.add_argument("--dry-run", action="store_true", help="show, change nothing")
        parser.add_argument(
            "--mode",
            choices=ImportMode.values,
            default=ImportMode.SYNC,
            help="sync: units missing from the file are retired (the default); add_update: "
            "new and changed units only, nothing is retired",
        )
        parser.add_argument(
            "--allow-retire",
            type=int,
            metavar="N",
            help="confirm an import that retires more than 10%% of the active units (or more "
            "than 50): it goes ahead if it retires at most N",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        workspace = Workspace.objects.filter(slug=options["workspace"]).first()
        if workspace is None:
            raise CommandError(f"No workspace '{options['workspace']}'.")
        path: Path = options["file"]
        try:
            data = path.read_bytes()
            mapping = parse_mapping_lines(options["map"]) or None
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        mode, allowed = options["mode"], options["allow_retire"]
        plan = plan_import(workspace.pk, parse_orgchart(data, path.name, mapping), mode)
        for line in summary_lines(plan):
            self.stdout.write(line)
        read = f"({plan.chart.source_rows} rows read; nothing changed)"
        if plan.refusal:
            raise CommandError(f"{plan.refusal} {read}")
        if options["dry_run"]:
            if plan.guard_refusal(allowed):
                self.stdout.write(plan.guard_refusal(allowed))
            self.stdout.write("Dry run: nothing was changed.")
            return
        if plan.guard_refusal(allowed):
            raise CommandError(f"{plan.guard_refusal(allowed)} {read}")
        job = ImportJob.objects.create(
            workspace=workspace,
            data=data,
            filename=printable(path.name)[:255] or "upload",
            mapping=mapping or {},
            mode=mode,
            allowed_retire=allowed,
            status=ImportStatus.QUEUED,
            preview=preview_of(plan),
            counts=plan.counts(),
            problems=problems_of(plan),
        )
        run_import(job.pk)
        job.refresh_from_db()
        if job.status != ImportStatus.APPLIED:
            raise CommandError(f"Import #{job.pk} failed: {job.error}")
        done = ", ".join(f"{count} {kind}" for kind, count in job.counts.items())
        self.stdout.write(f"Applied as import #{job.pk}: {done}.")
