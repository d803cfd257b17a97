"""Import every real file of ../shared/data/orgcharts end to end, with no mapping, and print units,
roots, levels, orphans, rejected rows, retired units and the wall time of each.

    DATABASE_URL=postgres://... .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/bench_real_orgcharts.py [--folder DIR]

Each file goes into a throwaway workspace of its own; a UK junior sheet goes into the workspace
of its senior sheet, after it (it must retire nothing). The workspaces are deleted at the end.
"""

import argparse
import os
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convergence.settings")

import django  # noqa: E402

django.setup()

from convergence.models import Workspace  # noqa: E402
from touchpoints.importing import ImportRefused, apply_import  # noqa: E402
from touchpoints.models import ImportJob, OrgUnit  # noqa: E402

FOLDER = ROOT.parent / "shared" / "data" / "orgcharts"
# Junior sheet -> its senior sheet, imported first into the same workspace.
AFTER = {
    "uk-organogram-dft-2011-09-30-junior.csv": "uk-organogram-dft-2011-09-30-senior.csv",
    "uk-organogram-hm-treasury-2013-09-junior.csv": "uk-organogram-hm-treasury-2013-09-senior.csv",
}


def import_file(workspace: Workspace, path: Path) -> tuple[float, str]:
    job = ImportJob.objects.create(workspace=workspace, data=path.read_bytes(), filename=path.name)
    started = time.perf_counter()
    try:
        plan = apply_import(job)
    except ImportRefused as refused:
        return time.perf_counter() - started, f"refused: {str(refused)[:110]}…"
    elapsed = time.perf_counter() - started
    return elapsed, f"{plan.orphans} orphans, {plan.rejected} rejected, {len(plan.retire)} retired"


def figures(workspace: Workspace) -> str:
    active = OrgUnit.objects.filter(workspace=workspace, is_active=True)
    depths = list(active.values_list("depth", flat=True))
    roots = active.filter(parent=None).count()
    return f"{len(depths):>5} units {roots:>4} roots {max(depths, default=-1) + 1:>2} levels"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", type=Path, default=FOLDER)
    folder = parser.parse_args().folder
    if not folder.is_dir():
        sys.exit(f"{folder} is absent")
    workspaces = []
    try:
        for path in sorted(folder.glob("*.csv")):
            workspace = Workspace.objects.create(slug=f"real-{uuid.uuid4().hex[:8]}", name="Real")
            workspaces.append(workspace)
            if path.name in AFTER:
                import_file(workspace, folder / AFTER[path.name])
            elapsed, outcome = import_file(workspace, path)
            print(f"{path.name:<46} {figures(workspace)}  {elapsed:6.2f} s  {outcome}")
    finally:
        for workspace in workspaces:
            OrgUnit.objects.filter(workspace=workspace).update(parent=None)
            workspace.delete()


if __name__ == "__main__":
    main()
