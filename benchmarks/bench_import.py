"""Time org-chart imports end to end (parse + plan + apply + refresh_tree) into PostgreSQL.

    DATABASE_URL=postgres://... .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/bench_import.py [--folder DIR]
        [--people 50000] [--units 20000] [--seed 7]

Generates a people-by-manager file and a units-by-parent file with make_orgchart_files.py (into
a temporary folder unless --folder already holds them), then imports each into a throwaway
workspace twice: the first run creates everything, the second is a re-import that changes
nothing. Prints wall time and rows per second per run, then the peak traced memory of one more
first import (tracemalloc slows Python down, so it is not timed) and the process's peak RSS.
The workspaces are deleted at the end.
"""

import argparse
import os
import random
import resource
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

from django.db import connection  # noqa: E402
from make_orgchart_files import write_people, write_units  # noqa: E402

from convergence.models import Workspace  # noqa: E402
from touchpoints.importing import ImportPlan, apply_import  # noqa: E402
from touchpoints.models import ImportJob, OrgUnit  # noqa: E402

FILES = ("people-by-manager.csv", "units-by-parent.csv")


def ensure_files(folder: Path, people: int, units: int, seed: int) -> None:
    if all((folder / name).exists() for name in FILES):
        return
    rng = random.Random(seed)
    write_people(folder / FILES[0], people, rng)
    write_units(folder / FILES[1], units, rng)


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
        cursor.execute(
            f"DELETE FROM {OrgUnit._meta.db_table} WHERE workspace_id = %s", [workspace.pk]
        )
    workspace.delete()


def bench_file(path: Path) -> None:
    data = path.read_bytes()
    workspace = throwaway_workspace()
    try:
        for run in ("first import", "re-import"):
            elapsed, plan = import_once(workspace, data, path.name)
            rows = plan.chart.source_rows
            changed = {kind: n for kind, n in plan.counts().items() if n}
            print(
                f"{path.name:24} {run:12} {rows:>7} rows -> {len(plan.targets):>6} units "
                f"in {elapsed:6.2f} s = {rows / elapsed:>9,.0f} rows/s  {changed}"
            )
    finally:
        drop(workspace)
    workspace = throwaway_workspace()
    try:
        tracemalloc.start()
        import_once(workspace, data, path.name)
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
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a PostgreSQL database (migrated) to run this benchmark.")
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.folder or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        ensure_files(folder, args.people, args.units, args.seed)
        for name in FILES:
            bench_file(folder / name)
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the process: {peak_rss:.0f} MiB")


if __name__ == "__main__":
    main()
