"""Time a meeting import end to end: a year of a 2,000-person organisation's calendars (about
100,000 occurrences) read, kept where business and IT meet, and turned into suggestions.

    DATABASE_URL=postgres://... .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://... nice -n 10 .venv/bin/python benchmarks/bench_meetings.py
        [--people 2000] [--occurrences 100000] [--files 20] [--json FILE]

Builds a throwaway workspace (40 business units under 4 divisions, 10 IT teams, --people
people: a fifth in IT, heads, managers and staff), writes the year's calendars with
tests/meetings/calendars.busy_year into --files .ics files in one zip, stores the upload, then
runs the import task (touchpoints.meetings.tasks.import_meetings: reader, rule tables, bulk
writes, the suggestions' rebuild) in a fresh process, so that its peak memory (ru_maxrss,
`peak_mb`) is the import's and not the generator's; then once more with the same files (a
re-import, which adds nothing). The anchor is PostgreSQL COPY of the meetings and attendee rows
the import wrote into empty copies of their tables (indexes included), in the same run.
--json FILE writes `import.meetings_100k` and `import.meetings_100k_again` (the re-import;
benchmarks/measures.py); benchmarks/run_all.py runs it.
The workspace is deleted at the end.
"""

import argparse
import io
import json
import os
import random
import subprocess
import sys
import time
import uuid
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convergence.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from measures import measure, postgres_settings, print_table, settings_line, write_json  # noqa: E402

from convergence.models import Workspace  # noqa: E402
from tests.meetings.calendars import busy_year, ics_bytes, zip_bytes  # noqa: E402
from touchpoints.derived_tree import refresh_tree  # noqa: E402
from touchpoints.meetings.jobs import store_upload  # noqa: E402
from touchpoints.meetings.tasks import import_meetings  # noqa: E402
from touchpoints.models import (  # noqa: E402
    Meeting,
    MeetingAttendee,
    MeetingImport,
    OrgUnit,
    Person,
    PersonSource,
    Side,
    Suggestion,
)

SINCE, UNTIL = date(2025, 1, 6), date(2026, 1, 4)
TITLES = ["Head of {}", "{} Manager", "Analyst", "Engineer", "Officer", "Specialist", "Clerk"]


def organisation(people: int, seed: int = 5) -> tuple[Workspace, list[str]]:
    """The workspace and its people's e-mails (a fifth of them in IT teams)."""
    rng = random.Random(seed)
    slug = f"bench-meetings-{uuid.uuid4().hex[:8]}"
    workspace = Workspace.objects.create(slug=slug, name=slug)

    def unit(code: str, name: str, parent: OrgUnit | None = None, **extra: object) -> OrgUnit:
        return OrgUnit.objects.create(
            workspace=workspace, code=code, name=name, parent=parent, **extra
        )

    group = unit("G", "Group")
    business = [
        unit(f"B{d}.{n}", f"Division {d} team {n}", division)
        for d, division in ((d, unit(f"B{d}", f"Division {d}", group)) for d in range(4))
        for n in range(10)
    ]
    it_root = unit("IT", "IT", side_mark=Side.IT)
    teams = [unit(f"IT{n}", f"IT team {n}", it_root) for n in range(10)]
    refresh_tree(workspace.pk)
    emails = [f"person{index}@example.com" for index in range(people)]
    Person.objects.bulk_create(
        Person(
            workspace=workspace,
            unit=teams[i % len(teams)] if i % 5 == 0 else business[i % len(business)],
            name=f"Person {i}",
            email=email,
            title=rng.choice(TITLES).format("Finance"),
            source=PersonSource.UPLOAD,
        )
        for i, email in enumerate(emails)
    )
    return workspace, emails


def calendars(emails: list[str], occurrences: int, files: int) -> bytes:
    meetings = busy_year(emails, occurrences=occurrences)
    return zip_bytes({f"calendar-{n}.ics": ics_bytes(*meetings[n::files]) for n in range(files)})


def run_child(job_id: int) -> dict[str, float]:
    """The import task in a fresh process: its wall time, CPU time (the child's, Django's
    start included) and peak memory."""
    child = [sys.executable, __file__, "--measure", str(job_id)]
    done = subprocess.run(child, check=True, capture_output=True, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def measure_in_this_process(job_id: int) -> None:
    import resource

    started = time.perf_counter()
    outcome = import_meetings(job_id)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
    print(json.dumps({"seconds": seconds, "cpu_s": cpu, "peak_mb": peak, "outcome": outcome}))


def copy_floor(workspace_id: int) -> float:
    """COPY the workspace's meetings and attendee rows into empty copies of their tables."""
    meetings = Meeting._meta.db_table
    of_workspace = f"workspace_id = {int(workspace_id)}"
    wheres = {
        meetings: of_workspace,
        MeetingAttendee._meta.db_table: (
            f"meeting_id IN (SELECT id FROM {meetings} WHERE {of_workspace})"
        ),
    }
    dumps = []
    with connection.cursor() as cursor:
        for table, where in wheres.items():
            buffer = io.StringIO()
            cursor.cursor.copy_expert(
                f"COPY (SELECT * FROM {table} WHERE {where}) TO STDOUT", buffer
            )
            dumps.append((table, buffer.getvalue()))
    with transaction.atomic(), connection.cursor() as cursor:
        for table, _ in dumps:
            cursor.execute(f"CREATE TEMP TABLE floor_{table} (LIKE {table} INCLUDING ALL)")
        started = time.perf_counter()
        for table, text in dumps:
            cursor.cursor.copy_expert(f"COPY floor_{table} FROM STDIN", io.StringIO(text))
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return elapsed


def drop(workspace: Workspace) -> None:
    with connection.cursor() as cursor:
        meetings = Meeting._meta.db_table
        cursor.execute(
            f"DELETE FROM {MeetingAttendee._meta.db_table} WHERE meeting_id IN "
            f"(SELECT id FROM {meetings} WHERE workspace_id = %s)",
            [workspace.pk],
        )
        for model in (Meeting, Suggestion, Person, OrgUnit):
            cursor.execute(
                f"DELETE FROM {model._meta.db_table} WHERE workspace_id = %s", [workspace.pk]
            )
    workspace.delete()


def described(run: str, got: dict[str, float], counts: object) -> str:
    return (
        f"{run}: {got['seconds']:.1f} s ({got['cpu_s']:.1f} s CPU), "
        f"peak {got['peak_mb']:.0f} MiB, {counts}"
    )


def import_job(workspace: Workspace, data: bytes) -> int:
    job = store_upload(workspace, [("year.zip", data)], since=SINCE, until=UNTIL)
    return job.pk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--occurrences", type=int, default=100_000)
    parser.add_argument("--files", type=int, default=20)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure_in_this_process(args.measure)
        return
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (migrated) to run this benchmark.")
    with connection.cursor() as cursor:
        settings = postgres_settings(cursor)
    print(settings_line(settings), flush=True)
    workspace, emails = organisation(args.people)
    try:
        data = calendars(emails, args.occurrences, args.files)
        print(
            f"calendars: {len(data) / 2**20:.1f} MiB zipped in {args.files} .ics files", flush=True
        )
        first = run_child(import_job(workspace, data))
        job = MeetingImport.objects.filter(workspace=workspace).first()
        assert job is not None and job.status == "done", job and job.error
        print(described("first import", first, job.counts), flush=True)
        again = run_child(import_job(workspace, data))
        rerun = MeetingImport.objects.filter(workspace=workspace).first()
        assert rerun is not None
        print(described("re-import", again, rerun.counts), flush=True)
        floors = [copy_floor(workspace.pk) for _ in range(3)]
        rows = job.counts.get("new", 0)
        print(
            f"COPY floor of the {rows} meetings and their attendees: {min(floors):.2f} s",
            flush=True,
        )
    finally:
        drop(workspace)
    measures = [
        measure(
            "import.meetings_100k", [first["seconds"]], "postgres COPY", floors, first["peak_mb"]
        ),
        measure(
            "import.meetings_100k_again",
            [again["seconds"]],
            "postgres COPY",
            floors,
            again["peak_mb"],
        ),
    ]
    print_table(m.as_json() for m in measures)
    if args.json:
        write_json(args.json, measures, settings)


if __name__ == "__main__":
    main()
