"""Time org-chart imports end to end (parse + plan + apply) into PostgreSQL, beside a COPY floor.

    DATABASE_URL=postgres://... .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/bench_import.py [--folder DIR]
        [--people 50000] [--units 20000] [--seed 7] [--repeat 3] [--json FILE] [--trace]

Generates a people-by-manager file and a units-by-parent file with make_orgchart_files.py (into
a temporary folder unless --folder already holds them), then imports each --repeat times, each
time into a new throwaway workspace (a first import creating everything), and once more into the
last one (a re-import that changes nothing). The anchor is PostgreSQL COPY of the same rows (the
units and people the first import wrote) into another workspace, rolled back
(benchmarks/anchors.py), measured --repeat times in the same run. Prints the figures, the
PostgreSQL settings, and the process's peak RSS; --json FILE writes them as
`import.people_50k` and `import.units_20k` (benchmarks/measures.py); --trace adds the peak
traced memory of one more first import (tracemalloc slows Python down, so it is not timed).
The workspaces are deleted at the end.
"""

import argparse
import os
import random
import sys
import tempfile
import time
import tracemalloc
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convergence.settings")

import django  # noqa: E402

django.setup()

from anchors import copy_floor  # noqa: E402
from django.db import connection  # noqa: E402
from make_orgchart_files import write_people, write_units  # noqa: E402
from measures import (  # noqa: E402
    Measure,
    measure,
    peak_rss_mb,
    postgres_settings,
    print_table,
    settings_line,
    write_json,
)

from convergence.models import Workspace  # noqa: E402
from touchpoints.importing import ImportPlan, apply_import  # noqa: E402
from touchpoints.models import ImportJob, OrgUnit, Person  # noqa: E402

FILES = {"people-by-manager.csv": "import.people_50k", "units-by-parent.csv": "import.units_20k"}


def ensure_files(folder: Path, people: int, units: int, seed: int) -> None:
    if all((folder / name).exists() for name in FILES):
        return
    rng = random.Random(seed)
    people_file, units_file = (folder / name for name in FILES)
    write_people(people_file, people, rng)
    write_units(units_file, units, rng)


def throwaway_workspace() -> Workspace:
    slug = f"bench-import-{uuid.uuid4().hex[:8]}"
    return Workspace.objects.create(slug=slug, name=slug)


def import_once(workspace: Workspace, data: bytes, name: str) -> tuple[float, ImportPlan]:
    job = ImportJob.objects.create(workspace=workspace, data=data, filename=name)
    started = time.perf_counter()
    plan = apply_import(job)
    return time.perf_counter() - started, plan


def drop(workspace: Workspace) -> None:
    # Deleting 20,000 units through the ORM's collector takes longer than importing them.
    with connection.cursor() as cursor:
        for model in (Person, OrgUnit):
            table = model._meta.db_table
            cursor.execute(f"DELETE FROM {table} WHERE workspace_id = %s", [workspace.pk])
    workspace.delete()


def report_line(path: Path, run: str, elapsed: float, plan: ImportPlan) -> None:
    rows = plan.chart.source_rows
    changed = {kind: n for kind, n in plan.counts().items() if n}
    print(
        f"{path.name:24} {run:12} {rows:>7} rows -> {len(plan.targets):>6} units "
        f"in {elapsed:6.2f} s = {rows / elapsed:>9,.0f} rows/s  {changed}",
        flush=True,
    )


def bench_file(path: Path, name: str, repeat: int) -> Measure:
    data = path.read_bytes()
    times: list[float] = []
    floors: list[float] = []
    workspaces = []
    try:
        for _ in range(repeat):
            workspaces.append(workspace := throwaway_workspace())
            elapsed, plan = import_once(workspace, data, path.name)
            times.append(elapsed)
            report_line(path, "first import", elapsed, plan)
        for _ in range(repeat):
            floor, rows = copy_floor(workspaces[-1].pk)
            floors.append(floor)
        print(f"{path.name:24} COPY floor of the same {rows} rows: {min(floors):.2f} s", flush=True)
        elapsed, plan = import_once(workspaces[-1], data, path.name)
        report_line(path, "re-import", elapsed, plan)
    finally:
        for workspace in workspaces:
            drop(workspace)
    return measure(name, times, "postgres COPY", floors)


def traced(path: Path) -> None:
    workspace = throwaway_workspace()
    try:
        tracemalloc.start()
        import_once(workspace, path.read_bytes(), path.name)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"{path.name:24} peak traced memory of a first import: {peak / 2**20:.0f} MiB")
    finally:
        drop(workspace)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--units", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--trace", action="store_true")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (migrated) to run this benchmark.")
    with connection.cursor() as cursor:
        settings = postgres_settings(cursor)
    print(settings_line(settings), flush=True)
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.folder or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        ensure_files(folder, args.people, args.units, args.seed)
        measures = [bench_file(folder / file, name, args.repeat) for file, name in FILES.items()]
        if args.trace:
            for file in FILES:
                traced(folder / file)
    print_table(m.as_json() for m in measures)
    print(f"peak RSS of the process: {peak_rss_mb():.0f} MiB")
    if args.json:
        write_json(args.json, measures, settings)


if __name__ == "__main__":
    main()
